package lock

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/printable"
)

// A wait with no bound is announced at once, a bounded one after
// AnnounceAfter, and either can learn who holds the lock.
func TestWaitingSaysWhoHolds(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	a, err := Acquire(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := programName() + " (pid " + strconv.Itoa(os.Getpid()) + ")"
	if got := Holder(p); got != want {
		t.Fatalf("Holder = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		name    string
		timeout time.Duration
		before  time.Duration // announced no sooner than this
	}{
		{"no bound", 0, 0},
		{"bounded", 3 * time.Second, AnnounceAfter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
			defer cancel()
			start := time.Now()
			var after time.Duration
			var holder string
			calls := 0
			_, err := Acquire(ctx, p, Options{Timeout: tt.timeout, Poll: 10 * time.Millisecond, Waiting: func(path string) {
				calls++
				after = time.Since(start)
				holder = Holder(path)
			}})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err %v", err)
			}
			if calls != 1 || after < tt.before || after > tt.before+time.Second || holder != want {
				t.Errorf("Waiting called %d times, after %s, holder %q", calls, after, holder)
			}
		})
	}
	a.Release()
	if got := Holder(p); got != "" {
		t.Errorf("after release: Holder = %q", got)
	}
	if data, _ := os.ReadFile(p); len(data) != 0 {
		t.Errorf("the record stays after release: %q", data)
	}
}

// The record is written only over an empty file or an earlier record.
func TestHolderRecordNeverOverwritesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious")
	os.WriteFile(precious, []byte("user data\n"), 0o644)
	link := filepath.Join(dir, "symlinked-lock")
	os.Symlink(precious, link)
	hard := filepath.Join(dir, "hardlinked-lock")
	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte(""), 0o644)
	os.Link(other, hard)
	foreign := filepath.Join(dir, "foreign-lock")
	os.WriteFile(foreign, []byte("not a record\n"), 0o644)
	stale := filepath.Join(dir, "stale-lock")
	os.WriteFile(stale, []byte("999999999 fwenv\n"), 0o644)
	for _, p := range []string{link, hard, foreign, stale} {
		before, _ := os.ReadFile(p)
		l, err := Acquire(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		during, _ := os.ReadFile(p)
		l.Release()
		after, _ := os.ReadFile(p)
		if p == stale {
			// A record of a process that is gone names nobody, and is replaced.
			if !strings.HasPrefix(string(during), strconv.Itoa(os.Getpid())+" ") || len(after) != 0 {
				t.Errorf("stale record: during %q after %q", during, after)
			}
			continue
		}
		if string(during) != string(before) || string(after) != string(before) {
			t.Errorf("%s: %q became %q then %q", filepath.Base(p), before, during, after)
		}
	}
	if got := Holder(stale); got != "" {
		t.Errorf("Holder of an empty file = %q", got)
	}
	os.WriteFile(stale, []byte("999999999 fwenv\n"), 0o644)
	if got := Holder(stale); got != "" {
		t.Errorf("Holder names a process that is gone: %q", got)
	}
}

// A record whose program name holds control characters, line breaks or
// bidi characters is none fwenv wrote: Holder does not print it, even for a
// live process.
func TestHolderRefusesControlCharacters(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	pid := strconv.Itoa(os.Getpid())
	for _, prog := range []string{"x\x1b]0;pwned\x07", "x\ty", "x\u2028y", "evil\u202efwenv", "bad\xff"} {
		os.WriteFile(p, []byte(pid+" "+prog+"\n"), 0o644)
		if got := Holder(p); got != "" {
			t.Errorf("Holder of %q = %q", prog, got)
		}
	}
	os.WriteFile(p, []byte(pid+" fwenv\n"), 0o644)
	if got := Holder(p); got != "fwenv (pid "+pid+")" {
		t.Errorf("Holder = %q", got)
	}
	if name := programName(); printable.Needs(name) || strings.ContainsRune(name, ' ') {
		t.Errorf("programName = %q", name)
	}
}
