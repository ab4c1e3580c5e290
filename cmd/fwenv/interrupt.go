package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fwenv/fwenv/env/ops"
)

// interrupts is how a command takes Ctrl-C (SIGINT) and SIGTERM: the first
// signal cancels the command's context (downloads, builds and a
// transaction not yet committed stop; a commit under way runs to its end),
// and when the command has returned Main prints one line saying what state
// the environment is in and exits with 128+N (130 for SIGINT, 143 for
// SIGTERM). A second signal while a commit runs is ignored (the same one
// again within 100 ms is the first seen twice, also ignored); at any other
// moment it ends fwenv at once, with the same line: the environment is as
// the line says, and temporary files left in the cache are removed by the
// next `fwenv cache prune`. Commands that pass signals to a child or serve
// until stopped (run, activate, index serve) handle them themselves (own).
type interrupts struct {
	ctx    context.Context
	cancel context.CancelFunc
	ch     chan os.Signal
	done   chan struct{}
	wg     sync.WaitGroup
	once   sync.Once

	sig  atomic.Value // the first signal (os.Signal)
	at   time.Time    // when the first signal came (set before sig)
	own  atomic.Bool
	sess atomic.Pointer[ops.Session]

	stderr io.Writer
	exit   func(int)
}

func watchInterrupts(stderr io.Writer) *interrupts {
	ctx, cancel := context.WithCancel(context.Background())
	in := &interrupts{ctx: ctx, cancel: cancel, ch: make(chan os.Signal, 4), done: make(chan struct{}), stderr: stderr, exit: os.Exit}
	signal.Notify(in.ch, syscall.SIGINT, syscall.SIGTERM)
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		for {
			select {
			case s := <-in.ch:
				in.take(s)
			case <-in.done:
				return
			}
		}
	}()
	return in
}

// sameSignal: the same signal again within this time is the first one seen
// twice (a signal sent to the process and to its process group, as
// timeout(1) does), not a second press.
const sameSignal = 100 * time.Millisecond

// take acts on one signal.
func (in *interrupts) take(s os.Signal) {
	if in.own.Load() {
		return
	}
	if in.sig.Load() == nil {
		in.at = time.Now()
		in.sig.Store(s)
		in.cancel()
		return
	}
	if s == in.sig.Load().(os.Signal) && time.Since(in.at) < sameSignal {
		return // one press seen twice: timeout(1) and kill -- -PGID signal the process and its group
	}
	if ops.Committing() {
		return // the environment is being changed: let the commit end
	}
	first := in.sig.Load().(os.Signal)
	fmt.Fprintf(in.stderr, "%s; stopped at once on the second signal\n", outputSafe(in.line(false)))
	in.exit(exitCodeOf(first))
}

// stop ends the watch (signals are Go's defaults again) and takes a
// signal that arrived meanwhile as the first one, if none came before: a
// signal sent while the command was ending is not lost. It may be called
// more than once.
func (in *interrupts) stop() {
	in.once.Do(func() {
		signal.Stop(in.ch)
		close(in.done)
		in.wg.Wait()
		in.cancel()
		for {
			select {
			case s := <-in.ch:
				if in.sig.Load() == nil {
					in.sig.Store(s)
				}
			default:
				return
			}
		}
	})
}

// received is the first signal taken, nil when none (or the command
// handles signals itself).
func (in *interrupts) received() os.Signal {
	if in.own.Load() {
		return nil
	}
	s, _ := in.sig.Load().(os.Signal)
	return s
}

// line is what the interrupted command leaves, in words; finished says the
// command got to its end.
func (in *interrupts) line(finished bool) string {
	e := &ops.Interrupted{}
	if s := in.sess.Load(); s != nil {
		e = s.Interruption()
	}
	return e.Line(finished)
}

// exitCodeOf is the status of a command stopped by s: 128 plus its number.
func exitCodeOf(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// readAnswer reads a prompt's answer (one word) from standard input. An
// interruption ends the wait with the answer "n": Ctrl-C at a prompt is
// no, never the prompt's default.
func (a *app) readAnswer() string {
	read := func() string {
		var s string
		fmt.Fscanln(a.stdin, &s)
		return s
	}
	if a.intr == nil {
		return read()
	}
	if a.intr.ctx.Err() != nil {
		return "n"
	}
	got := make(chan string, 1)
	go func() { got <- read() }() // left blocked on an interruption: fwenv ends soon after
	select {
	case s := <-got:
		return s
	case <-a.intr.ctx.Done():
		return "n"
	}
}
