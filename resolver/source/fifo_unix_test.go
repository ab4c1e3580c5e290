//go:build linux || darwin

package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO where a distribution is expected never blocks fwenv: hashing it
// is an error, and a find-links folder leaves it out.
func TestFIFONeverBlocks(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "demo-1.0-py3-none-any.whl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	os.WriteFile(filepath.Join(dir, "demo-0.9-py3-none-any.whl"), []byte("x"), 0o644)
	done := make(chan string, 1)
	go func() {
		var problems []string
		if _, err := FileSHA256(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			problems = append(problems, "FileSHA256: "+errText(err))
		}
		if _, err := VerifyFile(fifo, []string{"sha256:" + strings.Repeat("0", 64)}, "test"); err == nil {
			problems = append(problems, "VerifyFile accepted a FIFO")
		}
		fl := &FindLinks{Dirs: []string{dir}}
		fs, err := fl.Files(context.Background(), "demo")
		if err != nil || len(fs) != 1 || fs[0].Filename != "demo-0.9-py3-none-any.whl" {
			problems = append(problems, "find-links served the FIFO")
		}
		if len(fl.Skipped) != 1 || !strings.Contains(fl.Skipped[0], "not a regular file") {
			problems = append(problems, "not reported as skipped: "+strings.Join(fl.Skipped, "; "))
		}
		done <- strings.Join(problems, "\n")
	}()
	select {
	case p := <-done:
		if p != "" {
			t.Fatal(p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("blocked on a FIFO")
	}
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
