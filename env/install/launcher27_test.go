package install

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/env/python/pythontest"
)

// The launchers fwenv writes run on Python 2.7: the plain shebang and the
// /bin/sh trick for long or quoted paths, with an entry point given as a
// dotted attribute.
func TestLaunchersRunOnPython27(t *testing.T) {
	py27 := filepath.Join(pythontest.Prefix(t, "2.7.18"), "bin", "python2.7")
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "pkg"), 0o755)
	os.WriteFile(filepath.Join(dir, "pkg", "__init__.py"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "pkg", "mod.py"), []byte("import sys\nclass obj(object):\n    @staticmethod\n    def method():\n        sys.stdout.write('ran %s %s\\n' % (sys.version_info[0], sys.argv[1:]))\n        return 3\n"), 0o644)
	// A link whose path is too long for a kernel shebang (and has a space).
	long := filepath.Join(dir, strings.Repeat("d", 120), "with space")
	os.MkdirAll(long, 0o755)
	longPy := filepath.Join(long, "python")
	if err := os.Symlink(py27, longPy); err != nil {
		t.Fatal(err)
	}
	ep := entrypoints.EntryPoint{Group: "console_scripts", Name: "x", Value: "pkg.mod:obj.method", Module: "pkg.mod", Attr: "obj.method"}
	for _, python := range []string{py27, longPy} {
		data, err := Launcher(python, ep)
		if err != nil {
			t.Fatal(err)
		}
		script := filepath.Join(dir, "x")
		os.WriteFile(script, data, 0o755)
		cmd := exec.Command(script, "a b")
		cmd.Env = append(os.Environ(), "PYTHONPATH="+dir)
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != 3 || string(out) != "ran 2 ['a b']\n" {
			t.Errorf("%s: exit %d (%v), output %q\n%s", python, code, err, out, data)
		}
	}
}
