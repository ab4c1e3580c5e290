package python

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// fakePyenv lays out a pyenv root with versions (each with bin/python3 and
// bin/python3.X files) and shims.
func fakePyenv(t *testing.T, versions ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, v := range versions {
		bin := filepath.Join(root, "versions", v, "bin")
		must(t, os.MkdirAll(bin, 0o755))
		mm := v
		if k := numericKey(v); len(k) >= 2 {
			mm = itoa(k[0]) + "." + itoa(k[1])
		}
		must(t, os.WriteFile(filepath.Join(bin, "python"+mm), []byte("#!/bin/sh\n"), 0o755))
		must(t, os.Symlink("python"+mm, filepath.Join(bin, "python3")))
	}
	shims := filepath.Join(root, "shims")
	must(t, os.MkdirAll(shims, 0o755))
	for _, n := range []string{"python3", "python3.12", "python"} {
		must(t, os.WriteFile(filepath.Join(shims, n), []byte("#!/usr/bin/env bash\nexec \"/x/libexec/pyenv\" exec \"$program\" \"$@\"\n"), 0o755))
	}
	return root
}

func itoa(n int) string { return strconv.Itoa(n) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSelectedVersionsOrder(t *testing.T) {
	root := fakePyenv(t, "3.11.7", "3.12.1")
	must(t, os.WriteFile(filepath.Join(root, "version"), []byte("3.11.7\n"), 0o644))
	proj := t.TempDir()
	sub := filepath.Join(proj, "a", "b")
	must(t, os.MkdirAll(sub, 0o755))

	p := &Pyenv{Root: root, Dir: sub}
	if vs, origin := p.SelectedVersions(); vs[0] != "3.11.7" || origin != filepath.Join(root, "version") {
		t.Fatalf("global: %v %s", vs, origin)
	}
	must(t, os.WriteFile(filepath.Join(proj, ".python-version"), []byte("# comment\n3.12.1\n3.11.7\n"), 0o644))
	if vs, origin := p.SelectedVersions(); len(vs) != 2 || vs[0] != "3.12.1" || origin != filepath.Join(proj, ".python-version") {
		t.Fatalf(".python-version in a parent: %v %s", vs, origin)
	}
	p.Version = "3.11.7:system"
	if vs, origin := p.SelectedVersions(); len(vs) != 2 || vs[1] != "system" || origin != "PYENV_VERSION" {
		t.Fatalf("PYENV_VERSION: %v %s", vs, origin)
	}
}

func TestResolveShim(t *testing.T) {
	root := fakePyenv(t, "3.11.7", "3.12.1", "3.12.0")
	must(t, os.WriteFile(filepath.Join(root, "version"), []byte("3.11.7\n"), 0o644))
	sys := t.TempDir()
	must(t, os.WriteFile(filepath.Join(sys, "python3"), []byte("#!/bin/sh\n"), 0o755))
	path := []string{filepath.Join(root, "shims"), sys}
	p := &Pyenv{Root: root, Dir: t.TempDir()}

	shim := filepath.Join(root, "shims", "python3")
	if !p.IsShim(shim) {
		t.Fatal("shim not recognised")
	}
	got, err := p.ResolveShim(shim, path)
	if err != nil || got != filepath.Join(root, "versions", "3.11.7", "bin", "python3") {
		t.Fatalf("global version: %q %v", got, err)
	}
	// A prefix picks the newest installed match.
	p.Version = "3.12"
	got, err = p.ResolveShim(shim, path)
	if err != nil || got != filepath.Join(root, "versions", "3.12.1", "bin", "python3") {
		t.Fatalf("prefix version: %q %v", got, err)
	}
	// "system" skips the shims folder.
	p.Version = "system"
	got, err = p.ResolveShim(shim, path)
	if err != nil || got != filepath.Join(sys, "python3") {
		t.Fatalf("system: %q %v", got, err)
	}
	// python3.12 does not exist in 3.11.7: a ShimError, not a guess.
	p.Version = "3.11.7"
	_, err = p.ResolveShim(filepath.Join(root, "shims", "python3.12"), path)
	var se *ShimError
	if !errors.As(err, &se) {
		t.Fatalf("want ShimError, got %v", err)
	}
	p.Version = "9.9"
	if _, err := p.ResolveShim(shim, path); !errors.As(err, &se) {
		t.Fatalf("uninstalled version: want ShimError, got %v", err)
	}
}

func TestInstalledNewestFirst(t *testing.T) {
	root := fakePyenv(t, "3.9.18", "3.12.1", "3.10.13", "3.8.18")
	p := &Pyenv{Root: root}
	got := p.Installed()
	want := []string{"3.12.1", "3.10.13", "3.9.18", "3.8.18"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}
