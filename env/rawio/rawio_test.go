package rawio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
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

// A FIFO planted under a file's name must not block the reader.
func TestReadFileFIFO(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("FIFOs")
	}
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	if _, err := ReadFile(p); err != nil {
		t.Logf("error is fine, blocking is not: %v", err)
	}
}

func TestDir(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	root := t.TempDir()
	d, err := OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Path() != root {
		t.Fatalf("Path = %q", d.Path())
	}
	if err := d.Mkdir("bin", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := d.Mkdir("bin", 0o755); err != nil {
		t.Fatalf("an existing folder is fine: %v", err)
	}
	if st, _ := os.Stat(filepath.Join(root, "bin")); st.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %v, want the umask applied (0700)", st.Mode().Perm())
	}
	if err := d.WriteNew("bin/activate", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(root, "bin/activate")); st.Mode().Perm() != 0o644 {
		t.Fatalf("file mode %v, want exactly 0644 whatever the umask", st.Mode().Perm())
	}
	if got, err := d.ReadFile("bin/activate"); err != nil || string(got) != "x" {
		t.Fatalf("ReadFile: %q %v", got, err)
	}
	if !d.Exists("bin/activate") || d.Exists("bin/nothing") {
		t.Fatal("Dir.Exists is wrong")
	}
	if err := d.Mkdir("bin/activate", 0o755); err == nil {
		t.Fatal("Mkdir over a file succeeded")
	}
	err = d.WriteNew("bin/activate", []byte("y"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("WriteNew over an existing file: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "bin/activate")); string(got) != "x" {
		t.Fatalf("the existing file was changed: %q", got)
	}
	// A link planted where a new file goes is not followed.
	outside := filepath.Join(t.TempDir(), "target")
	if err := d.Symlink(outside, "bin/python"); err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(filepath.Join(root, "bin/python")); err != nil || target != outside {
		t.Fatalf("link: %q %v", target, err)
	}
	if err := d.WriteNew("bin/python", []byte("y"), 0o755); err == nil {
		t.Fatal("WriteNew wrote through a link")
	}
	if _, err := os.Lstat(outside); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the link's target was created: %v", err)
	}
	var pe *fs.PathError
	if err := d.Symlink("x", "no/such/dir/link"); !errors.As(err, &pe) || pe.Path != filepath.Join(root, "no/such/dir/link") {
		t.Fatalf("error does not name the path: %v", err)
	}
	if _, err := OpenDir(filepath.Join(root, "bin/activate")); err == nil {
		t.Fatal("OpenDir of a file succeeded")
	}
}
