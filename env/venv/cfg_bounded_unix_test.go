//go:build linux || darwin

package venv

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// pyvenv.cfg is read with a cap and only when it is a regular file: a FIFO
// or a link to /dev/zero under its name is refused at once, naming it.
func TestOpenRefusesNonRegularCfg(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	for _, tc := range []struct {
		name, want string
		make       func(p string) error
	}{
		{"zero", "pyvenv.cfg is a character device, not a regular file", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"fifo", "pyvenv.cfg is a FIFO, not a regular file", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"sparse", "pyvenv.cfg is larger than 16 MiB", func(p string) error { return os.WriteFile(p, nil, 0o644) }},
	} {
		dir := t.TempDir()
		p := filepath.Join(dir, CfgName)
		if err := tc.make(p); err != nil {
			t.Skip(err)
		}
		if tc.name == "sparse" {
			if err := os.Truncate(p, 3<<30); err != nil {
				t.Skip(err)
			}
		}
		done := make(chan error, 1)
		go func() { _, err := Open(dir); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Open did not return", tc.name)
		}
	}
}

// An interpreter copied into an environment (--copies) is read only when it
// is a regular file: a link to a device is refused, not read for ever.
func TestCopyRefusesNonRegularInterpreter(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	src := filepath.Join(t.TempDir(), "python3")
	if err := os.Symlink("/dev/zero", src); err != nil {
		t.Skip(err)
	}
	for _, fsys := range []WriteFS{OS, failFS{}} {
		root := t.TempDir()
		done := make(chan error, 1)
		go func() { done <- Apply(fsys, root, []Entry{{Path: "python", Kind: CopyFile, Mode: 0o755, Target: src}}) }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Fatalf("%T: %v", fsys, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%T: copying a link to /dev/zero did not stop", fsys)
		}
	}
}

// failFS takes Apply's generic path; it is never reached for a refused copy.
type failFS struct{}

func (failFS) MkdirAll(string, os.FileMode) error          { return nil }
func (failFS) WriteFile(string, []byte, os.FileMode) error { return os.ErrPermission }
func (failFS) Chmod(string, os.FileMode) error             { return nil }
func (failFS) Symlink(string, string) error                { return nil }
