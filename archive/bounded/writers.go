package bounded

import "sync"

// Head keeps the first Limit bytes written to it and drops the rest,
// reporting every byte as written (so a copy from a pipe drains it). The
// first write past the cap calls OnOver, when set, once: a caller stops
// the process there. Head is safe for concurrent use.
//
// Heads made by SharedHeads count their bytes against one cap together.
type Head struct {
	Limit  int64
	OnOver func()

	once sync.Once
	pool *pool
	buf  []byte
}

// pool is the cap one or more Heads share.
type pool struct {
	mu     sync.Mutex
	limit  int64
	n      int64
	over   bool
	onOver func()
}

func (h *Head) getPool() *pool {
	h.once.Do(func() {
		if h.pool == nil {
			h.pool = &pool{limit: h.Limit, onOver: h.OnOver}
		}
	})
	return h.pool
}

// SharedHeads returns n Heads whose bytes count against one cap of limit
// (a helper's stdout and stderr together); onOver, when set, is called
// once, by the first write past it.
func SharedHeads(n int, limit int64, onOver func()) []*Head {
	p := &pool{limit: limit, onOver: onOver}
	hs := make([]*Head, n)
	for i := range hs {
		hs[i] = &Head{Limit: limit, OnOver: onOver, pool: p}
		hs[i].once.Do(func() {})
	}
	return hs
}

// Write keeps what fits under the cap and reports every byte written.
func (h *Head) Write(p []byte) (int, error) {
	pl := h.getPool()
	pl.mu.Lock()
	room := pl.limit - pl.n
	if int64(len(p)) <= room {
		h.buf = append(h.buf, p...)
		pl.n += int64(len(p))
		pl.mu.Unlock()
		return len(p), nil
	}
	if room > 0 {
		h.buf = append(h.buf, p[:room]...)
		pl.n += room
	}
	first := !pl.over
	pl.over = true
	onOver := pl.onOver
	pl.mu.Unlock()
	if first && onOver != nil {
		onOver()
	}
	return len(p), nil
}

// Bytes returns what was kept.
func (h *Head) Bytes() []byte {
	pl := h.getPool()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return h.buf
}

// String returns what was kept.
func (h *Head) String() string { return string(h.Bytes()) }

// Over reports whether more than the cap was written (to any Head of the
// same SharedHeads).
func (h *Head) Over() bool {
	pl := h.getPool()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.over
}

// Tail keeps the last Limit bytes written to it: where a Python traceback,
// git's error or a helper's final answer is. It never stops the writer.
// Tail is safe for concurrent use.
type Tail struct {
	Limit int64

	mu      sync.Mutex
	buf     []byte
	dropped bool
}

// Write keeps the end of what was written and reports every byte written.
func (t *Tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if t.Limit <= 0 {
		t.dropped = t.dropped || n > 0
		return n, nil
	}
	if int64(len(p)) >= t.Limit {
		t.dropped = t.dropped || len(t.buf) > 0 || int64(len(p)) > t.Limit
		t.buf = append(t.buf[:0], p[int64(len(p))-t.Limit:]...)
		return n, nil
	}
	if over := int64(len(t.buf)+len(p)) - t.Limit; over > 0 {
		t.dropped = true
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	t.buf = append(t.buf, p...)
	return n, nil
}

// Bytes returns the last Limit bytes written.
func (t *Tail) Bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf
}

// String returns the last Limit bytes written.
func (t *Tail) String() string { return string(t.Bytes()) }

// Dropped reports whether the start of what was written was dropped.
func (t *Tail) Dropped() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dropped
}
