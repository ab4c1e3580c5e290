package epcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/env/site"
)

// An interpreter (or a module it imports) that never answers is killed with
// everything it started, at the timeout.
func TestCheckIsBounded(t *testing.T) {
	old := Timeout
	Timeout = 500 * time.Millisecond
	t.Cleanup(func() { Timeout = old })
	py := filepath.Join(t.TempDir(), "python")
	os.WriteFile(py, []byte("#!/bin/sh\nsleep 1000 &\nwait\n"), 0o755)
	done := make(chan error, 1)
	go func() { _, err := Check(py, []site.EntryPointRow{{Value: "m:f"}}); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "no answer within 500ms") {
			t.Fatalf("got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the check still runs after 10 s")
	}
}
