package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// errIdle is the cause of an attempt cancelled by the idle timer.
var errIdle = errors.New("idle timeout")

// bodyFunc consumes a response whose status the caller handles (2xx and,
// for revalidation, 304). Read errors of r come back wrapped in *readError.
type bodyFunc func(resp *http.Response, r io.Reader) error

// readError is a failure to read the response body from the network.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// idleReader resets the attempt's idle timer on every read that makes
// progress, and marks read errors as network errors.
type idleReader struct {
	r  io.Reader
	t  *time.Timer
	d  time.Duration
	cl *call // counts the bytes
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if n > 0 {
		ir.t.Reset(ir.d)
		ir.cl.got.Add(int64(n))
	}
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	return n, err
}

// get runs one request with retries. clean is a URL without credentials.
// A call with a deadline fails with a *SlowError when its attempts and
// retry sleeps together outlast it.
func (c *Client) get(parent context.Context, clean string, hdr http.Header, cl *call, body bodyFunc) error {
	ctx, cancel := deadlineCtx(parent, cl)
	defer cancel()
	slow := func() error {
		if parent.Err() == nil && errors.Is(context.Cause(ctx), errDeadline) {
			return &SlowError{URL: clean, What: cl.what, Got: cl.got.Load(), Deadline: cl.deadline}
		}
		return nil
	}
	for attempt := 0; ; attempt++ {
		err := c.attempt(ctx, clean, hdr, cl, body)
		if err == nil {
			return nil
		}
		if se := slow(); se != nil {
			return se
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var re *retryErr
		if !errors.As(err, &re) {
			return err
		}
		if attempt >= c.o.Retries {
			return re.err
		}
		wait := c.backoff << attempt
		wait = wait/2 + rand.N(wait) // jitter: 0.5× to 1.5×
		if re.after > wait {
			wait = min(re.after, c.retryAfterCap)
		}
		c.announceRetry(clean, re, wait, attempt+2)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if se := slow(); se != nil {
				return se
			}
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (c *Client) attempt(ctx context.Context, clean string, hdr http.Header, cl *call, body bodyFunc) error {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	cl.got.Store(0)
	cl.total.Store(-1)
	cl.answered.Store(false)
	defer c.watch(clean, cl)()
	idle := time.AfterFunc(c.o.Timeout, func() { cancel(errIdle) })
	defer idle.Stop()

	req, err := http.NewRequestWithContext(actx, http.MethodGet, clean, nil)
	if err != nil {
		return &UnreachableError{URL: clean, Reason: "not a valid URL", Err: err, hint: "check the URL"}
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.classify(actx, clean, err)
	}
	defer resp.Body.Close()
	idle.Reset(c.o.Timeout)
	cl.total.Store(resp.ContentLength)
	cl.answered.Store(true)

	if resp.StatusCode/100 != 2 && resp.StatusCode != http.StatusNotModified {
		// Drain a little so the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, maxErrorBodyLen)
		return statusError(clean, resp)
	}
	err = body(resp, &idleReader{r: resp.Body, t: idle, d: c.o.Timeout, cl: cl})
	var rerr *readError
	if errors.As(err, &rerr) {
		return c.classify(actx, clean, rerr.err)
	}
	return err
}

// statusError turns an unsuccessful status into an error, retryable when it
// may heal.
func statusError(clean string, resp *http.Response) error {
	switch resp.StatusCode {
	case http.StatusNotFound, http.StatusGone:
		return &NotFoundError{URL: clean, Status: resp.StatusCode}
	}
	e := &HTTPError{URL: clean, Status: resp.StatusCode}
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 0 {
			e.RetryAfter = time.Duration(n) * time.Second
		} else if t, err := http.ParseTime(s); err == nil {
			e.RetryAfter = time.Until(t)
		}
	}
	if e.retryable() {
		return &retryErr{err: e, after: e.RetryAfter}
	}
	return e
}

// classify turns a transport or body-read error into an *UnreachableError,
// wrapped in a retryErr when it may heal. actx is the attempt's context.
func (c *Client) classify(actx context.Context, clean string, err error) error {
	u, _ := url.Parse(clean)
	host := ""
	if u != nil {
		host = u.Host
	}
	fail := func(reason, hint string) error {
		return &UnreachableError{URL: clean, Reason: c.scrub(reason), Err: err, hint: hint}
	}
	// noConn: the server could not be reached at all (NoConnection).
	noConn := func(reason, hint string) error {
		return &UnreachableError{URL: clean, Reason: c.scrub(reason), Err: err, hint: hint, noConn: true}
	}
	retry := func(reason string) error {
		return &retryErr{err: &UnreachableError{URL: clean, Reason: c.scrub(reason), Err: err}}
	}
	if errors.Is(context.Cause(actx), errIdle) {
		return retry(fmt.Sprintf("timed out (nothing received for %s)", c.o.Timeout))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var op *net.OpError
	viaProxy := errors.As(err, &op) && op.Op == "proxyconnect"
	proxyHint := "check HTTPS_PROXY / HTTP_PROXY (and NO_PROXY for hosts to reach directly)"

	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var recHdr tls.RecordHeaderError
	switch {
	case errors.As(err, &dns):
		name := dns.Name
		if name == "" && u != nil {
			name = u.Hostname()
		}
		if viaProxy {
			return noConn("cannot resolve the proxy host "+name, proxyHint)
		}
		if dns.IsTimeout {
			return retry("DNS lookup of " + name + " timed out")
		}
		return noConn("cannot resolve host "+name, "check the host name in the URL, and the network connection (DNS)")
	case errors.Is(err, syscall.ECONNREFUSED):
		if viaProxy {
			return noConn("the proxy refused the connection", proxyHint)
		}
		return noConn("connection refused by "+host, "check the host and port in the URL: nothing is listening there")
	case errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid), errors.As(err, &verify):
		return fail("TLS certificate not trusted: "+tlsReason(err),
			"if the server uses a private certificate authority, pass its PEM bundle with --cert FILE; TLS verification cannot be turned off")
	case errors.As(err, &recHdr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fail("the server does not speak TLS", "use http:// for this server, or check the port")
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return noConn("network unreachable for "+host, "check the network connection (or HTTPS_PROXY if a proxy is needed)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return retry("the connection closed before the whole body arrived")
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF):
		return retry("connection reset by " + host)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return retry(fmt.Sprintf("timed out after %s", c.o.Timeout))
	}
	if strings.Contains(err.Error(), "stream error") || strings.Contains(err.Error(), "GOAWAY") {
		return retry(err.Error()) // HTTP/2 stream reset
	}
	return fail(err.Error(), "")
}

func tlsReason(err error) string {
	var hostErr x509.HostnameError
	if errors.As(err, &hostErr) {
		return "it is not valid for " + hostErr.Host
	}
	var unknownCA x509.UnknownAuthorityError
	if errors.As(err, &unknownCA) {
		return "signed by an unknown authority"
	}
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) {
		if invalid.Reason == x509.Expired {
			return "expired or not yet valid"
		}
		return invalid.Error()
	}
	return err.Error()
}
