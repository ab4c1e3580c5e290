package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/source"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

func TestAdd(t *testing.T) {
	src, cacheDir, dir := t.TempDir(), t.TempDir(), t.TempDir()
	b := New(dir, cacheDir)
	whl := write(t, src, "demo-1.0-py3-none-any.whl", "wheel")
	if err := b.Add("Demo", "1.0", whl, "", lock.Source{FindLinks: src}, true, false); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "demo-1.0-py3-none-any.whl")
	if data, _ := os.ReadFile(saved); string(data) != "wheel" || inode(t, saved) == inode(t, whl) {
		t.Fatalf("a file from elsewhere must be copied: %q", data)
	}
	before := inode(t, saved)
	// The same file again (as a runtime dependency, requested): no new
	// copy, one artifact, the package is no longer build-only.
	if err := b.Add("demo", "1.0", whl, "", lock.Source{FindLinks: src}, false, true); err != nil {
		t.Fatal(err)
	}
	if inode(t, saved) != before {
		t.Fatal("a file already there with the same content was copied again")
	}
	ps := b.Packages()
	if len(ps) != 1 || ps[0].BuildOnly || !ps[0].Requested || len(ps[0].Artifacts) != 1 || ps[0].Artifacts[0].Kind != lock.ArtifactWheel || len(ps[0].Artifacts[0].SHA256) != 64 {
		t.Fatalf("packages: %+v", ps[0])
	}
	// From fwenv's cache: a hard link.
	cached := write(t, cacheDir, "dep-2.0.tar.gz", "sdist")
	if err := b.Add("dep", "2.0", cached, "", lock.Source{Index: "https://i/simple"}, false, false); err != nil {
		t.Fatal(err)
	}
	if inode(t, filepath.Join(dir, "dep-2.0.tar.gz")) != inode(t, cached) {
		t.Fatal("a file from the cache must be linked")
	}
	// Different content under the same name replaces the file.
	other := write(t, t.TempDir(), "demo-1.0-py3-none-any.whl", "other wheel")
	if err := b.Add("demo", "1.0", other, "", lock.Source{}, false, false); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(saved); string(data) != "other wheel" {
		t.Fatalf("stale content kept: %q", data)
	}
	if got := b.Sdists(); !reflect.DeepEqual(got, []string{filepath.Join(dir, "dep-2.0.tar.gz")}) {
		t.Fatalf("Sdists: %v", got)
	}
	if names := []string{b.Packages()[0].Name, b.Packages()[1].Name}; names[0] != "Demo" || names[1] != "dep" {
		t.Fatalf("not sorted: %v", names)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("leftovers in the bundle: %v", entries)
	}
}

// A file that cannot be saved is an error with a hint (here the name is
// taken by a folder, which stops root too).
func TestAddFails(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "demo-1.0.tar.gz"), 0o755); err != nil {
		t.Fatal(err)
	}
	b := New(dir, "")
	err := b.Add("demo", "1.0", write(t, t.TempDir(), "demo-1.0.tar.gz", "x"), "", lock.Source{}, false, true)
	var e *Error
	if !errors.As(err, &e) || e.Hint() == "" {
		t.Fatalf("%v", err)
	}
	if len(b.Packages()) != 0 {
		t.Fatal("a file that was not saved is in the manifest")
	}
}

// Re-runs: a file added from the bundle's own copy is not copied again;
// requested once stays requested; new content under a known name is what
// the manifest then says.
func TestAddAgain(t *testing.T) {
	dir := t.TempDir()
	b := New(dir, "")
	src := write(t, t.TempDir(), "demo-1.0-py3-none-any.whl", "v1")
	if err := b.Add("demo", "1.0", src, "", lock.Source{}, false, true); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "demo-1.0-py3-none-any.whl")
	before := inode(t, saved)
	if err := b.Add("demo", "1.0", saved, "", lock.Source{}, false, false); err != nil {
		t.Fatal(err)
	}
	if inode(t, saved) != before {
		t.Fatal("the bundle's own file was copied onto itself")
	}
	if p := b.Packages()[0]; !p.Requested {
		t.Fatal("requested was lost")
	}
	newer := write(t, t.TempDir(), "demo-1.0-py3-none-any.whl", "v2, longer")
	if err := b.Add("demo", "1.0", newer, "", lock.Source{}, false, false); err != nil {
		t.Fatal(err)
	}
	sum, _ := source.FileSHA256(saved)
	art := b.Packages()[0].Artifacts
	if len(art) != 1 || art[0].SHA256 != sum || art[0].Size != int64(len("v2, longer")) {
		t.Fatalf("the manifest does not describe the file on disk: %+v (file %s)", art, sum)
	}
}

func TestBuildingCycle(t *testing.T) {
	b := New(t.TempDir(), "")
	done, err := b.Building("/x/a-1.0.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Building("/x/a-1.0.tar.gz"); err == nil {
		t.Fatal("a build that needs itself was allowed")
	}
	done()
	if _, err := b.Building("/x/a-1.0.tar.gz"); err != nil {
		t.Fatalf("after the build: %v", err)
	}
}

func TestLockIsStable(t *testing.T) {
	src, dir := t.TempDir(), t.TempDir()
	mk := func(order []string) []byte {
		b := New(dir, "")
		for _, n := range order {
			if err := b.Add(n, "1.0", write(t, src, n+"-1.0-py3-none-any.whl", n), "", lock.Source{FindLinks: "."}, false, n == "app"); err != nil {
				t.Fatal(err)
			}
		}
		lk := b.Lock("fwenv test", lock.Target{Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64"}, []string{"app==1.0"},
			map[string][]string{"app": {"zlib", "base", "zlib"}})
		if lk.Packages[0].Name != "app" || !reflect.DeepEqual(lk.Packages[0].Dependencies, lock.DependenciesOn([]string{"base", "zlib"})) {
			t.Fatalf("dependencies: %+v", lk.Packages[0])
		}
		p := filepath.Join(t.TempDir(), lock.Fwenv.FileName())
		if err := lockset.Save(lk, p, lock.Fwenv); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		return data
	}
	if a, b := mk([]string{"zlib", "app", "base"}), mk([]string{"base", "zlib", "app"}); string(a) != string(b) {
		t.Fatalf("the manifest depends on the order files were added:\n%s\n---\n%s", a, b)
	}
}

func TestSource(t *testing.T) {
	for _, c := range []struct {
		f    source.File
		want lock.Source
	}{
		{source.File{URL: "https://i/x.whl", Origin: "https://i/simple"}, lock.Source{Index: "https://i/simple"}},
		{source.File{Path: "/pkgs/x.whl", Origin: "/pkgs"}, lock.Source{FindLinks: "/pkgs"}},
		{source.File{Path: "/bundle/x.whl", Origin: "/bundle"}, lock.Source{FindLinks: "."}},
		{source.File{Path: "/x.whl"}, lock.Source{FindLinks: "."}},
	} {
		if got := Source(c.f, "/bundle"); got != c.want {
			t.Errorf("%+v: %+v, want %+v", c.f, got, c.want)
		}
	}
}
