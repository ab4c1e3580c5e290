package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHashInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"setup.py":            "from setuptools import setup\nsetup()\n",
		"src/pkg/__init__.py": "",
		"src/pkg/mod.py":      "x = 1\n",
	})
	base, err := HashInputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if base.Files != 3 {
		t.Fatalf("hashed %d files, want 3", base.Files)
	}
	same := func(what string) {
		t.Helper()
		got, err := HashInputs(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got.Digest != base.Digest {
			t.Fatalf("%s changed the digest", what)
		}
	}
	differs := func(what string) {
		t.Helper()
		got, err := HashInputs(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got.Digest == base.Digest {
			t.Fatalf("%s did not change the digest", what)
		}
		base = got
	}
	// What builds and tools write is not an input.
	writeFiles(t, dir, map[string]string{
		"build/lib/pkg/mod.py":                    "x = 1\n",
		"dist/pkg-1.0.tar.gz":                     "x",
		"src/pkg.egg-info/PKG-INFO":               "x",
		"src/pkg/__pycache__/mod.cpython-311.pyc": "x",
		"src/pkg/mod.pyc":                         "x",
		".git/objects/ab/cdef":                    "x",
		".tox/py311/x":                            "x",
		"venv/pyvenv.cfg":                         "home = /usr/bin",
		"venv/lib/x.py":                           "x",
	})
	same("build outputs, caches, VCS objects and an environment")
	// Touching without changing content is not a change.
	if err := os.Chtimes(filepath.Join(dir, "setup.py"), timeNow(), timeNow()); err != nil {
		t.Fatal(err)
	}
	same("a new modification time")
	writeFiles(t, dir, map[string]string{"src/pkg/mod.py": "x = 2\n"})
	differs("an edited module")
	writeFiles(t, dir, map[string]string{"src/pkg/new.py": ""})
	differs("a new module")
	if err := os.Chmod(filepath.Join(dir, "setup.py"), 0o755); err != nil {
		t.Fatal(err)
	}
	differs("an executable bit")
	if err := os.Rename(filepath.Join(dir, "src/pkg/new.py"), filepath.Join(dir, "src/pkg/new2.py")); err != nil {
		t.Fatal(err)
	}
	differs("a renamed file")
	// A nested folder named build or dist is an input; only the top-level ones are outputs.
	writeFiles(t, dir, map[string]string{"src/pkg/build/x.py": ""})
	differs("src/pkg/build/x.py")
	// git state: a new commit on the branch changes the digest (version from git).
	writeFiles(t, dir, map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": "aaaa\n"})
	differs("a git checkout")
	writeFiles(t, dir, map[string]string{".git/refs/heads/main": "bbbb\n"})
	differs("a new commit")
	writeFiles(t, dir, map[string]string{".git/refs/tags/v1.0": "bbbb\n"})
	differs("a new tag")
}

func timeNow() (t time.Time) { return time.Now().Add(time.Hour) }
