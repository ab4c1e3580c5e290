package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"io"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// DefaultTimeout bounds a short helper when Options.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// DefaultMaxOutput caps what a short helper may print (stdout and stderr
// together) when Options.MaxOutput is 0.
const DefaultMaxOutput = bounded.ProcessOutput

// AnnounceAfter is how long a process runs before Announce (and
// Options.Announce) calls its function.
const AnnounceAfter = time.Second

// waitDelay is how long Wait waits for the output pipes once the process
// has exited or been killed: a grandchild that left the group while
// holding a pipe open cannot block for longer.
const waitDelay = 2 * time.Second

var (
	// ErrTimeout is wrapped by Run's error when the helper did not finish
	// in time.
	ErrTimeout = errors.New("no answer in time")
	// ErrTooMuchOutput is wrapped by Run's error when the helper printed
	// more than the cap.
	ErrTooMuchOutput = errors.New("too much output")
)

// Options tune Run.
type Options struct {
	Dir   string
	Env   []string // nil: the caller's environment
	Stdin io.Reader
	// Timeout bounds the run; 0 is DefaultTimeout. There is no way to
	// switch it off: a process that may rightly run long is not a helper.
	Timeout time.Duration
	// MaxOutput caps stdout and stderr together, in bytes; 0 is
	// DefaultMaxOutput.
	MaxOutput int64
	// Announce, when set, is called once if the helper is still running
	// after AnnounceAfter.
	Announce func()
}

// Result is what a helper printed. Stderr is kept when Run fails too.
type Result struct {
	Stdout, Stderr []byte
}

// Error is a helper that timed out, printed too much or could not run.
// A helper that ran and exited non-zero gives an *exec.ExitError instead
// (inside Error too, so errors.As finds it).
type Error struct {
	Name    string        // the program
	Timeout time.Duration // the bound, for ErrTimeout
	Max     int64         // the cap, for ErrTooMuchOutput
	Err     error
}

func (e *Error) Error() string {
	switch {
	case errors.Is(e.Err, ErrTimeout):
		return fmt.Sprintf("%s gave no answer within %s", e.Name, e.Timeout)
	case errors.Is(e.Err, ErrTooMuchOutput):
		return fmt.Sprintf("%s printed more than %s of output", e.Name, bounded.Size(e.Max))
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Run runs a short helper to the end and returns its output. See the
// package documentation for what bounds it.
func Run(ctx context.Context, name string, args []string, o Options) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	max := o.MaxOutput
	if max <= 0 {
		max = DefaultMaxOutput
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, name, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = o.Dir, o.Env, o.Stdin
	Group(cmd)
	cmd.WaitDelay = waitDelay
	lim := &limiter{max: max, over: cancel}
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &capped{l: lim, buf: &stdout}
	cmd.Stderr = &capped{l: lim, buf: &stderr}
	if err := cmd.Start(); err != nil {
		return nil, &Error{Name: name, Err: err}
	}
	var stop func()
	if o.Announce != nil {
		stop = Announce(o.Announce)
	}
	err := cmd.Wait()
	if stop != nil {
		stop()
	}
	killGroup(cmd)
	res := &Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	if errors.Is(err, exec.ErrWaitDelay) {
		// The helper exited with success; something it left behind held
		// the output open, and has been killed with its group.
		err = nil
	}
	switch {
	case lim.exceeded():
		return res, &Error{Name: name, Max: max, Err: ErrTooMuchOutput}
	case err == nil:
		return res, nil
	case ctx.Err() == nil && tctx.Err() != nil:
		return res, &Error{Name: name, Timeout: timeout, Err: ErrTimeout}
	case ctx.Err() != nil:
		return res, &Error{Name: name, Err: ctx.Err()}
	}
	return res, &Error{Name: name, Err: err}
}

// Group puts cmd (not started yet) in a process group of its own, so that
// its context's cancel kills every process it started, not only the first.
func Group(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.Cancel = func() error { return killGroup(cmd) }
}

// KillGroup kills what is left of the process group of cmd, started after
// Group: a long process's leftovers once it has ended.
func KillGroup(cmd *exec.Cmd) error { return killGroup(cmd) }

// killGroup kills cmd's process group (what is left of it).
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil || cmd.Process.Pid <= 0 {
		return nil
	}
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

// Announce calls fn once, from another goroutine, if stop has not been
// called within AnnounceAfter. Once stop has returned, fn is not running
// and will not run: what fn did happens before stop returns, so the caller
// may read what fn wrote without a lock of its own.
func Announce(fn func()) (stop func()) {
	var mu sync.Mutex
	stopped := false
	t := time.AfterFunc(AnnounceAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			fn()
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		stopped = true
		mu.Unlock()
	}
}

// limiter counts the bytes of both streams against one cap.
type limiter struct {
	mu   sync.Mutex
	n    int64
	max  int64
	over func()
	hit  bool
}

func (l *limiter) exceeded() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hit
}

type capped struct {
	l   *limiter
	buf *bytes.Buffer
}

// Write keeps bytes up to the cap; past it, it stops the helper and
// discards the rest (saying it wrote them, so the copy drains the pipe).
func (c *capped) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	defer c.l.mu.Unlock()
	room := c.l.max - c.l.n
	if room <= 0 || int64(len(p)) > room {
		if room > 0 {
			c.buf.Write(p[:room])
			c.l.n += room
		}
		if !c.l.hit {
			c.l.hit = true
			c.l.over()
		}
		return len(p), nil
	}
	c.buf.Write(p)
	c.l.n += int64(len(p))
	return len(p), nil
}
