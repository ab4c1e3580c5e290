package site

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCompactRemovals(t *testing.T) {
	root := t.TempDir()
	write := func(rel string) string {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pkg := []string{write("pkg/__init__.py"), write("pkg/sub/mod.py"), write("pkg/sub/data.txt")}
	info := []string{write("pkg-1.0.dist-info/METADATA"), write("pkg-1.0.dist-info/RECORD")}
	shared := write("ns/own.py")
	write("ns/__init__.py") // another distribution's: ns/ is not removed whole
	link := write("linked/a.py")
	if err := os.Symlink("/etc/hostname", filepath.Join(root, "linked", "elsewhere")); err != nil {
		t.Fatal(err)
	}
	script := write("bin/pkg")
	write("bin/python")
	paths := append(append(append([]string{}, pkg...), info...), shared, link, script)

	got := CompactRemovals(paths)
	want := []string{
		filepath.Join(root, "bin", "pkg"),
		filepath.Join(root, "linked", "a.py"),
		filepath.Join(root, "ns", "own.py"),
		filepath.Join(root, "pkg-1.0.dist-info") + "/*",
		filepath.Join(root, "pkg") + "/*",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CompactRemovals:\n got %q\nwant %q", got, want)
	}
	// Paths that are not there (a plan shown for another host) stay as they are.
	gone := []string{"/nowhere/pkg/a.py", "/nowhere/pkg/b.py"}
	if got := CompactRemovals(gone); !reflect.DeepEqual(got, gone) {
		t.Errorf("missing folders: got %q, want %q", got, gone)
	}
}
