package bundle

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

// An artifact's path in a bundle stays inside the bundle's folder.
func TestResolve(t *testing.T) {
	dir := t.TempDir()
	ok := []struct{ path, want string }{
		{"framework-0.0.1.tar.gz", filepath.Join(dir, "framework-0.0.1.tar.gz")},
		{"wheels/setuptools-65.5.0-py3-none-any.whl", filepath.Join(dir, "wheels", "setuptools-65.5.0-py3-none-any.whl")},
	}
	for _, tt := range ok {
		got, err := resolve(lock.Artifact{File: "x", Path: tt.path}, dir)
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	// relative lock folders become absolute
	if got, err := resolve(lock.Artifact{File: "x", Path: "x.whl"}, "pkgs"); err != nil || !filepath.IsAbs(got) {
		t.Errorf("Resolve with a relative folder = %q, %v", got, err)
	}
	// Symbolic links are out of scope: Resolve checks the path's text only
	// (see its documentation); callers verify the file's sha256.
	bad := []struct{ path, msg string }{
		{"../x", "leaves the lock file's folder"},
		{"..", "leaves the lock file's folder"},
		{"sub/../../x", "leaves the lock file's folder"},
		{"/etc/passwd", "is absolute"},
		{`..\x`, "backslash"},
		{"./x", "canonical"},
		{"a//b", "canonical"},
		{"", "no local path"},
	}
	for _, tt := range bad {
		got, err := resolve(lock.Artifact{File: "x.whl", Path: tt.path}, dir)
		if err == nil {
			t.Errorf("Resolve(%q) = %q, want an error", tt.path, got)
			continue
		}
		var e *lock.Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "x.whl: ") || e.Hint() == "" {
			t.Errorf("Resolve(%q): %v (want an *Error naming x.whl saying %q, with a hint)", tt.path, err, tt.msg)
		}
	}
}
