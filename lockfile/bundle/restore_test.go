package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

// makeBundle fills a folder the way download does: app (requested, only on
// Linux), lib (a dependency) and setuptools (build-only).
func makeBundle(t *testing.T) string {
	t.Helper()
	src, dir := t.TempDir(), t.TempDir()
	b := New(dir, "")
	add := func(name, file string, buildOnly, requested bool) {
		if err := b.Add(name, "1.0", write(t, src, file, name), "", lock.Source{FindLinks: "."}, buildOnly, requested); err != nil {
			t.Fatal(err)
		}
	}
	add("app", "app-1.0-py3-none-any.whl", false, true)
	add("lib", "lib-1.0.tar.gz", false, false)
	add("setuptools", "setuptools-1.0-py3-none-any.whl", true, false)
	lk := b.Lock("fwenv test", lock.Target{Python: "3.11.7", Implementation: "cpython"}, []string{"app"}, map[string][]string{"app": {"lib"}})
	lk.Packages[0].Marker = `sys_platform == "linux"`
	if err := lockset.Save(lk, filepath.Join(dir, lock.Fwenv.FileName()), lock.Fwenv); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRestore(t *testing.T) {
	dir := makeBundle(t)
	if _, ok, _ := Find(t.TempDir()); ok {
		t.Fatal("a folder without fwenv.lock is a bundle")
	}
	m, ok, err := Find(dir)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	names, err := m.Requested(pep508.Environment{"sys_platform": "linux"})
	if err != nil || len(names) != 1 || names[0].String() != "app==1.0" {
		t.Fatalf("requested on linux: %v %v", names, err)
	}
	_, err = m.Requested(pep508.Environment{"sys_platform": "darwin"})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "lists no requested package") || e.Hint() == "" {
		t.Fatalf("requested elsewhere: %v", err)
	}
	paths, err := m.Verify()
	if err != nil || len(paths) != 3 {
		t.Fatalf("Verify: %v %v", paths, err)
	}

	// Only what the manifest lists is served.
	write(t, dir, "intruder-9.0-py3-none-any.whl", "x")
	write(t, dir, "app-2.0-py3-none-any.whl", "x")
	for project, want := range map[string]int{"app": 1, "intruder": 0} {
		fs, err := m.Source().Files(context.Background(), project)
		if err != nil || len(fs) != want {
			t.Errorf("%s: %d files (%v), want %d", project, len(fs), err, want)
		}
	}
}

func TestRestoreRefuses(t *testing.T) {
	dir := makeBundle(t)
	m, _, _ := Find(dir)
	// A changed build requirement is refused like any other file.
	if err := os.WriteFile(filepath.Join(dir, "setuptools-1.0-py3-none-any.whl"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	var hm *source.HashMismatchError
	if _, err := m.Verify(); !errors.As(err, &hm) || hm.File != "setuptools-1.0-py3-none-any.whl" {
		t.Fatalf("tampered: %v", err)
	}
	dir = makeBundle(t)
	m, _, _ = Find(dir)
	os.Remove(filepath.Join(dir, "lib-1.0.tar.gz"))
	var e *Error
	if _, err := m.Verify(); !errors.As(err, &e) || !strings.Contains(err.Error(), "lib-1.0.tar.gz is missing from the bundle") {
		t.Fatalf("missing: %v", err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, lock.Fwenv.FileName()), []byte("version: 99\n"), 0o644)
	if _, ok, err := Find(bad); !ok || err == nil {
		t.Fatalf("a broken manifest: %v %v", ok, err)
	}
}
