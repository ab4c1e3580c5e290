package install

import (
	"path/filepath"
	"testing"
)

func TestPathShortcutsAgreeWithFilepath(t *testing.T) {
	paths := []string{"/", "/env", "/env/", "/env/lib", "/envx/lib", "/env/./lib", "/env/lib/../..", "/env/../etc",
		"/env//lib", "/env/lib/.", "/env/lib/..", "/env/lib/a.py", "/env/.fwenv/txn", "/env/..x/y", "/env/.x", "env/lib",
		"./env", "../env", ".", "..", "", "/a/b/c/d.txt", "/env/lib/..hidden", "/env/lib/...", "a//b", "a/./b", "a/"}
	for _, p := range paths {
		// isClean may say no to a clean path (then the slow way runs),
		// never yes to one Clean would change.
		if isClean(p) && filepath.Clean(p) != p {
			t.Errorf("isClean(%q) = true, but filepath.Clean gives %q", p, filepath.Clean(p))
		}
	}
	for _, root := range []string{"/", "/env", "/env/lib"} {
		for _, p := range paths {
			if !filepath.IsAbs(p) || filepath.Clean(p) != p {
				continue // under's contract: clean absolute paths
			}
			if got, want := under(root, p), inside(root, p); got != want {
				t.Errorf("under(%q, %q) = %v, inside says %v", root, p, got, want)
			}
		}
		for _, p := range paths {
			if !filepath.IsAbs(p) {
				continue
			}
			r, _ := filepath.Rel(root, p)
			if got, want := relTo(root, p), filepath.ToSlash(r); got != want {
				t.Errorf("relTo(%q, %q) = %q, filepath.Rel says %q", root, p, got, want)
			}
		}
	}
	for _, root := range []string{"", "env", "."} {
		if under(root, "/x") || under(root, "env/x") {
			t.Errorf("under(%q, ...) accepted a path under a root that is not absolute", root)
		}
	}
	x := &txn{dir: "/env/.fwenv/txn/1"}
	for _, p := range []string{"/", "/env", "/env/lib/a.py", "env/lib", "a/.b/c", "/env/..x/y"} {
		if !isClean(p) {
			t.Errorf("isClean(%q) = false", p)
		}
	}
	for _, rel := range []string{"lib/python3.11/site-packages/a.py", "bin/flask", "lib/../x", "../x", "a//b", ""} {
		if got, want := x.staged(3, rel), filepath.Join("/env/.fwenv/txn/1", "new", "3", filepath.FromSlash(rel)); got != want {
			t.Errorf("staged(3, %q) = %q, want %q", rel, got, want)
		}
	}
}
