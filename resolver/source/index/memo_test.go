package index

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
)

// within runs fn and fails the test when it has not returned after 10 s
// (the old code spun forever on a remembered timeout).
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return within 10s", what)
	}
}

// deadlinePage fails every page request with an error wrapping
// context.DeadlineExceeded, as the fetch client's own timeout does, while
// the caller's context is still live. release, when set, holds each request
// until it is closed.
type deadlinePage struct {
	calls   atomic.Int32
	release chan struct{}
}

func (d *deadlinePage) get(ctx context.Context, url, accept string) (*fetch.Page, error) {
	d.calls.Add(1)
	if d.release != nil {
		<-d.release
	}
	return nil, fmt.Errorf("GET %s: %w", url, context.DeadlineExceeded)
}

// A page that timed out by its own deadline is the project's failure for
// this run: every later caller gets the same error at once, and the page is
// not fetched again (retries are the fetch client's policy).
func TestIndexTimeoutIsRemembered(t *testing.T) {
	d := &deadlinePage{}
	idx := New("http://127.0.0.1:1/simple", newClient(t, fetch.Options{}))
	idx.page = d.get
	for n := 0; n < 3; n++ {
		within(t, fmt.Sprintf("Files call %d", n+1), func() {
			_, err := idx.Files(context.Background(), "demo")
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("call %d: want the page's timeout, got %v", n+1, err)
			}
		})
	}
	if got := d.calls.Load(); got != 1 {
		t.Errorf("page fetched %d times, want 1", got)
	}
}

// The race between Prefetch and the solver: a caller that asks while the
// prefetch is still fetching waits for it, and gets its timeout (it does
// not loop on it, nor fetch again).
func TestIndexWaiterGetsTimeout(t *testing.T) {
	d := &deadlinePage{release: make(chan struct{})}
	idx := New("http://127.0.0.1:1/simple", newClient(t, fetch.Options{}))
	idx.page = d.get
	prefetched := make(chan struct{})
	go func() {
		defer close(prefetched)
		idx.Prefetch(context.Background(), "demo")
	}()
	for d.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for n := 0; n < 4; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := idx.Files(context.Background(), "Demo")
			errs <- err
		}()
	}
	time.Sleep(20 * time.Millisecond) // let the waiters wait
	close(d.release)
	within(t, "the waiters", wg.Wait)
	<-prefetched
	close(errs)
	for err := range errs {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiter: want the page's timeout, got %v", err)
		}
	}
	if got := d.calls.Load(); got != 1 {
		t.Errorf("page fetched %d times, want 1", got)
	}
}

// A caller that gave up (its own context cancelled) leaves nothing behind:
// a waiter whose context is live fetches the page again, once.
func TestIndexAbandonedFetchIsRetried(t *testing.T) {
	var calls atomic.Int32
	started := make(chan struct{})
	idx := New("http://127.0.0.1:1/simple", newClient(t, fetch.Options{}))
	idx.page = func(ctx context.Context, url, accept string) (*fetch.Page, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-ctx.Done()
			return nil, fmt.Errorf("GET %s: %w", url, ctx.Err())
		}
		return &fetch.Page{URL: url, ContentType: "text/html", Body: []byte(`<a href="/files/demo-1.0-py3-none-any.whl">x</a>`)}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := idx.Files(ctx, "demo")
		first <- err
	}()
	<-started
	var files []source.File
	var err error
	waiter := make(chan struct{})
	waiting := make(chan struct{}, 4)
	idx.pages.waiting = func(string) { waiting <- struct{}{} }
	go func() {
		defer close(waiter)
		files, err = idx.Files(context.Background(), "demo")
	}()
	// The waiter is waiting for the first caller's fetch before that
	// caller gives up: only a refetch can answer it.
	within(t, "the waiter to wait", func() { <-waiting })
	cancel()
	within(t, "the first caller", func() {
		if e := <-first; !errors.Is(e, context.Canceled) {
			t.Errorf("first caller: %v", e)
		}
	})
	within(t, "the waiter", func() { <-waiter })
	if err != nil || len(files) != 1 {
		t.Fatalf("waiter: %v %v", files, err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("page fetched %d times, want 2", got)
	}
}

// A waiter's own context ends its wait.
func TestIndexWaitEndsWithContext(t *testing.T) {
	d := &deadlinePage{release: make(chan struct{})}
	defer close(d.release)
	idx := New("http://127.0.0.1:1/simple", newClient(t, fetch.Options{}))
	idx.page = d.get
	go idx.Files(context.Background(), "demo")
	for d.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	within(t, "the waiter", func() {
		if _, err := idx.Files(ctx, "demo"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v", err)
		}
	})
}

// A find-links page that timed out is fetched once, and every project asked
// of it gets the timeout at once.
func TestFlatPageTimeoutIsRemembered(t *testing.T) {
	d := &deadlinePage{}
	fp := NewFlatPage("http://127.0.0.1:1/links.html", newClient(t, fetch.Options{}))
	fp.page = d.get
	for _, p := range []string{"a", "b", "c"} {
		within(t, "Files("+p+")", func() {
			if _, err := fp.Files(context.Background(), p); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s: got %v", p, err)
			}
		})
	}
	if got := d.calls.Load(); got != 1 {
		t.Errorf("page fetched %d times, want 1", got)
	}
}
