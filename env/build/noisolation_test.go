package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/venv"
)

// --no-build-isolation checks the project's build requirements against the
// target environment and refuses, naming what is missing or too old, before
// a backend builds something wrong (pip 23 builds a setuptools-scm project
// without setuptools-scm as version 0.0.0) (issue 17, item 7).
func TestNoIsolationChecksRequirements(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "3.11")
	bundled, _ := filepath.Glob(filepath.Join(in.Stdlib, "ensurepip", "_bundled", "setuptools-*.whl"))
	if len(bundled) == 0 {
		t.Skip("no setuptools wheel in the 3.11 bundle")
	}
	envDir := filepath.Join(t.TempDir(), "env")
	if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: envDir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	o := Options{Interp: in, CacheDir: t.TempDir(), NoIsolation: true, Env: envDir}
	refused := func(dir string, want ...string) *NoIsolationError {
		t.Helper()
		var events []Event
		o.Events = func(e Event) { events = append(events, e) }
		_, err := BuildWheel(context.Background(), dir, t.TempDir(), o)
		var ne *NoIsolationError
		if !errors.As(err, &ne) {
			t.Fatalf("error %v, want a NoIsolationError", err)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Fatalf("error\n%v\nlacks %q", err, w)
			}
		}
		if h := ne.Hint(); !strings.Contains(h, "fwenv install '") || !strings.Contains(h, "--no-build-isolation") {
			t.Fatalf("hint %q", h)
		}
		return ne
	}

	// Nothing installed: a setup.py project needs setuptools.
	plain := tutorialProject(t, "framework")
	ne := refused(plain, "setuptools>=40.8.0 (not installed)")
	if len(ne.Requirements) != 1 {
		t.Fatalf("unmet %q: the defaults' wheel is left to setuptools' own get_requires_for_build_wheel", ne.Requirements)
	}

	if err := enginePopulate(context.Background(), envDir, in, bundled[:1]); err != nil {
		t.Fatal(err)
	}
	// The pluggy case: setuptools-scm missing, a setuptools too old.
	scm := filepath.Join(t.TempDir(), "scmproject")
	writeFiles(t, scm, map[string]string{
		"pyproject.toml": "[build-system]\nrequires = [\"setuptools>=99\", \"setuptools-scm[toml]>=6.2.3\", \"nothing; python_version < '3'\"]\nbuild-backend = \"setuptools.build_meta\"\n",
		"setup.py":       "from setuptools import setup\nsetup(name='scmproject', use_scm_version=True)\n",
	})
	ne = refused(scm, "setuptools-scm[toml]>=6.2.3 (not installed)", "setuptools>=99 (setuptools 65.5.0 is installed)")
	if strings.Contains(ne.Error(), "nothing") {
		t.Fatalf("a requirement whose marker excludes the target was checked: %v", ne)
	}

	// What get_requires_for_build_wheel answers is checked too.
	tiny := tinyProject(t)
	writeFiles(t, tiny, map[string]string{"extra-requires.txt": "setuptools>=40\nflit-core>=3.4\n"})
	ne = refused(tiny, "flit-core>=3.4 (not installed)")
	if len(ne.Requirements) != 1 {
		t.Fatalf("unmet %q, want flit-core only", ne.Requirements)
	}
	if es, _ := os.ReadDir(filepath.Join(tiny, "dist")); len(es) != 0 {
		t.Fatalf("something was built: %v", es)
	}
}

// An environment that sees the base interpreter's site-packages
// (include-system-site-packages) and a bare interpreter: what the
// environment's own folder lacks is asked of the interpreter, so
// setuptools from the base counts and a missing setuptools-scm is still
// refused.
func TestNoIsolationSeesSystemSite(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "3.11")
	if m, _ := filepath.Glob(filepath.Join(in.Prefix, "lib", "python3.11", "site-packages", "setuptools-*.dist-info")); len(m) == 0 {
		t.Skip("pyenv's 3.11 has no setuptools of its own")
	}
	envDir := filepath.Join(t.TempDir(), "env")
	if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: envDir, Interp: in, SystemSite: true}}); err != nil {
		t.Fatal(err)
	}
	scm := filepath.Join(t.TempDir(), "scmproject")
	writeFiles(t, scm, map[string]string{
		"pyproject.toml": "[build-system]\nrequires = [\"setuptools>=40\", \"setuptools_scm>=999\"]\nbuild-backend = \"setuptools.build_meta\"\n",
		"setup.py":       "from setuptools import setup\nsetup(name='scmproject', use_scm_version=True)\n",
	})
	for _, env := range []string{envDir, ""} {
		o := Options{Interp: in, CacheDir: t.TempDir(), NoIsolation: true, Env: env}
		_, err := BuildWheel(context.Background(), scm, t.TempDir(), o)
		var ne *NoIsolationError
		if !errors.As(err, &ne) || len(ne.Requirements) != 1 || ne.Requirements[0] != "setuptools_scm>=999" {
			t.Fatalf("env %q: error %v, want setuptools_scm>=999 alone refused (setuptools comes from the base)", env, err)
		}
	}
}
