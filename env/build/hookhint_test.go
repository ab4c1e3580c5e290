package build

import (
	"strings"
	"testing"
)

// A build that fails on Debian's patched setuptools is not blamed on the
// project (issue 17, item 2).
func TestHintForDebianSetuptoolsFailure(t *testing.T) {
	for _, e := range []*HookError{
		{Backend: "setuptools.build_meta:__legacy__", Hook: "build_wheel", Kind: "hook-failed", Message: "AttributeError: install_layout", Log: "/cache/build-logs/x.log"},
		{Backend: "setuptools.build_meta", Hook: "build_wheel", Kind: "hook-failed", Message: "SystemExit: 1", Tail: []string{"Traceback (most recent call last):", "AttributeError: install_layout. Did you mean: 'install_platlib'?"}},
	} {
		h := e.Hint()
		if strings.Contains(h, "project's own build") || !strings.Contains(h, "Debian's patched") || !strings.Contains(h, "-f DIR") {
			t.Errorf("%s: hint %q", e.Message, h)
		}
	}
	other := &HookError{Backend: "setuptools.build_meta", Hook: "build_wheel", Kind: "hook-failed", Message: "RuntimeError: boom"}
	if !strings.Contains(other.Hint(), "project's own build") {
		t.Errorf("hint %q", other.Hint())
	}
}
