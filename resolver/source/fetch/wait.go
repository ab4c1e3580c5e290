package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/fwenv/fwenv/archive/printable"
)

// Every wait is bounded or announced. A page (index page, find-links page,
// PEP 658 metadata file) is small, so its whole fetch, retries included,
// has a deadline (Options.PageDeadline); a file download that keeps moving
// is never cut, but once it has run for waitAfter it is announced through
// Options.Waiting, then every waitEvery; so is every retry sleep longer
// than announceSleep.
const (
	minPageDeadline   = 60 * time.Second
	pageDeadlineTimes = 10 // × Timeout, when that is longer than minPageDeadline
	waitAfter         = 2 * time.Second
	waitEvery         = 10 * time.Second
	announceSleep     = time.Second
)

// errDeadline is the cause of a page fetch cut by its deadline.
var errDeadline = errors.New("page deadline")

// call is what one get needs besides the request: its deadline, whether
// to announce a long transfer, and the bytes the current attempt received.
type call struct {
	what     string        // "page", "metadata file", "file": for messages
	deadline time.Duration // for the whole fetch; 0 means none
	announce bool          // tell Options.Waiting about a long transfer
	got      atomic.Int64  // body bytes received by the current attempt
	total    atomic.Int64  // Content-Length of the current attempt, -1 unknown
	answered atomic.Bool   // the current attempt has its response headers
}

// pageDeadline is the deadline of a page fetch.
func pageDeadline(o Options) time.Duration {
	if o.PageDeadline > 0 {
		return o.PageDeadline
	}
	return max(minPageDeadline, pageDeadlineTimes*o.Timeout)
}

// SlowError is a page (an index or find-links page, a metadata file) that
// did not arrive whole within its deadline: a server that keeps sending a
// few bytes at a time would otherwise hold fwenv for as long as it likes.
type SlowError struct {
	URL      string // without credentials
	What     string // "page" or "metadata file"
	Got      int64  // bytes received by the last attempt
	Deadline time.Duration
}

func (e *SlowError) Error() string {
	return fmt.Sprintf("%s: the %s did not arrive whole within %s (%s received): the server sends it too slowly",
		e.URL, e.What, e.Deadline, printable.Size(e.Got))
}

func (e *SlowError) Hint() string {
	return "an index page, find-links page or metadata file must arrive within max(60s, 10 × --timeout): check the server and the network, or use another index (a larger --timeout allows more)"
}

// waiting tells Options.Waiting, if set.
func (c *Client) waiting(msg string) {
	if c.o.Waiting != nil {
		c.o.Waiting(c.scrub(msg))
	}
}

// watch announces a long attempt: after c.waitAfter (a page, bounded
// anyway: after c.waitEvery), then every c.waitEvery, until stop is called.
func (c *Client) watch(clean string, cl *call) (stop func()) {
	if !cl.announce || c.o.Waiting == nil {
		return func() {}
	}
	verb, first, bound := "downloading", c.waitAfter, ""
	if cl.deadline > 0 {
		// A page is bounded anyway: said only when it runs long.
		verb, first = "fetching", c.waitEvery
		bound = fmt.Sprintf(" (a %s must arrive within %s)", cl.what, cl.deadline)
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTimer(first)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			switch {
			case !cl.answered.Load():
				c.waiting(fmt.Sprintf("%s %s: waiting for the server's answer%s…", verb, clean, bound))
			case cl.total.Load() >= 0:
				c.waiting(fmt.Sprintf("%s %s: %s of %s so far%s…", verb, clean, printable.Size(cl.got.Load()), printable.Size(cl.total.Load()), bound))
			default:
				c.waiting(fmt.Sprintf("%s %s: %s so far%s…", verb, clean, printable.Size(cl.got.Load()), bound))
			}
			t.Reset(c.waitEvery)
		}
	}()
	return func() { close(done) }
}

// announceRetry tells Options.Waiting about a retry sleep longer than
// c.announceSleep. next is the number of the coming attempt.
func (c *Client) announceRetry(clean string, re *retryErr, wait time.Duration, next int) {
	if wait <= c.announceSleep {
		return
	}
	of := fmt.Sprintf("(attempt %d of %d)", next, c.o.Retries+1)
	host := clean
	if u, err := url.Parse(clean); err == nil && u.Host != "" {
		host = u.Host
	}
	switch {
	case re.after > c.retryAfterCap:
		c.waiting(fmt.Sprintf("%s asked to retry after %s; retrying in %s, the longest fwenv waits %s…",
			host, re.after.Round(time.Second), wait.Round(time.Millisecond), of))
	case re.after > 0 && wait == re.after:
		c.waiting(fmt.Sprintf("%s asked to retry after %s %s…", host, wait.Round(time.Millisecond), of))
	default:
		c.waiting(fmt.Sprintf("%v; retrying in %s %s…", re.err, wait.Round(time.Millisecond), of))
	}
}

// deadlineCtx gives a call with a deadline its own context.
func deadlineCtx(ctx context.Context, cl *call) (context.Context, context.CancelFunc) {
	if cl.deadline <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, cl.deadline, errDeadline)
}
