package index

import (
	"context"
	"sync"
)

// maxRefetch bounds how often one caller fetches again a page whose
// earlier fetch was abandoned (see memoTable).
const maxRefetch = 2

// memoTable fetches each key once and shares the answer with the callers
// waiting for it and with every later caller, errors included. It is the
// one place the index package remembers fetches, so the rule lives here:
//
//   - A failed fetch is the answer for the rest of the run, whatever the
//     error, a timeout by the fetch's own deadline included. Retrying is
//     the fetch client's policy (--retries), never a waiter's: a waiter
//     does not loop on a remembered error.
//   - The one exception is a fetch abandoned because the caller that ran
//     it gave up (its own context was cancelled or passed its deadline):
//     that failure says nothing about the page, so the entry is dropped
//     and a waiter whose context is still live fetches again, at most
//     maxRefetch times (callers that keep giving up cannot hold another
//     one forever).
//   - Every wait also ends when the waiter's own context does.
//
// The zero value is ready to use.
type memoTable[T any] struct {
	mu sync.Mutex
	m  map[string]*memoEntry[T]
	// waiting, when set (tests), is called when a caller starts waiting
	// for another caller's fetch.
	waiting func(key string)
}

type memoEntry[T any] struct {
	done chan struct{} // closed when val and err are set
	val  T
	err  error
	// abandoned says the fetching caller's context ended: the error is not
	// the page's, and the entry has left the table.
	abandoned bool
}

// get returns key's value, running fetch with ctx when no caller has (or
// when the caller that did gave up).
func (t *memoTable[T]) get(ctx context.Context, key string, fetch func(context.Context) (T, error)) (T, error) {
	for refetches := 0; ; refetches++ {
		t.mu.Lock()
		e, ok := t.m[key]
		if !ok {
			if t.m == nil {
				t.m = map[string]*memoEntry[T]{}
			}
			e = &memoEntry[T]{done: make(chan struct{})}
			t.m[key] = e
			t.mu.Unlock()
			t.run(ctx, key, e, fetch)
			return e.val, e.err
		}
		t.mu.Unlock()
		if t.waiting != nil {
			t.waiting(key)
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if !e.abandoned || refetches >= maxRefetch || ctx.Err() != nil {
			return e.val, e.err
		}
		// The caller that fetched gave up; ours is still live: fetch again.
	}
}

// run fills e; whatever happens (a panic too), e.done is closed.
func (t *memoTable[T]) run(ctx context.Context, key string, e *memoEntry[T], fetch func(context.Context) (T, error)) {
	defer close(e.done)
	e.val, e.err = fetch(ctx)
	if e.err != nil && ctx.Err() != nil {
		// A caller that gave up: its failure is not the page's.
		e.abandoned = true
		t.mu.Lock()
		if t.m[key] == e {
			delete(t.m, key)
		}
		t.mu.Unlock()
	}
}
