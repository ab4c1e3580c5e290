package rawio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4096, 64 << 10, 64<<10 + 1, 300 << 10} {
		want := bytes.Repeat([]byte("abcdefg\n"), size/8+1)[:size]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d: got %d bytes, err %v", size, len(got), err)
		}
		head, err := ReadHead(p, 100)
		if err != nil || !bytes.Equal(head, want[:min(100, size)]) {
			t.Fatalf("size %d: head %q, err %v", size, head, err)
		}
	}
	_, err := ReadFile(filepath.Join(dir, "missing"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing") {
		t.Fatalf("missing file: %v", err)
	}
	if Exists(filepath.Join(dir, "missing")) || !Exists(filepath.Join(dir, "f")) {
		t.Fatal("Exists is wrong")
	}
}
