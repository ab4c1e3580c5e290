//go:build linux || darwin

package venv

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pyvenv.cfg is read with a cap and only when it is a regular file: a FIFO
// or a link to /dev/zero under its name is refused at once, naming it.
func TestOpenRefusesNonRegularCfg(t *testing.T) {
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
