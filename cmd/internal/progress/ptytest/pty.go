//go:build unix

package ptytest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Size is a terminal's size in character cells. A zero Size is 80x24.
type Size struct {
	Cols, Rows int
}

func (s Size) orDefault() Size {
	if s.Cols <= 0 {
		s.Cols = 80
	}
	if s.Rows <= 0 {
		s.Rows = 24
	}
	return s
}

// drainGrace bounds how long the output of a finished program, or of a
// closed in-process terminal, is still read.
const drainGrace = 5 * time.Second

// Terminal is a pseudo-terminal whose output is collected.
type Terminal struct {
	tty    *os.File // the terminal side, given to what is tested
	master *os.File // our side: pollable, so a deadline ends a read

	mu      sync.Mutex
	out     []byte
	changed chan struct{} // closed and replaced whenever out grows
	done    chan struct{} // closed when the reader stopped
	closed  bool
}

// Open makes a terminal of the given size and starts collecting what is
// written to its TTY. Close it.
func Open(size Size) (*Terminal, error) {
	size = size.orDefault()
	m, tty, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("opening a pseudo-terminal: %w", err)
	}
	if err := pty.Setsize(m, &pty.Winsize{Cols: uint16(size.Cols), Rows: uint16(size.Rows)}); err != nil {
		m.Close()
		tty.Close()
		return nil, fmt.Errorf("setting the pseudo-terminal's size: %w", err)
	}
	// pty's file is in blocking mode (it asked for its descriptor), so
	// closing it would not end a read. A non-blocking duplicate is handled
	// by the runtime's poller: deadlines and Close end a pending Read.
	fd, err := unix.FcntlInt(m.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	m.Close()
	if err == nil {
		err = unix.SetNonblock(fd, true)
		if err != nil {
			unix.Close(fd)
		}
	}
	if err != nil {
		tty.Close()
		return nil, fmt.Errorf("duplicating the pseudo-terminal: %w", err)
	}
	t := &Terminal{
		tty:     tty,
		master:  os.NewFile(uintptr(fd), "/dev/ptmx"),
		changed: make(chan struct{}),
		done:    make(chan struct{}),
	}
	go t.read()
	return t, nil
}

func (t *Terminal) read() {
	defer close(t.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := t.master.Read(buf)
		if n > 0 {
			t.mu.Lock()
			t.out = append(t.out, buf[:n]...)
			close(t.changed)
			t.changed = make(chan struct{})
			t.mu.Unlock()
		}
		if err != nil {
			// EIO on Linux once every terminal side is closed; a deadline
			// or Close otherwise.
			return
		}
	}
}

// TTY is the terminal side: what a program would have as stderr.
func (t *Terminal) TTY() *os.File { return t.tty }

// Output returns a copy of what was written to the terminal so far.
func (t *Terminal) Output() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Clone(t.out)
}

// WaitFor waits until the output holds s, for at most timeout, and returns
// the output then; the error says what was seen if s did not come.
func (t *Terminal) WaitFor(s string, timeout time.Duration) ([]byte, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		out, changed := bytes.Clone(t.out), t.changed
		t.mu.Unlock()
		if bytes.Contains(out, []byte(s)) {
			return out, nil
		}
		select {
		case <-changed:
		case <-t.done:
			return t.Output(), fmt.Errorf("terminal closed before %q was written; output: %q", s, t.Output())
		case <-deadline.C:
			return out, fmt.Errorf("%q not written within %v; output: %q", s, timeout, out)
		}
	}
}

// Close closes the terminal side, reads what is left (until every other
// holder of the terminal closed it too, for at most a few seconds) and
// returns the whole output. It is safe to call more than once.
func (t *Terminal) Close() []byte {
	t.mu.Lock()
	closed := t.closed
	t.closed = true
	t.mu.Unlock()
	if !closed {
		t.tty.Close()
		t.master.SetReadDeadline(time.Now().Add(drainGrace))
		<-t.done
		t.master.Close()
	}
	return t.Output()
}

// Command is a program to run on a new terminal.
type Command struct {
	Path string   // the program (an absolute path, or found in PATH)
	Args []string // its arguments, without the program's name
	Env  []string // its whole environment; nil means this process's
	Dir  string   // its working folder; "" means this process's
	Size Size     // the terminal's size
	// Input is typed on the terminal once the program started (the
	// terminal echoes it into the output, as it would for a person).
	Input []byte
	// Timeout is how long the program may run: at the limit its process
	// group is killed and Run returns ErrTimeout. Zero means one minute.
	Timeout time.Duration
}

// Result is what a program run by Run did.
type Result struct {
	Output   []byte // everything the program wrote to the terminal (LF arrives as CRLF)
	ExitCode int    // -1 when it was ended by a signal
}

// ErrTimeout is returned by Run when the program ran past its Timeout.
var ErrTimeout = errors.New("the program ran past its time limit and was killed")

// Run starts c on a new terminal (its stdin, stdout, stderr and controlling
// terminal, in a session of its own), waits until it exits and returns what
// it wrote. Processes of its group still running after it exited are
// killed. The error is about running it (it could not start, or ran past
// its time limit: Result holds the output then); a non-zero exit is only
// Result.ExitCode.
func Run(c Command) (Result, error) {
	t, err := Open(c.Size)
	if err != nil {
		return Result{ExitCode: -1}, err
	}
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Env = c.Env
	cmd.Dir = c.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = t.tty, t.tty, t.tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true} // Ctty 0: the child's stdin
	if err := cmd.Start(); err != nil {
		t.Close()
		return Result{ExitCode: -1}, fmt.Errorf("starting %s on a terminal: %w", c.Path, err)
	}
	// The program has its own copies: ours must go for its end to be seen.
	t.tty.Close()

	var typing sync.WaitGroup
	if len(c.Input) > 0 {
		typing.Go(func() { t.master.Write(c.Input) }) // ended by Close at the latest
	}

	timeout := c.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var runErr error
	select {
	case <-exited:
	case <-timer.C:
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		runErr = fmt.Errorf("%s %s: %w (%v)", c.Path, strings.Join(c.Args, " "), ErrTimeout, timeout)
	}
	// What the program started and left running still holds the terminal.
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)

	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.master.SetReadDeadline(time.Now().Add(drainGrace))
	<-t.done
	t.master.Close()
	typing.Wait()
	return Result{Output: t.Output(), ExitCode: cmd.ProcessState.ExitCode()}, runErr
}

// Goroutines waits up to within for the number of goroutines to fall to
// atMost, for tests that check nothing is left running; the error lists
// the stacks of those still there.
func Goroutines(atMost int, within time.Duration) error {
	deadline := time.Now().Add(within)
	for runtime.NumGoroutine() > atMost && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > atMost {
		buf := make([]byte, 1<<16)
		return fmt.Errorf("%d goroutines running, want at most %d:\n%s", n, atMost, buf[:runtime.Stack(buf, true)])
	}
	return nil
}
