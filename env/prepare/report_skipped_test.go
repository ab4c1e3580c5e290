package prepare

import (
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/build"
)

// A -f wheel passed over as unusable for the target (Debian's patched
// setuptools) is said once per command, with what served instead (issue 17,
// item 2).
func TestReportSaysSkippedWheelOnce(t *testing.T) {
	var shown []string
	p := New(Options{Events: func(e Event) {
		if e.Kind == BuildFallback {
			shown = append(shown, e.Message)
		}
	}})
	reqs := []build.Resolved{{
		Project: "setuptools", Version: "65.5.0", Requirement: "setuptools>=40.8.0", Origin: build.FromEnsurepip,
		Path:    "/py/ensurepip/_bundled/setuptools-65.5.0-py3-none-any.whl",
		Skipped: []string{"/pkgs/setuptools-66.1.1-py3-none-any.whl (Debian's patched setuptools (the install_layout patch), which works only with Debian's own Python)"},
	}}
	for _, project := range []string{"/src/framework", "/src/plugin1"} {
		p.Report(&build.Result{Project: project, Requirements: reqs})
	}
	var skipped []string
	for _, s := range shown {
		if strings.HasPrefix(s, "skipped ") {
			skipped = append(skipped, s)
		}
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "skipped /pkgs/setuptools-66.1.1-py3-none-any.whl (Debian's patched setuptools") || !strings.Contains(skipped[0], "; using setuptools 65.5.0 (ensurepip bundle /py/ensurepip/_bundled)") {
		t.Fatalf("shown %q", shown)
	}
}
