//go:build linux || darwin

package lockio

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A lock file is read up to 64 MiB; a larger one (or /dev/zero) is refused
// with the cap, a folder by its type, and a FIFO fwenv found itself is
// refused without blocking.
func TestReadBounded(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "fwenv.lock")
	boundedtest.Sparse(t, big, 65<<20)
	for _, read := range []func(string) ([]byte, error){ReadNamed, ReadRegular} {
		_, err := read(big)
		if msg, hint, _ := ReadProblem(err); msg != "larger than 64 MiB, the most fwenv reads of a lock file" || hint == "" {
			t.Errorf("sparse 65 MiB lock: %q %q (%v)", msg, hint, err)
		}
		_, err = read(dir)
		if msg, _, _ := ReadProblem(err); msg != "cannot read the lock file: it is a folder, not a file" {
			t.Errorf("folder: %q (%v)", msg, err)
		}
		_, err = read(filepath.Join(dir, "missing"))
		if msg, _, missing := ReadProblem(err); msg != "no such lock file" || !missing {
			t.Errorf("missing: %q (%v)", msg, err)
		}
	}
	if _, err := ReadNamed("/dev/zero"); !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("/dev/zero: %v", err)
	}
	if _, err := ReadRegular("/dev/zero"); !strings.Contains(err.Error(), "a character device") {
		t.Errorf("/dev/zero found: %v", err)
	}

	fifo := filepath.Join(dir, "pylock.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadRegular(fifo); done <- err }()
	select {
	case err := <-done:
		if msg, _, _ := ReadProblem(err); !strings.Contains(msg, "a FIFO") {
			t.Errorf("found FIFO: %q", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO fwenv found blocks")
	}
	// One the user names is read to its end.
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			w.WriteString("lock-version = \"1.0\"\n")
			w.Close()
		}
	}()
	if b, err := ReadNamed(fifo); err != nil || string(b) != "lock-version = \"1.0\"\n" {
		t.Errorf("named FIFO: %q %v", b, err)
	}
}
