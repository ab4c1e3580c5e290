package progress

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/mattn/go-runewidth"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/fwenv/fwenv/archive/printable"
)

// Unit says what a task counts.
type Unit int

const (
	// Count counts items (files, distributions): shown as 3/10.
	Count Unit = iota
	// Bytes counts bytes: shown as 1.2 MiB / 5.0 MiB.
	Bytes
)

// The bar itself (brackets included) is half of what the label and the
// counter leave of the line, between minBar and maxBar columns; the item's
// name has the rest, less one column: no line reaches the terminal's last
// column, where some terminals wrap at once.
const (
	minBar = 10
	maxBar = 32
)

// Display shows tasks as bars on a terminal and passes text on to stderr.
// Its methods may be called from several goroutines.
type Display struct {
	out     io.Writer
	enabled bool

	mu      sync.Mutex
	p       *mpb.Progress      // running while a task is; nil otherwise
	tasks   map[*Task]struct{} // begun and not ended
	partial []byte             // an unfinished line written while bars were shown
	midLine bool               // the last byte written straight to out was not a newline
	closed  bool
}

// New returns the display for a command's stderr. It draws bars only when
// Enabled says so; otherwise it is plain (see the package documentation).
// getenv is how the command reads its environment (nil: os.Getenv).
func New(stderr io.Writer, quiet bool, getenv func(string) string) *Display {
	return &Display{out: stderr, enabled: Enabled(stderr, quiet, getenv), tasks: map[*Task]struct{}{}}
}

// Enabled reports whether a Display for these would draw bars: stderr is an
// *os.File that is a terminal, quiet is false, TERM is not "dumb" and
// NO_COLOR is unset or empty.
func Enabled(stderr io.Writer, quiet bool, getenv func(string) string) bool {
	if getenv == nil {
		getenv = os.Getenv
	}
	if quiet || getenv("TERM") == "dumb" || getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := stderr.(*os.File)
	return ok && f != nil && term.IsTerminal(int(f.Fd()))
}

// Enabled reports whether d draws bars.
func (d *Display) Enabled() bool { return d.enabled }

// Write passes b on to stderr: unchanged while no bar is shown, and as whole
// lines above the bars while some are (an unfinished line waits for its
// newline, or for the last bar to go). It always reports len(b) written
// unless stderr itself failed.
func (d *Display) Write(b []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p == nil {
		return d.direct(b)
	}
	d.partial = append(d.partial, b...)
	i := bytes.LastIndexByte(d.partial, '\n')
	if i < 0 {
		return len(b), nil
	}
	if _, err := d.p.Write(d.partial[:i+1]); err != nil {
		// The container stopped drawing (its terminal failed): say it plainly.
		if _, err := d.direct(d.partial[:i+1]); err != nil {
			return 0, err
		}
	}
	d.partial = append(d.partial[:0], d.partial[i+1:]...)
	return len(b), nil
}

// Printf formats like fmt.Printf and writes the result with Write.
func (d *Display) Printf(format string, args ...any) {
	fmt.Fprintf(d, format, args...)
}

// direct writes b to stderr; d.mu is held.
func (d *Display) direct(b []byte) (int, error) {
	n, err := d.out.Write(b)
	if n > 0 {
		d.midLine = b[n-1] != '\n'
	}
	return n, err
}

// Begin starts a task: label says what it does ("Downloading"), total is how
// many units it will count (0 when not known yet; see AddTotal). On a plain
// display, or after Close, the task shows nothing. End it when it is done.
func (d *Display) Begin(label string, total int64, unit Unit) *Task {
	t := &Task{d: d}
	if !d.enabled {
		return t
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return t
	}
	if d.p == nil {
		if d.midLine {
			// The first bar goes on a line of its own; redrawing it would
			// otherwise wipe the text before it.
			d.direct([]byte("\n"))
		}
		d.p = mpb.New(mpb.WithOutput(d.out), mpb.WithDebugOutput(io.Discard))
	}
	t.cur.Store(&item{})
	// A bar made with total 0 never completes by itself, whatever its count:
	// it goes when End says so. Its shown total is set apart.
	t.bar = d.p.New(0, mpb.BarStyle(),
		mpb.BarFillerMiddleware(t.fillerWidth),
		mpb.BarRemoveOnComplete(),
		mpb.PrependDecorators(decor.Name(printable.Escape(label))),
		mpb.AppendDecorators(decor.Any(counter(unit)), decor.Any(t.itemDecor)),
	)
	if total > 0 {
		t.total = total
		t.bar.SetTotal(total, false)
	}
	d.tasks[t] = struct{}{}
	return t
}

// Close ends every task still running (a command that failed) and returns
// when the bars are cleared from the screen and the bar library has stopped
// (its goroutines are done; none is left waiting or ticking). Text written afterwards goes straight to stderr; tasks begun
// afterwards show nothing. Calling Close again does nothing.
func (d *Display) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	for t := range d.tasks {
		delete(d.tasks, t)
		t.bar.Abort(true)
	}
	d.stop()
}

// stop waits for the container to clear its bars and stop, then writes an
// unfinished line that waited for it; d.mu is held and every bar is ended.
func (d *Display) stop() {
	if d.p == nil {
		return
	}
	d.p.Wait()
	d.p = nil
	if len(d.partial) > 0 {
		d.direct(d.partial)
		d.partial = nil
	}
}

// Task is one bar. Its methods do nothing on a task of a plain display, and
// Advance and AddTotal do nothing once it ended.
type Task struct {
	d    *Display
	bar  *mpb.Bar             // nil when the display is plain or closed
	cur  atomic.Pointer[item] // the item it is at
	barW atomic.Int64         // the bar's width, set when the line is laid out

	mu    sync.Mutex
	total int64
}

// Advance counts n more units done, at the item named (a file name, a
// distribution; escaped before it is shown). An empty name keeps the one
// shown before.
func (t *Task) Advance(n int64, name string) {
	if t.bar == nil {
		return
	}
	if name != "" && name != t.cur.Load().name {
		t.cur.Store(&item{name: name, shown: printable.Escape(name)})
	}
	t.bar.IncrInt64(n)
}

// item is the name a task is at, and the name as shown.
type item struct{ name, shown string }

// AddTotal adds n to the task's total, for work found while the task runs.
func (t *Task) AddTotal(n int64) {
	if t.bar == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total += n
	t.bar.SetTotal(t.total, false)
}

// End removes the task's bar. When it was the last one, End returns after
// the bars are cleared and the container has stopped, and text written
// afterwards goes straight to stderr again. Ending a task twice does nothing.
func (t *Task) End() {
	if t.bar == nil {
		return
	}
	d := t.d
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.tasks[t]; !ok {
		return
	}
	delete(d.tasks, t)
	t.bar.Abort(true)
	if len(d.tasks) == 0 {
		d.stop()
	}
}

// counter shows how far a task is: 3/10 or 1.2 MiB / 5.0 MiB, the count
// alone while the total is not known.
func counter(unit Unit) decor.DecorFunc {
	if unit == Bytes {
		return func(s decor.Statistics) string {
			if s.Total <= 0 {
				return fmt.Sprintf("% .1f", decor.SizeB1024(s.Current))
			}
			return fmt.Sprintf("% .1f / % .1f", decor.SizeB1024(s.Current), decor.SizeB1024(s.Total))
		}
	}
	return func(s decor.Statistics) string {
		if s.Total <= 0 {
			return fmt.Sprintf("%d", s.Current)
		}
		return fmt.Sprintf("%d/%d", s.Current, s.Total)
	}
}

// itemDecor shows the current item's name after the counter, cut to what
// the line has left once the bar has its width (see minBar), and sets that
// width for fillerWidth: both run in turn each time the bar is drawn.
func (t *Task) itemDecor(s decor.Statistics) string {
	bar := min(max(s.AvailableWidth/2, minBar), maxBar)
	t.barW.Store(int64(bar))
	name := t.cur.Load().shown
	room := s.AvailableWidth - (bar + 2) - 1 - 1 // the bar and its spaces, our space, the last column
	if name == "" || room <= 0 {
		return ""
	}
	return " " + runewidth.Truncate(name, room, "…")
}

// fillerWidth draws the bar at the width itemDecor chose.
func (t *Task) fillerWidth(f mpb.BarFiller) mpb.BarFiller {
	return mpb.BarFillerFunc(func(w io.Writer, s decor.Statistics) error {
		s.RequestedWidth = int(t.barW.Load())
		return f.Fill(w, s)
	})
}
