//go:build linux || darwin

package config

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A configuration file is read up to a cap, with the file, the cap and a
// hint in the error; one fwenv found itself must be a regular file.
func TestParseFileIsBounded(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "config.yaml")
	boundedtest.Sparse(t, big, 5<<20)
	for _, c := range []struct {
		fsys       ReadFS
		path, want string
	}{
		{OS, big, big + ": larger than 4 MiB, the most fwenv reads of a configuration file"},
		{Found, big, big + ": larger than 4 MiB, the most fwenv reads of a configuration file"},
		{OS, "/dev/zero", "/dev/zero: larger than 4 MiB, the most fwenv reads of a configuration file"},
		{Found, "/dev/zero", "/dev/zero: is a character device, not a file"},
		{OS, dir, dir + ": is a folder, not a file"},
	} {
		_, err := ParseFile(c.fsys, c.path)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: err = %v, want %q", c.path, err, c.want)
			continue
		}
		if h := err.(*Error).Hint(); strings.Contains(h, "keys are") {
			t.Errorf("%s: hint %q is about keys", c.path, h)
		}
	}

	fifo := filepath.Join(dir, ProjectFileName)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := ParseFile(Found, fifo); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "is a FIFO") {
			t.Errorf("found FIFO: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a FIFO named fwenv.yaml blocks the command")
	}
}
