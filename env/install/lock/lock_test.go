package lock

import (
	"context"
	"errors"
	"path/filepath"
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
