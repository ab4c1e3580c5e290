package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The bundled tutorial (make demo, docs/tutorial/run.sh) on Python 3.12 and
// 3.13, as `make demo PYTHON=3.13` runs it: setup.py projects build there
// with the upstream setuptools those interpreters ship as test data, found
// by fwenv's last fallback (issue 17, item 2); and on Python 2.7, as the
// README's `make demo PYTHON=2.7` runs it: the legacy setup.py build path
// with setuptools 41.2.0 from 2.7's own bundle. The default interpreter's
// run is make demo's own.
func TestDemoOnNewPythons(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole tutorial on real interpreters; skipped with -short")
	}
	bin := fwenvBinary(t)
	script, _ := filepath.Abs(filepath.Join("..", "..", "docs", "tutorial", "run.sh"))
	eachPython(t, []string{"2.7", "3.12", "3.13"}, func(t *testing.T, mm, py string) {
		lib := filepath.Join(filepath.Dir(filepath.Dir(py)), "lib", "python"+mm, "test")
		if mm == "2.7" {
			// nothing to look for: 2.7's own ensurepip bundle serves
		} else if m, _ := filepath.Glob(filepath.Join(lib, "*", "setuptools-*.whl")); len(m) == 0 {
			if m, _ := filepath.Glob(filepath.Join(lib, "setuptools-*.whl")); len(m) == 0 {
				if os.Getenv("CI") != "" {
					t.Fatalf("CPython %s has no test package (%s); CI runs on pyenv's full builds, which have it", mm, lib)
				}
				t.Skipf("CPython %s has no test package (%s), so no setuptools wheel of its own", mm, lib)
			}
		}
		dir := t.TempDir()
		c := exec.Command("bash", script)
		c.Dir = dir
		c.Env = append(progressEnv(t, dir), "FWENV="+bin, "PYTHON="+mm, "FWENV_TUTORIAL_DIR="+filepath.Join(dir, "tutorial"))
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("run.sh with PYTHON=%s: %v\n%s", mm, err, out)
		}
		s := string(out)
		wants := []string{
			"Created venv with CPython " + mm + ".",
			"build requirement setuptools>=40.8.0 taken from the cpython-test-data fallback (setuptools-67.6.1-py3-none-any.whl)",
			"setuptools-67.6.1-py3-none-any.whl\n", // saved into the offline bundle
			"finishing (edited)",
			"Framework is now exiting.",
			"\nDone.",
		}
		if mm == "2.7" {
			wants = []string{
				"Created venv with CPython " + mm + ".",
				"Seeded setuptools from the interpreter's bundle",
				"legacy build: no `wheel` package suits Python 2.7",
				"build requirement setuptools>=40.8.0 taken from the ensurepip fallback (setuptools-41.2.0-py2.py3-none-any.whl)",
				"setuptools-41.2.0-py2.py3-none-any.whl\n", // saved into the offline bundle
				"finishing (edited)",
				"Framework is now exiting.",
				"\nDone.",
			}
		}
		for _, want := range wants {
			if !strings.Contains(s, want) {
				t.Fatalf("run.sh with PYTHON=%s: the output lacks %q:\n%s", mm, want, s)
			}
		}
	})
}
