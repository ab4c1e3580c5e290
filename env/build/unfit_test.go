package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python"
)

// wheelWith writes a py3-none-any wheel holding METADATA and files into dir.
func wheelWith(t testing.TB, dir, name, version string, files map[string]string, requires ...string) string {
	t.Helper()
	return fakeWheelFiles(t, dir, name, version, "py3-none-any", "", files, requires...)
}

// What the contents of real setuptools wheels say (see unfit.go).
var (
	debianInstallLib = map[string]string{
		"setuptools/command/install_lib.py": "class install_lib(orig.install_lib):\n    def finalize_options(self):\n        self.set_undefined_options('install',('install_layout','install_layout'))\n",
		"pkg_resources/__init__.py":         "if hasattr(pkgutil, 'ImpImporter'):\n    register_finder(pkgutil.ImpImporter, find_on_path)\n",
	}
	impImporterSetuptools = map[string]string{
		"setuptools/command/install_lib.py": "class install_lib(orig.install_lib):\n    pass\n",
		"pkg_resources/__init__.py":         "import pkgutil\n\nregister_finder(pkgutil.ImpImporter, find_on_path)\n",
	}
	upstreamSetuptools = map[string]string{
		"setuptools/command/install_lib.py": "class install_lib(orig.install_lib):\n    pass\n",
		"pkg_resources/__init__.py":         "if hasattr(pkgutil, 'ImpImporter'):\n    register_finder(pkgutil.ImpImporter, find_on_path)\n",
	}
)

// A Debian-patched setuptools that arrives through -f is recognised by its
// contents, whatever its version: passed over (and said) when another
// setuptools serves, named in the error when it is the only one (issue 17,
// item 2).
func TestDebianPatchedSetuptoolsFromFindLinks(t *testing.T) {
	m := newFakeMachine(t)
	// An upstream-looking version number: only the contents tell.
	wheelWith(t, m.findLinks, "setuptools", "80.0.0", debianInstallLib)

	// 3.11: the bundles' 65.5 serves; the patched wheel is skipped, and said.
	got, err := resolveFor(m.py311, m, []string{m.findLinks}, m.all(), "setuptools>=40.8.0")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Version != "65.5.0" || got[0].Origin != FromEnsurepip {
		t.Fatalf("got %s, want setuptools 65.5.0 from a bundle", summary(got))
	}
	if len(got[0].Skipped) != 1 || !strings.Contains(got[0].Skipped[0], "setuptools-80.0.0-py3-none-any.whl") || !strings.Contains(got[0].Skipped[0], "Debian's patched setuptools") {
		t.Fatalf("skipped %q, want the -f wheel named as Debian's patched setuptools", got[0].Skipped)
	}

	// Nothing else fits: the error names the wheel and why; the hint too.
	_, err = resolveFor(m.py311, m, []string{m.findLinks}, m.all(), "setuptools>=70")
	var re *RequirementError
	if !errors.As(err, &re) {
		t.Fatalf("error %v, want a RequirementError", err)
	}
	if !strings.Contains(err.Error(), "setuptools-80.0.0-py3-none-any.whl: skipped (Debian's patched setuptools") {
		t.Fatalf("error does not name the patched wheel:\n%v", err)
	}
	if h := re.Hint(); !strings.Contains(h, "setuptools-80.0.0-py3-none-any.whl is Debian's patched setuptools") || !strings.Contains(h, "-f DIR") || strings.Contains(h, "project's own build") {
		t.Fatalf("hint %q", h)
	}

	// Debian's own interpreter may use it.
	got, err = resolveFor(m.debian311, m, []string{m.findLinks}, m.all(), "setuptools>=70")
	if err != nil || got[0].Version != "80.0.0" || len(got[0].Skipped) != 0 {
		t.Fatalf("Debian's Python: %s %v", summary(got), err)
	}
}

// A setuptools that uses pkgutil.ImpImporter unconditionally is passed over
// on 3.12+ (it cannot import there) and used below.
func TestImpImporterSetuptools(t *testing.T) {
	m := newFakeMachine(t)
	wheelWith(t, m.findLinks, "setuptools", "65.6.0", impImporterSetuptools)
	got, err := resolveFor(m.py311, m, []string{m.findLinks}, m.all(), "setuptools")
	if err != nil || got[0].Version != "65.6.0" || got[0].Origin != FromFindLinks {
		t.Fatalf("3.11: %s %v", summary(got), err)
	}
	_, err = resolveFor(m.py312, m, []string{m.findLinks}, nil, "setuptools")
	if err == nil || !strings.Contains(err.Error(), "does not import on Python 3.12+") {
		t.Fatalf("3.12: %v", err)
	}
}

// CPython 3.12+ ships upstream setuptools and wheel wheels as test data:
// the last resort, after the bundles and Debian's folder, serving only
// setuptools and wheel (issue 17, item 2).
func TestTestDataPool(t *testing.T) {
	m := newFakeMachine(t)
	// The bundles' newest setuptools does not import on 3.12.
	os.Remove(filepath.Join(m.py311.Stdlib, "ensurepip", "_bundled", "setuptools-65.5.0-py3-none-any.whl"))
	wheelWith(t, filepath.Join(m.py311.Stdlib, "ensurepip", "_bundled"), "setuptools", "65.5.0", impImporterSetuptools)
	wheelWith(t, filepath.Join(m.py312.Stdlib, "test"), "setuptools", "67.6.1", upstreamSetuptools)
	wheelWith(t, filepath.Join(m.py312.Stdlib, "test"), "wheel", "0.40.0", nil)
	wheelWith(t, filepath.Join(m.py312.Stdlib, "test"), "example", "21.12", nil)
	wheelWith(t, filepath.Join(m.py312.Stdlib, "test", "wheeldata"), "wheel", "0.43.0", nil)

	pools := Pools(m.py312, nil, m.all(), m.system)
	last := pools[len(pools)-1]
	if last.Origin != FromTestData || len(last.Dirs) != 2 || pools[len(pools)-2].Origin != FromSystem {
		t.Fatalf("pools %+v: want the test data last, after the system folder", pools)
	}

	// (The 3.8 and 3.9 bundles' setuptools would be skipped the same way.)
	interps := []*python.Info{m.py311, m.py312}
	got, err := resolveFor(m.py312, m, nil, interps, "setuptools>=40.8.0", "wheel")
	if err != nil {
		t.Fatal(err)
	}
	if s := summary(got); !strings.Contains(s, "setuptools 67.6.1 from cpython-test-data") || !strings.Contains(s, "wheel 0.38.4 from system") {
		t.Fatalf("got %s: want setuptools from the test data, wheel from the system folder (found first)", s)
	}
	if len(got[0].Skipped) != 0 {
		t.Fatalf("a fallback's unusable wheel is no news: %q", got[0].Skipped)
	}
	// Earlier pools win where they can: 3.11 keeps the bundles' 65.5.
	got, err = resolveFor(m.py311, m, nil, m.all(), "setuptools")
	if err != nil || got[0].Origin != FromEnsurepip {
		t.Fatalf("3.11: %s %v", summary(got), err)
	}
	// Only setuptools and wheel come from the test data.
	_, err = resolveFor(m.py312, m, nil, interps, "example")
	if err == nil || strings.Contains(err.Error(), "cpython-test-data") {
		t.Fatalf("example served or searched in the test data: %v", err)
	}
	// An interpreter without its test package adds no pool.
	if d := TestDataDirs(m.py38); len(d) != 0 {
		t.Fatalf("3.8 test data dirs %v", d)
	}
}

// A build requirement whose own dependency is missing names the chain
// (issue 17, item 7: with wheel 0.46.1 the error said only "packaging >= 24.0").
func TestMissingDependencyNamesChain(t *testing.T) {
	m := newFakeMachine(t)
	wheelWith(t, m.findLinks, "wheel", "0.46.1", nil, "packaging >= 24.0")
	r := newResolver(m.py311, Pools(m.py311, []string{m.findLinks}, m.all(), m.system))
	r.project = "framework"
	_, err := r.resolve([]string{"setuptools>=40.8.0", "wheel"}, nil)
	var re *RequirementError
	if !errors.As(err, &re) {
		t.Fatalf("error %v", err)
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	want := `wheel 0.46.1 (build requirement "wheel" of framework) requires "packaging >= 24.0", which no source offers for `
	if !strings.HasPrefix(first, want) {
		t.Fatalf("error\n%s\nwant it to start with\n%s", first, want)
	}
	if h := re.Hint(); !strings.Contains(h, "wheel of packaging") || !strings.Contains(h, "a version of wheel that does not need it") {
		t.Fatalf("hint %q", h)
	}

	// Two steps down.
	wheelWith(t, m.findLinks2, "tool", "1.0", nil, "helper>=2")
	wheelWith(t, m.findLinks2, "helper", "2.0", nil, "deep")
	r = newResolver(m.py311, Pools(m.py311, []string{m.findLinks2}, m.all(), m.system))
	r.project = "plugin"
	_, err = r.resolve([]string{"tool"}, nil)
	first, _, _ = strings.Cut(fmt.Sprint(err), "\n")
	if want := `helper 2.0, needed by tool 1.0 (build requirement "tool" of plugin) requires "deep"`; !strings.HasPrefix(first, want) {
		t.Fatalf("error\n%s\nwant\n%s", first, want)
	}
}

// A dependency that conflicts with a wheel already chosen is named with its
// chain too, and not said to be offered by no source.
func TestConflictingDependencyNamesChain(t *testing.T) {
	m := newFakeMachine(t)
	wheelWith(t, m.findLinks, "tool", "1.0", nil, "setuptools<60")
	r := newResolver(m.py311, Pools(m.py311, []string{m.findLinks}, m.all(), m.system))
	r.project = "plugin"
	_, err := r.resolve([]string{"setuptools>=65", "tool"}, nil)
	first, _, _ := strings.Cut(fmt.Sprint(err), "\n")
	if want := `tool 1.0 (build requirement "tool" of plugin) requires "setuptools<60", which cannot be met for `; !strings.HasPrefix(first, want) || !strings.Contains(err.Error(), "already chosen") {
		t.Fatalf("error\n%v\nwant it to start with\n%s", err, want)
	}
}
