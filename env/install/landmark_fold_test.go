package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/site"
)

// fakePy2Root makes the landmark files of a Python 2 environment under
// root: lib/python2.7/{os.py,site.py,orig-prefix.txt} and include/.
func fakePy2Root(t *testing.T, root string) {
	t.Helper()
	lib := filepath.Join(root, "lib", "python2.7")
	for _, d := range []string{filepath.Join(lib, "site-packages"), filepath.Join(root, "include"), filepath.Join(root, "bin")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"os.py", "site.py", "orig-prefix.txt", "no-global-site-packages.txt"} {
		if err := os.WriteFile(filepath.Join(lib, f), []byte("landmark\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The landmark guard compares folders by identity and names as a
// case-insensitive file system does: OS.py, Site.py (and "ſite.py", which
// folds to site.py) in the environment's very lib/python2.7, or
// include/PYTHON2.7, are refused; where the name differs beyond case, or
// the folder is another one, the member may be written.
func TestGuardLandmarkCaseFolded(t *testing.T) {
	root := filepath.Join(t.TempDir(), "env")
	fakePy2Root(t, root)
	lib := filepath.Join(root, "lib", "python2.7")
	sp := filepath.Join(lib, "site-packages")
	g := newGuard(site.Layout{Root: root, Purelib: sp, Platlib: sp, Scripts: filepath.Join(root, "bin"), Data: root,
		Headers: filepath.Join(root, "include", "site", "python2.7")})
	for _, dest := range []string{
		filepath.Join(lib, "OS.py"), filepath.Join(lib, "Site.PY"), filepath.Join(lib, "os.PYC"),
		filepath.Join(lib, "\u017fite.py"), filepath.Join(lib, "Orig-Prefix.txt"),
		filepath.Join(lib, "NO-GLOBAL-site-packages.txt"), filepath.Join(root, "include", "PYTHON2.7"),
	} {
		r := g.check(dest, "evil")
		if r == nil || !strings.Contains(r.Reason, "Python 2 landmark layout") {
			t.Errorf("%s: %+v", dest, r)
		}
	}
	for _, dest := range []string{
		filepath.Join(sp, "OS.py"), filepath.Join(sp, "site.py"), filepath.Join(lib, "osx.py"),
		filepath.Join(lib, "sitecustomize.py"), filepath.Join(root, "include", "python3.11"),
	} {
		if r := g.check(dest, "evil"); r != nil {
			t.Errorf("%s refused: %+v", dest, r)
		}
	}
}

// Another spelling of lib that is the same folder (here a link the
// environment's own layout goes through, as Lib is lib on a
// case-insensitive file system): Lib/python2.7/site.py is the
// environment's site.py and is refused, though its text is not
// lib/python2.7/site.py.
func TestGuardLandmarkSameFolderOtherSpelling(t *testing.T) {
	root := filepath.Join(t.TempDir(), "env")
	fakePy2Root(t, root)
	if err := os.Symlink("lib", filepath.Join(root, "Lib")); err != nil {
		t.Fatal(err)
	}
	sp := filepath.Join(root, "Lib", "python2.7", "site-packages")
	g := newGuard(site.Layout{Root: root, Purelib: sp, Platlib: sp, Scripts: filepath.Join(root, "bin"), Data: root,
		Headers: filepath.Join(root, "include", "site", "python2.7")})
	if r := g.check(filepath.Join(sp, "pkg.py"), "evil"); r != nil {
		t.Fatalf("site-packages refused: %+v", r)
	}
	for _, name := range []string{"site.py", "os.py", "orig-prefix.txt"} {
		dest := filepath.Join(root, "Lib", "python2.7", name)
		if r := g.check(dest, "evil"); r == nil || !strings.Contains(r.Reason, "Python 2 landmark layout") {
			t.Errorf("%s: %+v", dest, r)
		}
	}
}

// End to end: a wheel whose data member is lib/python2.7/OS.py is refused
// and the environment is left as it was.
func TestLandmarkCaseVariantNotInstalled(t *testing.T) {
	tg := fakeTarget(t)
	fakePy2Root(t, tg.Layout.Root)
	before := snapshot(t, tg.Layout.Root)
	whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/data/lib/python2.7/OS.py": "x"}})
	_, err := Install(tg, []Request{req(whl)}, testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "Python 2 landmark layout") {
		t.Fatalf("error: %v", err)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("environment changed: %v", d)
	}
}
