//go:build linux || darwin

package venv

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Create on the real filesystem writes every entry of the layout: files
// with their exact modes and contents whatever the umask, folders and the
// environment itself with the mode mkdir gives under the umask (as
// CPython's venv does), links with their targets.
func TestCreateOnDiskFollowsLayout(t *testing.T) {
	for _, mask := range []int{0o022, 0o077} {
		old := syscall.Umask(mask)
		root := t.TempDir()
		exe := filepath.Join(root, "python3.11")
		os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755)
		spec := Spec{Dir: filepath.Join(root, "venv"), Interp: fakeInfo(exe), Prompt: "venv"}
		env, err := Create(CreateOptions{Spec: spec})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		es, _ := Layout(spec)
		dirMode := os.FileMode(0o777 &^ mask)
		if st, err := os.Stat(spec.Dir); err != nil || st.Mode().Perm() != dirMode {
			t.Fatalf("umask %o: environment folder: %v %v", mask, st.Mode(), err)
		}
		for _, e := range es {
			p := filepath.Join(spec.Dir, e.Path)
			st, err := os.Lstat(p)
			if err != nil {
				t.Fatalf("umask %o: %s: %v", mask, e.Path, err)
			}
			switch e.Kind {
			case Dir:
				if !st.IsDir() || st.Mode().Perm() != e.Mode.Perm()&dirMode {
					t.Errorf("umask %o: %s: %v", mask, e.Path, st.Mode())
				}
			case File:
				data, _ := os.ReadFile(p)
				if !st.Mode().IsRegular() || st.Mode().Perm() != e.Mode.Perm() || string(data) != string(e.Data) {
					t.Errorf("umask %o: %s: mode %v, %d bytes", mask, e.Path, st.Mode(), len(data))
				}
			case Symlink:
				if target, _ := os.Readlink(p); target != e.Target {
					t.Errorf("umask %o: %s -> %q, want %q", mask, e.Path, target, e.Target)
				}
			}
		}
		if env.Cfg.Get("home") != root || env.Cfg.Get("prompt") != "venv" {
			t.Errorf("Env.Cfg: %+v", env.Cfg.Values)
		}
		if names := listDir(t, root); len(names) != 2 {
			t.Fatalf("left behind: %v", names)
		}
	}
}

// A nested scripts folder is made with its parents on disk too.
func TestCreateNestedScripts(t *testing.T) {
	root := t.TempDir()
	exe := filepath.Join(root, "python3.11")
	os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755)
	in := fakeInfo(exe)
	in.Scheme["scripts"] = "local/bin"
	dir := filepath.Join(root, "venv")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(filepath.Join(dir, "local/bin/python")); err != nil || target != exe {
		t.Fatalf("local/bin/python: %q %v", target, err)
	}
}
