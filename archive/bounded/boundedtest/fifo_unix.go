//go:build unix

package boundedtest

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RefusesFIFO makes a FIFO named name in a temporary folder and checks that
// open refuses it at once as not a regular file, without waiting for a
// writer (it fails the test after 5 seconds).
func RefusesFIFO(t *testing.T, name string, open func(path string) error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { done <- open(p) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("a FIFO: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO blocked")
	}
}
