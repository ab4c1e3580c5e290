package source

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPlaceFile(t *testing.T) {
	src := filepath.Join(t.TempDir(), "demo-1.0-py3-none-any.whl")
	os.WriteFile(src, []byte("new"), 0o644)
	old := time.Unix(1_700_000_000, 0)
	os.Chtimes(src, old, old)
	dir := t.TempDir()
	dst := filepath.Join(dir, "demo-1.0-py3-none-any.whl")
	os.WriteFile(dst, []byte("stale content"), 0o644)
	for _, link := range []bool{false, true} {
		if err := PlaceFile(src, dst, link); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(dst)
		sst, _ := os.Stat(src)
		dst2, _ := os.Stat(dst)
		if string(data) != "new" || !dst2.ModTime().Equal(old) || os.SameFile(sst, dst2) != link {
			t.Fatalf("link %v: %q, mtime %v, same file %v", link, data, dst2.ModTime(), os.SameFile(sst, dst2))
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("leftovers: %v", entries)
	}
	if err := PlaceFile(filepath.Join(dir, "missing.whl"), dst, false); err == nil {
		t.Fatal("a missing source was placed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a failed copy left files: %v", entries)
	}
}
