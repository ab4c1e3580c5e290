//go:build linux || darwin

package config

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A configuration file may be a pipe (--config <(...), /dev/stdin) whose
// writer is slower than fwenv: it is read to its end, not cut short.
func TestParseFileFromPipe(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cfg")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		time.Sleep(100 * time.Millisecond)
		w.WriteString("python: '3.12'\n")
		time.Sleep(100 * time.Millisecond)
		w.WriteString("clear: yes\n")
	}()
	f, err := ParseFile(OS, p)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Getenv: func(string) string { return "" }, Files: []*File{f}}
	fs, py, clear, _, _ := flags()
	if _, err := cfg.Apply(fs); err != nil {
		t.Fatal(err)
	}
	if *py != "3.12" || !*clear {
		t.Fatalf("read from a pipe: python %q, clear %v", *py, *clear)
	}
}
