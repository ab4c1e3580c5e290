package bounded

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

func TestReadRegular(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	dir := t.TempDir()
	small := filepath.Join(dir, "METADATA")
	os.WriteFile(small, []byte("Name: x\n"), 0o644)
	if b, err := ReadRegular(small, 100); err != nil || string(b) != "Name: x\n" {
		t.Fatalf("small file: %q %v", b, err)
	}
	// Exactly at the cap is fine; one byte more is refused.
	if b, err := ReadRegular(small, 8); err != nil || len(b) != 8 {
		t.Fatalf("at the cap: %q %v", b, err)
	}
	_, err := ReadRegular(small, 7)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Path != small || tl.Limit != 7 {
		t.Fatalf("over the cap: %v", err)
	}
	// A sparse file far larger than the cap is refused by its size.
	sparse := filepath.Join(dir, "sparse")
	boundedtest.Sparse(t, sparse, 3<<30)
	if _, err := ReadRegular(sparse, Metadata); !errors.As(err, &tl) {
		t.Fatalf("sparse 3 GB file: %v", err)
	}
	if !strings.Contains(err.Error(), small) || !strings.Contains(err.Error(), "7 bytes") {
		t.Fatalf("message names neither file nor cap: %v", err)
	}
	// A folder, and a link to a device, are refused by type.
	var nr *NotRegularError
	if _, err := ReadRegular(dir, 100); !errors.As(err, &nr) || nr.Kind != "a folder" {
		t.Fatalf("folder: %v", err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRegular(zero, 100); !errors.As(err, &nr) || nr.Kind != "a character device" {
		t.Fatalf("link to /dev/zero: %v", err)
	}
	if _, err := ReadRegular(filepath.Join(dir, "missing"), 100); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
}

func TestReadNamed(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	// A character device the user names is read up to the cap, then refused.
	_, err := ReadNamed("/dev/zero", 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Path != "/dev/zero" {
		t.Fatalf("/dev/zero: %v", err)
	}
	dir := t.TempDir()
	var nr *NotRegularError
	if _, err := ReadNamed(dir, 100); !errors.As(err, &nr) {
		t.Fatalf("folder: %v", err)
	}
	p := filepath.Join(dir, "reqs.txt")
	os.WriteFile(p, []byte("a\nb\n"), 0o644)
	if b, err := ReadNamed(p, 100); err != nil || string(b) != "a\nb\n" {
		t.Fatalf("regular: %q %v", b, err)
	}
	if _, err := ReadNamed(p, 3); !errors.As(err, &tl) {
		t.Fatalf("regular over the cap: %v", err)
	}
}

func TestReadAllAndWriter(t *testing.T) {
	if b, err := ReadAll(strings.NewReader("abc"), 3, "x"); err != nil || string(b) != "abc" {
		t.Fatalf("%q %v", b, err)
	}
	var tl *TooLargeError
	if _, err := ReadAll(strings.NewReader("abcd"), 3, "output of p"); !errors.As(err, &tl) || tl.Path != "output of p" {
		t.Fatalf("%v", err)
	}
	w := &Head{Limit: 4}
	w.Write([]byte("ab"))
	if w.Over() {
		t.Fatal("over too early")
	}
	n, err := w.Write([]byte("cdef"))
	if n != 4 || err != nil || string(w.Bytes()) != "abcd" || !w.Over() {
		t.Fatalf("%d %v %q %v", n, err, w.Bytes(), w.Over())
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16 MiB", 512 << 10: "512 KiB", 100: "100 bytes", 1 << 30: "1 GiB", 1500: "1500 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
