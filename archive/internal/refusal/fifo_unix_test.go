//go:build linux || darwin

package refusal

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO under a distribution's name is refused at once, not waited on.
func TestOpenRegularFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x-1.0-py3-none-any.whl")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan bool, 1)
	go func() {
		f, _, ok, err := OpenRegular(p)
		if f != nil {
			f.Close()
		}
		done <- !ok && err == nil
	}()
	select {
	case good := <-done:
		if !good {
			t.Fatal("a FIFO was not refused as a non-regular file")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO blocked")
	}
}
