package build

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python/pythontest"
)

// testDataWheels copies the upstream setuptools and wheel wheels the
// interpreter ships as test data (CPython 3.12: lib/python3.12/test; 3.13:
// test/wheeldata) into a fixture folder for -f, or skips when the
// interpreter was installed without its test package.
func testDataWheels(t *testing.T, minor string) string {
	t.Helper()
	in := pyenvInfo(t, minor)
	dst := t.TempDir()
	n := 0
	for _, d := range TestDataDirs(in) {
		for _, pat := range []string{"setuptools-*.whl", "wheel-*.whl"} {
			m, _ := filepath.Glob(filepath.Join(d, pat))
			for _, w := range m {
				if err := copyFile(w, filepath.Join(dst, filepath.Base(w))); err != nil {
					t.Fatal(err)
				}
				n++
			}
		}
	}
	if n == 0 {
		msg := fmt.Sprintf("CPython %s has no test package (lib/python%s/test), so no setuptools wheel of its own to build with", minor, minor)
		if os.Getenv("CI") != "" {
			t.Fatal(msg + "; CI runs on pyenv's full builds, which have it")
		}
		t.Skip(msg)
	}
	return dst
}

// buildSeedProject builds a copy of the tutorial's project proj as wheel,
// sdist and editable wheel, checks each, and returns the wheel's result.
func buildSeedProject(t *testing.T, proj string, o Options) *Result {
	t.Helper()
	dir := tutorialProject(t, proj)
	out := t.TempDir()
	w, err := BuildWheel(context.Background(), dir, out, o)
	if err != nil {
		t.Fatalf("%s wheel: %v", proj, err)
	}
	checkSeedWheel(t, proj, w.Path, false)
	s, err := BuildSdist(context.Background(), dir, out, o)
	if err != nil {
		t.Fatalf("%s sdist: %v", proj, err)
	}
	checkSeedSdist(t, proj, s.Path)
	e, err := BuildEditable(context.Background(), dir, out, o)
	if err != nil {
		t.Fatalf("%s editable: %v", proj, err)
	}
	checkSeedWheel(t, proj, e.Path, true)
	return w
}

// The tutorial's setuptools projects build on 3.12 and 3.13 with the
// upstream wheels those interpreters ship as test data, given with -f
// (issue 17, item 2).
func TestSeedProjectsNewPython(t *testing.T) {
	slow(t)
	for _, minor := range []string{"3.12", "3.13"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			o := e2eOptions(t, in, sharedCacheDir(t))
			o.FindLinks = []string{testDataWheels(t, minor)}
			o.NoCache = true
			projects := []string{"framework", "typeA_plugin1", "typeA_plugin2"}
			if minor == "3.12" {
				projects = projects[1:2]
			}
			for _, proj := range projects {
				w := buildSeedProject(t, proj, o)
				for _, r := range w.Requirements {
					if r.Origin != FromFindLinks || r.Project == "setuptools" && r.Version != "67.6.1" {
						t.Fatalf("%s from %s, want the test data's wheels from -f", r, r.Origin)
					}
				}
			}
		})
	}
}

// Without -f, fwenv's own last fallback finds the same wheels in the
// interpreters' test data; a setuptools in -f that does not import on 3.12+
// (65.5, the ensurepip bundles' newest) is passed over and said.
func TestNewPythonFallsBackToTestData(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	bundled, _ := filepath.Glob(filepath.Join(pythontest.Root(), "versions", "3.1[01].*", "lib", "python3.1[01]", "ensurepip", "_bundled", "setuptools-65.5.0-*.whl"))
	if len(bundled) == 0 {
		t.Skip("no setuptools 65.5.0 in a pyenv 3.10/3.11 bundle")
	}
	for _, minor := range []string{"3.12", "3.13"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			testDataWheels(t, minor) // skips without the test package
			in := pyenvInfo(t, minor)
			old := t.TempDir()
			if err := copyFile(bundled[0], filepath.Join(old, filepath.Base(bundled[0]))); err != nil {
				t.Fatal(err)
			}
			o := e2eOptions(t, in, sharedCacheDir(t))
			o.FindLinks = []string{old}
			w, err := BuildWheel(context.Background(), tutorialProject(t, "framework"), t.TempDir(), o)
			if err != nil {
				t.Fatal(err)
			}
			checkSeedWheel(t, "framework", w.Path, false)
			var st *Resolved
			for i := range w.Requirements {
				if w.Requirements[i].Project == "setuptools" {
					st = &w.Requirements[i]
				}
			}
			if st == nil || st.Origin != FromTestData || st.Version != "67.6.1" {
				t.Fatalf("setuptools %v, want 67.6.1 from the interpreters' test data", st)
			}
			if len(st.Skipped) != 1 || !strings.Contains(st.Skipped[0], "setuptools-65.5.0") || !strings.Contains(st.Skipped[0], "does not import on Python 3.12+") {
				t.Fatalf("skipped %q", st.Skipped)
			}
			if fb := w.Fallbacks(); len(fb) != 2 {
				t.Fatalf("fallbacks %v: setuptools (test data) and wheel", fb)
			}
		})
	}
}

// debianSetuptools returns Debian's patched setuptools wheel
// (python3-setuptools-whl), or, where it is absent, an upstream wheel with
// Debian's install_layout patch added to its install_lib command.
func debianSetuptools(t *testing.T) string {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(SystemWheelDir, "setuptools-*.whl")); len(m) > 0 {
		return m[0]
	}
	src, _ := filepath.Glob(filepath.Join(pythontest.Root(), "versions", "3.1[01].*", "lib", "python3.1[01]", "ensurepip", "_bundled", "setuptools-*.whl"))
	if len(src) == 0 {
		t.Skip("neither Debian's setuptools wheel nor a pyenv 3.10/3.11 bundle to patch")
	}
	zr, err := zip.OpenReader(src[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dst := filepath.Join(t.TempDir(), "setuptools-66.1.1-py3-none-any.whl")
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, m := range zr.File {
		rc, err := m.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if m.Name == "setuptools/command/install_lib.py" {
			data = append(data, "\n# Debian\n# self.set_undefined_options('install', ('install_layout', 'install_layout'))\n"...)
		}
		w, _ := zw.Create(m.Name)
		w.Write(data)
	}
	zw.Close()
	f.Close()
	return dst
}

// Debian's patched setuptools given with -f is recognised by its contents:
// skipped (and said) when another setuptools serves the build, named in the
// error (not blamed on the project) when it is the only one (issue 17,
// item 2).
func TestDebianSetuptoolsThroughFindLinks(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	deb := debianSetuptools(t)
	fl := t.TempDir()
	if err := copyFile(deb, filepath.Join(fl, filepath.Base(deb))); err != nil {
		t.Fatal(err)
	}
	in := pyenvInfo(t, "3.11")
	o := e2eOptions(t, in, sharedCacheDir(t))
	o.FindLinks = []string{fl}
	w, err := BuildWheel(context.Background(), tutorialProject(t, "typeA_plugin1"), t.TempDir(), o)
	if err != nil {
		t.Fatalf("the patched wheel was not skipped: %v", err)
	}
	checkSeedWheel(t, "typeA_plugin1", w.Path, false)
	for _, r := range w.Requirements {
		if r.Project != "setuptools" {
			continue
		}
		if r.Origin == FromFindLinks || len(r.Skipped) != 1 || !strings.Contains(r.Skipped[0], filepath.Base(deb)) || !strings.Contains(r.Skipped[0], "install_layout") {
			t.Fatalf("setuptools %s, skipped %q", r, r.Skipped)
		}
	}

	// The only setuptools that satisfies the project: named in the error.
	dir := filepath.Join(t.TempDir(), "needs66")
	writeFiles(t, dir, map[string]string{
		"pyproject.toml": "[build-system]\nrequires = [\"setuptools>=66\", \"wheel\"]\nbuild-backend = \"setuptools.build_meta\"\n",
		"setup.py":       "from setuptools import setup\nsetup(name='needs66', version='1.0')\n",
	})
	o.Interpreters = nil // the 3.11 bundle (65.5) only; Debian's folder is excluded for setuptools
	_, err = BuildWheel(context.Background(), dir, t.TempDir(), o)
	var re *RequirementError
	if !errors.As(err, &re) {
		t.Fatalf("error %v, want a RequirementError", err)
	}
	h := re.Hint()
	if !strings.Contains(err.Error(), filepath.Base(deb)+": skipped (Debian's patched setuptools") || !strings.Contains(h, "Debian's patched setuptools") || strings.Contains(h, "project's own build") {
		t.Fatalf("error:\n%v\nhint: %s", err, h)
	}
}
