package bounded

import (
	"fmt"
	"io"
	"sync"
)

// The caps of a build log on disk (CACHE/build-logs, env/build). A build
// backend's output has no size fwenv controls: a setup.py that prints in a
// loop wrote 6 GB in 20 s. The build itself is never cut off for printing
// (a long, chatty compile is legitimate), so what is bounded is what is
// kept: the first BuildLogHead bytes, where the backend says what it is and
// what it found, and the last BuildLogTail bytes, where the error is; what
// lies between is replaced by one line "[… N bytes left out …]". One build's
// log is thus at most about 2 MiB whatever the backend prints, and the tail
// costs BuildLogTail bytes of memory while the build runs.
const (
	BuildLogHead int64 = 1 << 20
	BuildLogTail int64 = 1 << 20
)

// HeadTail writes the first Head bytes written to it through to W at once
// and keeps the last Tail bytes after them in a ring in memory; Close
// writes a line naming how many bytes were left out between the two, then
// the ring, to W. Every byte is reported as written, so a copy from a pipe
// drains it and the writer is never stopped. If the process dies before
// Close, W holds the head only. HeadTail is safe for concurrent use; it
// does not close W.
type HeadTail struct {
	W    io.Writer
	Head int64
	Tail int64

	mu      sync.Mutex
	written int64 // bytes of the head written through to W
	last    byte  // last byte written to W
	ring    []byte
	start   int   // index of the oldest byte in ring once it is full
	full    bool  // ring has wrapped
	dropped int64 // bytes left out between head and tail
	closed  bool
}

// Write keeps what the caps allow and reports every byte written. The
// error is W's, from writing the head.
func (h *HeadTail) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := len(p)
	if h.closed {
		h.dropped += int64(n)
		return n, nil
	}
	var err error
	if room := h.Head - h.written; room > 0 {
		k := int64(len(p))
		if k > room {
			k = room
		}
		h.written += k
		if k > 0 {
			h.last = p[k-1]
			_, err = h.W.Write(p[:k])
		}
		p = p[k:]
	}
	if len(p) > 0 {
		h.keep(p)
	}
	return n, err
}

// keep adds p to the tail ring.
func (h *HeadTail) keep(p []byte) {
	if h.Tail <= 0 {
		h.dropped += int64(len(p))
		return
	}
	size := int(h.Tail)
	if len(p) >= size {
		h.dropped += int64(h.kept()) + int64(len(p)-size)
		h.ring = append(h.ring[:0], p[len(p)-size:]...)
		h.start, h.full = 0, true
		return
	}
	if !h.full {
		if room := size - len(h.ring); len(p) <= room {
			h.ring = append(h.ring, p...)
			h.full = len(h.ring) == size
			return
		}
		// Fill the ring, then wrap.
		room := size - len(h.ring)
		h.ring = append(h.ring, p[:room]...)
		p = p[room:]
		h.full, h.start = true, 0
	}
	// Overwrite the oldest bytes.
	h.dropped += int64(len(p))
	for len(p) > 0 {
		c := copy(h.ring[h.start:], p)
		p = p[c:]
		h.start = (h.start + c) % size
	}
}

func (h *HeadTail) kept() int {
	return len(h.ring)
}

// Dropped is how many bytes were left out so far.
func (h *HeadTail) Dropped() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped
}

// Close writes the marker of what was left out, if anything was, and the
// tail to W. Later writes are counted as left out and not kept.
func (h *HeadTail) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	if h.dropped > 0 {
		nl := ""
		if h.written > 0 && h.last != '\n' {
			nl = "\n"
		}
		if _, err := fmt.Fprintf(h.W, "%s[… %d bytes left out …]\n", nl, h.dropped); err != nil {
			return err
		}
	}
	var err error
	if h.full {
		if _, err = h.W.Write(h.ring[h.start:]); err == nil {
			_, err = h.W.Write(h.ring[:h.start])
		}
	} else if len(h.ring) > 0 {
		_, err = h.W.Write(h.ring)
	}
	h.ring = nil
	return err
}
