//go:build linux || darwin

package build

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A project's pyproject.toml is read only when it is a regular file, up to
// a cap: a FIFO, a link to a device or a huge file is refused at once with
// the file and a hint.
func TestReadBuildSystemIsBounded(t *testing.T) {
	mk := func(make func(p string) error) string {
		dir := t.TempDir()
		if err := make(filepath.Join(dir, "pyproject.toml")); err != nil {
			t.Skip(err)
		}
		return dir
	}
	for _, c := range []struct {
		dir, want string
	}{
		{mk(func(p string) error { return syscall.Mkfifo(p, 0o600) }), "is a FIFO, not a file"},
		{mk(func(p string) error { return os.Symlink("/dev/null", p) }), "is a character device, not a file"},
		{mk(func(p string) error {
			f, err := os.Create(p)
			if err == nil {
				err = f.Truncate(5 << 20) // sparse
				f.Close()
			}
			return err
		}), "larger than 4 MiB, the most fwenv reads of a pyproject.toml"},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadBuildSystem(c.dir); done <- err }()
		select {
		case err := <-done:
			var pe *ProjectError
			if err == nil || !strings.HasSuffix(err.Error(), c.want) || !strings.Contains(err.Error(), "pyproject.toml") {
				t.Errorf("%s: err = %v, want %q", c.dir, err, c.want)
			} else if pe, _ = err.(*ProjectError); pe == nil || !strings.Contains(pe.Hint(), "pyproject.toml") {
				t.Errorf("%s: hint of %v", c.dir, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: reading pyproject.toml blocks", c.dir)
		}
	}
}
