//go:build linux || darwin

package rawio

import (
	"errors"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A FIFO planted under a file's name must not block the reader.
func TestReadFileFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan struct{})
	go func() {
		ReadFile(p) // an error or nothing read is fine; blocking is not
		ReadHead(p, 16)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
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

// A write that fails (a full disk, a file-size limit) is an error naming
// the file, never a crash.
func TestWriteNewFailure(t *testing.T) {
	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	d, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	lim := old
	lim.Cur = 1024
	if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip(err)
	}
	err = d.WriteNew("big", make([]byte, 8192), 0o644)
	unix.Setrlimit(unix.RLIMIT_FSIZE, &old)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != filepath.Join(d.Path(), "big") {
		t.Fatalf("a write past the limit: %v", err)
	}
}

// Names that would leave the folder are refused by every method.
func TestDirStaysInside(t *testing.T) {
	root := t.TempDir()
	d, err := OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	outside := t.TempDir()
	for _, name := range []string{filepath.Join(outside, "x"), "../x", "a/../../x", "", "/"} {
		errs := []error{d.Mkdir(name, 0o755), d.WriteNew(name, []byte("x"), 0o644), d.Symlink("t", name)}
		_, rerr := d.ReadFile(name)
		errs = append(errs, rerr)
		for i, err := range errs {
			if err == nil || !strings.Contains(err.Error(), "not inside the folder") {
				t.Errorf("%q: operation %d: %v", name, i, err)
			}
		}
		if d.Exists(name) {
			t.Errorf("%q: Exists", name)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("written outside: %v", entries)
	}
	// A link counts when its target exists.
	if err := d.Symlink("nowhere", "dangling"); err != nil {
		t.Fatal(err)
	}
	if d.Exists("dangling") || Exists(filepath.Join(root, "dangling")) {
		t.Fatal("a dangling link counts as existing")
	}
	d.WriteNew("target", nil, 0o644)
	d.Symlink("target", "good")
	if !d.Exists("good") || !Exists(filepath.Join(root, "good")) {
		t.Fatal("a link to a file does not count")
	}
}
