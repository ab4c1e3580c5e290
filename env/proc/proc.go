package proc

import (
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
	// Timeout bounds the run; 0 is DefaultTimeout.
	Timeout time.Duration
	// NoTimeout marks a long process that may rightly run for minutes (a
	// build backend, byte-compiling): it is never timed out; a cancel of
	// the context still kills its whole group.
	NoTimeout bool
	// MaxOutput caps the output kept, in bytes; 0 is DefaultMaxOutput.
	// Past it the process is stopped (ErrTooMuchOutput). It covers stdout
	// and stderr together, or stdout alone when StderrTail is set.
	MaxOutput int64
	// StdoutTail keeps the last MaxOutput bytes of stdout instead, and
	// does not stop the process: for an answer printed last, after what
	// imported code may have printed.
	StdoutTail bool
	// StderrTail, when above 0, keeps only the last StderrTail bytes of
	// stderr (bounded.StderrTail: where a traceback's useful part is),
	// outside MaxOutput; a long stderr then never stops the process.
	StderrTail int64
	// Stdout and Stderr, when set, receive that stream instead of Result
	// (which keeps nothing of it): the caller bounds what it keeps.
	Stdout, Stderr io.Writer
	// Announce, when set, is called once if the process is still running
	// after AnnounceAfter; never after Run has returned.
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

// Run runs a process to the end and returns its output. See the package
// documentation for what bounds it; what it left behind in its process
// group is killed when it ends.
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
	var tctx context.Context
	var cancel context.CancelFunc
	if o.NoTimeout {
		tctx, cancel = context.WithCancel(ctx)
	} else {
		tctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	cmd := exec.CommandContext(tctx, name, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = o.Dir, o.Env, o.Stdin
	Group(cmd)
	cmd.WaitDelay = waitDelay

	// What is kept of each stream, and the cap that stops the process.
	var stdout, stderr interface{ Bytes() []byte }
	var capped *bounded.Head
	if o.StderrTail > 0 || o.Stderr != nil {
		if o.Stdout == nil {
			if o.StdoutTail {
				t := &bounded.Tail{Limit: max}
				stdout, cmd.Stdout = t, t
			} else {
				capped = &bounded.Head{Limit: max, OnOver: cancel}
				stdout, cmd.Stdout = capped, capped
			}
		}
		if o.Stderr == nil {
			t := &bounded.Tail{Limit: o.StderrTail}
			stderr, cmd.Stderr = t, t
		}
	} else {
		hs := bounded.SharedHeads(2, max, cancel)
		capped = hs[0]
		if o.Stdout == nil {
			stdout, cmd.Stdout = hs[0], hs[0]
		}
		stderr, cmd.Stderr = hs[1], hs[1]
	}
	if o.Stdout != nil {
		cmd.Stdout = o.Stdout
	}
	if o.Stderr != nil {
		cmd.Stderr = o.Stderr
	}
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
	res := &Result{}
	if stdout != nil {
		res.Stdout = stdout.Bytes()
	}
	if stderr != nil {
		res.Stderr = stderr.Bytes()
	}
	if errors.Is(err, exec.ErrWaitDelay) {
		// The process exited with success; something it left behind held
		// the output open, and has been killed with its group.
		err = nil
	}
	switch {
	case capped != nil && capped.Over():
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
