//go:build linux || darwin

package indexer

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Build's own files in the output folder (its manifest, the pages) are
// read only when they are regular files: a FIFO or a link to a device in
// their place neither blocks Build nor is read; a page is replaced.
func TestBuildReadsOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "simple"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "simple", manifestName), 0o600); err != nil {
		t.Skip(err)
	}
	os.Symlink("/dev/null", filepath.Join(dir, "simple", "index.html"))
	done := make(chan error, 1)
	go func() { _, err := Build(dir, dir, Options{}); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Build blocks on a FIFO in place of its manifest")
	}
	if st, err := os.Lstat(filepath.Join(dir, "simple", "index.html")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("index.html was not replaced by a regular file: %v", err)
	}
}
