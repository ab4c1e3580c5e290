package fetch

import (
	"bytes"
	"log"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/printable"
)

// RouteStdLog sends the lines of Go's standard logger to sink (one call per
// line, without the trailing newline; nil drops them) instead of stderr.
//
// net/http's client transport, which Client uses, has no logger of its own:
// it reports a few protocol oddities through the standard logger, the most
// common being "Unsolicited response received on idle HTTP channel" (a
// server that sent more bytes than its Content-Length said, or a response
// nobody asked for). Left alone, that line lands raw in the middle of a
// command's output. A program (not a library: the logger is process-wide)
// calls RouteStdLog once at start-up, typically with a sink that shows the
// line only when asked to be verbose.
func RouteStdLog(sink func(line string)) {
	log.SetFlags(0)
	log.SetPrefix("")
	log.SetOutput(&lineWriter{sink: sink})
}

// lineWriter splits what the logger writes into lines for sink, escaped
// (archive/printable): what a server sent must not steer the terminal.
type lineWriter struct {
	mu   sync.Mutex
	sink func(string)
	buf  []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		line := strings.TrimRight(string(w.buf[:i]), "\r")
		w.buf = w.buf[i+1:]
		if w.sink != nil && line != "" {
			w.sink(printable.Escape(line))
		}
	}
	if len(w.buf) > 64<<10 { // a line without end: passed on in pieces
		if w.sink != nil {
			w.sink(printable.Escape(string(w.buf)))
		}
		w.buf = nil
	}
	return len(p), nil
}
