//go:build linux || darwin

package install

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO given as a wheel is refused at once, not read (which would block).
func TestOpenerRefusesFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x-1.0-py3-none-any.whl")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		o, err := (&Opener{}).Open(p)
		if o != nil {
			o.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a FIFO was accepted as a wheel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO blocked")
	}
}
