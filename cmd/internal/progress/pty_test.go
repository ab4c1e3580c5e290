//go:build unix

package progress

import (
	"bytes"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/term"

	"github.com/fwenv/fwenv/cmd/internal/progress/ptytest"
)

const wait = 10 * time.Second

func openTerminal(t *testing.T, size ptytest.Size) *ptytest.Terminal {
	t.Helper()
	tm, err := ptytest.Open(size)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tm.Close() })
	return tm
}

// settle fails t unless the goroutine count falls to at most want.
func settle(t *testing.T, want int) {
	t.Helper()
	if err := ptytest.Goroutines(want, 5*time.Second); err != nil {
		t.Error(err)
	}
}

func TestEnableRulesOnATerminal(t *testing.T) {
	tm := openTerminal(t, ptytest.Size{})
	tests := []struct {
		name   string
		quiet  bool
		getenv func(string) string
		want   bool
	}{
		{"a terminal", false, env("TERM", "xterm-256color"), true},
		{"TERM unset", false, env(), true},
		{"NO_COLOR empty", false, env("TERM", "xterm", "NO_COLOR", ""), true},
		{"--quiet", true, env("TERM", "xterm"), false},
		{"TERM=dumb", false, env("TERM", "dumb"), false},
		{"NO_COLOR=1", false, env("TERM", "xterm", "NO_COLOR", "1"), false},
		{"NO_COLOR=0 (any value)", false, env("NO_COLOR", "0"), false},
	}
	for _, tt := range tests {
		if got := Enabled(tm.TTY(), tt.quiet, tt.getenv); got != tt.want {
			t.Errorf("%s: Enabled %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestOnATerminalWithoutBarsNothingChanges: what is written while no bar
// is shown reaches the terminal byte for byte (the terminal is raw, so it
// does not turn LF into CRLF either).
func TestOnATerminalWithoutBarsNothingChanges(t *testing.T) {
	tm := openTerminal(t, ptytest.Size{})
	if _, err := term.MakeRaw(int(tm.TTY().Fd())); err != nil {
		t.Fatal(err)
	}
	d := New(tm.TTY(), false, env("TERM", "xterm"))
	if !d.Enabled() {
		t.Fatal("not enabled on a terminal")
	}
	msgs := []string{"resolving\n", "no newline, ", "then one\n", "\x1b[1mbold\x1b[0m\r\n", "last"}
	for _, m := range msgs {
		d.Write([]byte(m))
	}
	d.Close()
	if out, want := string(tm.Close()), strings.Join(msgs, ""); out != want {
		t.Errorf("terminal got %q, want %q", out, want)
	}
}

// barLine matches a drawn bar of a Count task labelled Installing.
var barLine = regexp.MustCompile(`Installing \[[=>-]+\] \d+/\d+`)

func TestBarOnATerminal(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	size := ptytest.Size{Cols: 80, Rows: 24}
	tm := openTerminal(t, size)
	d := New(tm.TTY(), false, env("TERM", "xterm"))

	d.Write([]byte("resolving\n"))
	task := d.Begin("Installing", 10, Count)
	task.Advance(3, "pkg-3.whl")
	if _, err := tm.WaitFor("3/10 pkg-3.whl", wait); err != nil {
		t.Fatal(err)
	}
	d.Printf("warning: %s\n", "the first message")
	task.Advance(2, "pkg-5.whl")
	if _, err := tm.WaitFor("warning: the first message", wait); err != nil {
		t.Fatal(err)
	}
	d.Write([]byte("building "))
	d.Write([]byte("foo\n"))
	out, err := tm.WaitFor("building foo", wait)
	if err != nil {
		t.Fatal(err)
	}
	// Meanwhile the screen shows the messages whole, each on its line,
	// and one bar below them.
	mid := ptytest.Emulate(out, size)
	if n := len(mid.Lines); n != 4 || strings.Join(mid.Lines[:3], "|") != "resolving|warning: the first message|building foo" || !barLine.MatchString(mid.Lines[3]) {
		t.Errorf("screen while the bar runs:\n%s", mid)
	}
	for _, l := range mid.Lines {
		if len([]rune(l)) >= size.Cols {
			t.Errorf("line %q is as wide as the terminal", l)
		}
	}

	task.Advance(5, "pkg-10.whl")
	if _, err := tm.WaitFor("10/10", wait); err != nil {
		t.Fatal(err)
	}
	task.End()
	d.Write([]byte("done\n"))
	d.Close()
	out = tm.Close()

	final := ptytest.Emulate(out, size)
	if got, want := strings.Join(final.Lines, "|"), "resolving|warning: the first message|building foo|done"; got != want {
		t.Errorf("final screen:\n%s\nwant the messages alone: %s\nraw: %q", final, want, out)
	}
	if final.CursorHidden {
		t.Error("the cursor is left hidden")
	}
	if i := bytes.Index(out, []byte("done")); !bytes.HasSuffix(out, []byte("done\r\n")) || bytes.Contains(out[i:], []byte("\x1b")) {
		t.Errorf("after the last task the display still writes sequences: %q", out)
	}
	settle(t, goroutines+1) // the terminal's reader stops in Cleanup
}

func TestOverlappingTasks(t *testing.T) {
	size := ptytest.Size{Cols: 100, Rows: 24}
	tm := openTerminal(t, size)
	d := New(tm.TTY(), false, env("TERM", "xterm"))

	dl := d.Begin("Downloading", 0, Bytes)
	dl.AddTotal(3 << 20)
	dl.Advance(1<<20, "a-1.0.tar.gz")
	in := d.Begin("Installing", 4, Count)
	in.Advance(1, "a")
	out, err := tm.WaitFor("1/4 a", wait)
	if err == nil {
		out, err = tm.WaitFor("1.0 MiB / 3.0 MiB a-1.0.tar.gz", wait)
	}
	if err != nil {
		t.Fatal(err)
	}
	if s := ptytest.Emulate(out, size); len(s.Lines) != 2 || !strings.HasPrefix(s.Lines[0], "Downloading [") || !strings.HasPrefix(s.Lines[1], "Installing [") {
		t.Errorf("screen with two tasks:\n%s", s)
	}
	dl.End()
	d.Write([]byte("downloaded\n"))
	if out, err = tm.WaitFor("downloaded", wait); err != nil {
		t.Fatal(err)
	}
	in.Advance(3, "d")
	in.End()
	d.Close()
	out = tm.Close()
	if s := ptytest.Emulate(out, size); strings.Join(s.Lines, "|") != "downloaded" {
		t.Errorf("final screen:\n%s\nraw: %q", s, out)
	}
}

// TestCloseWithTasksRunning is a command that fails half-way: Close leaves
// the screen with its messages only, and no goroutine behind.
func TestCloseWithTasksRunning(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	size := ptytest.Size{Cols: 60, Rows: 10}
	tm := openTerminal(t, size)
	d := New(tm.TTY(), false, env())
	a := d.Begin("Building", 0, Count)
	b := d.Begin("Downloading", 100, Bytes)
	a.Advance(1, "foo")
	b.Advance(10, "x.whl")
	d.Write([]byte("error: the build failed"))
	if _, err := tm.WaitFor("Downloading", wait); err != nil {
		t.Fatal(err)
	}
	d.Close()
	b.Advance(1, "ignored")
	b.End()
	out, err := tm.WaitFor("error: the build failed", wait)
	if err != nil {
		t.Fatal(err)
	}
	if s := ptytest.Emulate(out, size); strings.Join(s.Lines, "|") != "error: the build failed" {
		t.Errorf("screen after Close:\n%s\nraw: %q", s, out)
	}
	d.Write([]byte("\n"))
	if task := d.Begin("after", 1, Count); task.bar != nil {
		t.Error("a task begun after Close has a bar")
	}
	out = tm.Close()
	if s := ptytest.Emulate(out, size); strings.Join(s.Lines, "|") != "error: the build failed" {
		t.Errorf("final screen:\n%s\nraw: %q", s, out)
	}
	settle(t, goroutines+1)
}

// TestNarrowTerminalAndHostileNames: a long name is cut to the line, and
// control characters in it are shown escaped, never sent.
func TestNarrowTerminalAndHostileNames(t *testing.T) {
	size := ptytest.Size{Cols: 50, Rows: 10}
	tm := openTerminal(t, size)
	d := New(tm.TTY(), false, env())
	task := d.Begin("Installing", 2, Count)
	task.Advance(1, "evil\x1b[2J\u202ename-with-a-very-long-tail.whl")
	out, err := tm.WaitFor("1/2", wait)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("\x1b[2J")) || bytes.Contains(out, []byte("\u202e")) {
		t.Errorf("a name's control characters reached the terminal: %q", out)
	}
	s := ptytest.Emulate(out, size)
	if len(s.Lines) != 1 || !strings.Contains(s.Lines[0], `1/2 evil\x1b[2J\u`) || !strings.HasSuffix(s.Lines[0], "…") || len([]rune(s.Lines[0])) != size.Cols-1 {
		t.Errorf("screen:\n%s", s)
	}
	task.End()
	d.Close()
	if s := ptytest.Emulate(tm.Close(), size); len(s.Lines) != 0 {
		t.Errorf("final screen:\n%s", s)
	}
}

// TestLineStartedBeforeTheFirstBar: text without its newline before a bar
// stays on the screen (the bar starts on the next line).
func TestLineStartedBeforeTheFirstBar(t *testing.T) {
	size := ptytest.Size{Cols: 80, Rows: 10}
	tm := openTerminal(t, size)
	d := New(tm.TTY(), false, env())
	d.Write([]byte("fetching index..."))
	task := d.Begin("Downloading", 2, Count)
	task.Advance(1, "a")
	if _, err := tm.WaitFor("1/2", wait); err != nil {
		t.Fatal(err)
	}
	task.End()
	d.Close()
	if s := ptytest.Emulate(tm.Close(), size); strings.Join(s.Lines, "|") != "fetching index..." {
		t.Errorf("final screen:\n%s", s)
	}
}
