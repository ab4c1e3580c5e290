//go:build linux || darwin

package cachedir

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO (or device) under a probe's name in interpreters/ is not read
// (reading would block prune for ever): prune removes it as "not a probe".
func TestPruneDoesNotReadFIFOProbe(t *testing.T) {
	root := t.TempDir()
	Ensure(root)
	tree(t, root, map[string]string{"interpreters/": ""})
	fifo := filepath.Join(root, "interpreters", "x.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan struct{})
	var rep *Report
	var err error
	go func() {
		rep, err = Prune(root, 30*24*time.Hour)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("prune blocked on a FIFO in interpreters/")
	}
	if err != nil {
		t.Fatal(err)
	}
	if exists(fifo) || len(rep.Removed) != 1 || !strings.Contains(rep.Removed[0].Reason, "not a probe: it is a FIFO") {
		t.Errorf("FIFO probe: exists %v, removed %+v", exists(fifo), rep.Removed)
	}
}
