//go:build linux || darwin

package rawio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fwenv/fwenv/archive/bounded"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// Every read is capped and anything but a regular file is refused by type
// before a byte is read: a FIFO, /dev/zero (or a link to it), a folder.
func TestReadFileRefusesNonRegular(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "METADATA")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "RECORD")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "folder"), 0o755)
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for name, kind := range map[string]string{"METADATA": "a FIFO", "RECORD": "a character device", "folder": "a folder"} {
		p := filepath.Join(dir, name)
		for i, read := range []func() ([]byte, error){
			func() ([]byte, error) { return ReadFile(p) },
			func() ([]byte, error) { return ReadFileLimit(p, 1<<20) },
			func() ([]byte, error) { return d.ReadFile(name) },
			func() ([]byte, error) { return d.ReadFileLimit(name, 1<<20) },
		} {
			_, err := read()
			var nr *bounded.NotRegularError
			if !errors.As(err, &nr) || nr.Path != p || nr.Kind != kind {
				t.Errorf("%s, reader %d: %v, want %s refused by type", name, i, err, kind)
			}
		}
	}
	// /dev/zero itself.
	if _, err := ReadFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("/dev/zero: %v", err)
	}
}

// A file over the cap is refused without being read whole, naming the
// file and the cap; a file of exactly the cap is read.
func TestReadFileCap(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	dir := t.TempDir()
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, tc := range []struct {
		size, limit int64
		ok          bool
	}{{0, 0, true}, {10, 10, true}, {11, 10, false}, {64 << 10, 64 << 10, true}, {64<<10 + 1, 64 << 10, false},
		{300 << 10, 200 << 10, false}, {300 << 10, 1 << 20, true}} {
		want := bytes.Repeat([]byte("x"), int(tc.size))
		p := filepath.Join(dir, "f")
		os.WriteFile(p, want, 0o644)
		for i, read := range []func() ([]byte, error){
			func() ([]byte, error) { return ReadFileLimit(p, tc.limit) },
			func() ([]byte, error) { return d.ReadFileLimit("f", tc.limit) },
		} {
			got, err := read()
			if tc.ok {
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("size %d, cap %d, reader %d: %d bytes, %v", tc.size, tc.limit, i, len(got), err)
				}
				continue
			}
			var tl *bounded.TooLargeError
			if !errors.As(err, &tl) || tl.Path != p || tl.Limit != tc.limit {
				t.Errorf("size %d, cap %d, reader %d: %v, want too large", tc.size, tc.limit, i, err)
			}
		}
	}
	// A sparse 3 GB file is refused at once by its size (the test process
	// would need 3 GB otherwise).
	big := filepath.Join(dir, "METADATA")
	boundedtest.Sparse(t, big, 3<<30)
	_, err = ReadFile(big)
	var tl *bounded.TooLargeError
	if !errors.As(err, &tl) || tl.Limit != DefaultLimit || !strings.Contains(err.Error(), big) || !strings.Contains(err.Error(), "16 MiB") {
		t.Fatalf("3 GB file: %v", err)
	}
}
