package lock

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWaitAndTimeout(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "lock")
	a, err := Acquire(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	waited := 0
	// A bounded wait shorter than AnnounceAfter says nothing.
	_, err = Acquire(context.Background(), p, Options{Timeout: 100 * time.Millisecond, Poll: 10 * time.Millisecond, Waiting: func(string) { waited++ }})
	if !errors.Is(err, ErrTimeout) || waited != 0 {
		t.Fatalf("err %v, waited %d", err, waited)
	}
	go func() { time.Sleep(80 * time.Millisecond); a.Release() }()
	b, err := Acquire(context.Background(), p, Options{Timeout: 5 * time.Second, Poll: 10 * time.Millisecond})
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := Acquire(ctx, p, Options{Poll: 10 * time.Millisecond}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
	b.Release()
	if err := b.Release(); err != nil {
		t.Errorf("double release: %v", err)
	}
}

// The lock's folder is never followed when it is a link (or a file), and a
// dangling link at the lock's path is never created through.
func TestFolderLinkRefused(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
	for _, d := range []string{"linked", "file"} {
		p := filepath.Join(dir, d, "lock")
		_, err := Acquire(context.Background(), p, Options{})
		var le *Error
		if !errors.As(err, &le) || !errors.Is(err, ErrNotFolder) || !strings.Contains(err.Error(), filepath.Join(dir, d)) || !strings.Contains(err.Error(), "\nhint: ") {
			t.Errorf("%s: want a refusal naming the folder with a hint: %v", d, err)
		}
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("written where the link leads: %v", ents)
	}
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	os.Symlink(filepath.Join(outside, "made"), filepath.Join(real, "lock"))
	if _, err := Acquire(context.Background(), filepath.Join(real, "lock"), Options{}); err == nil {
		t.Error("a dangling link at the lock's path was locked")
	}
	if _, err := os.Lstat(filepath.Join(outside, "made")); err == nil {
		t.Error("the lock file was created where a dangling link leads")
	}
}
