//go:build linux || darwin

package install

import (
	"os"
	"path/filepath"
	"strings"
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

// An interrupted transaction's journal that is not a regular file (a FIFO
// left in .fwenv/txn/) is refused, naming it, not read.
func TestRecoverRefusesFIFOJournal(t *testing.T) {
	tg := fakeTarget(t)
	dir := filepath.Join(txnRoot(tg.Layout.Root), "20260101T000000-1-x")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, journalName), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Recover(tg, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), journalName) || !strings.Contains(err.Error(), "FIFO") {
			t.Fatalf("want a refusal naming the journal: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO journal blocked")
	}
}
