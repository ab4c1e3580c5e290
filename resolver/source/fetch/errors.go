package fetch

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// OfflineError is a URL that offline mode would need the network for.
type OfflineError struct {
	URL string // without credentials
}

func (e *OfflineError) Error() string {
	return fmt.Sprintf("%s: not in the cache, and the network is off (--offline)", e.URL)
}

func (e *OfflineError) Hint() string {
	return "drop --offline, or fill the cache / a -f folder first"
}

// UnreachableError is a request that got no HTTP answer: unknown host,
// connection refused or reset, an untrusted TLS certificate, a proxy that
// does not answer, a timeout.
type UnreachableError struct {
	URL    string // without credentials
	Reason string // "cannot resolve host pypi.org", "connection refused by 10.0.0.1:443", …
	Err    error  // the underlying error, for errors.Is/As
	hint   string
	// noConn: no connection to the server could be made at all (its name
	// does not resolve, nothing listens, no route to it).
	noConn bool
}

// NoConnection says that no connection to the server could be made at all:
// its host name does not resolve (a DNS answer, not a DNS timeout), the
// connection was refused, or there is no route to it (the network or host
// is unreachable), directly or through the proxy. A timeout, a reset, a TLS
// failure or any HTTP answer is not: the server may be there.
func (e *UnreachableError) NoConnection() bool { return e.noConn }

func (e *UnreachableError) Error() string { return e.URL + ": " + e.Reason }
func (e *UnreachableError) Unwrap() error { return e.Err }
func (e *UnreachableError) Hint() string {
	if e.hint != "" {
		return e.hint
	}
	return "check the URL and the network connection (and HTTPS_PROXY if a proxy is needed)"
}

// HTTPError is an HTTP answer that is neither a success nor a "not found".
type HTTPError struct {
	URL    string // without credentials
	Status int
	// RetryAfter is the server's Retry-After for 429 and 503 answers (0 when
	// none).
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

func (e *HTTPError) Hint() string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "the server wants credentials: put them in the index URL (https://USER:PASSWORD@host/simple) or in ~/.netrc (machine HOST login USER password PASSWORD)"
	case e.Status == http.StatusForbidden:
		return "the server refused these credentials or this client: check the user and password in the index URL or ~/.netrc"
	case e.Status == http.StatusProxyAuthRequired:
		return "the proxy wants credentials: put them in HTTPS_PROXY (http://USER:PASSWORD@proxy:port)"
	case e.Status == http.StatusTooManyRequests || e.Status >= 500:
		return "the server is failing or overloaded: try again later, or use another index"
	}
	return "check the URL"
}

// retryable says whether the status may heal by itself.
func (e *HTTPError) retryable() bool {
	return e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout || e.Status >= 500
}

// NotFoundError is a 404 or 410 answer. For an index page it means "no
// such project".
type NotFoundError struct {
	URL    string // without credentials
	Status int
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

func (e *NotFoundError) Hint() string {
	return "check the URL (an index URL usually ends in /simple)"
}

// TooLargeError is a response larger than the client accepts.
type TooLargeError struct {
	URL   string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %d bytes, refused", e.URL, e.Limit)
}

func (e *TooLargeError) Hint() string {
	return "the server sends something far larger than a package page or file should be: check the URL"
}

// FileError is a problem with the cache folder or a downloaded file on disk.
type FileError struct {
	Path string
	Op   string // "create", "write", "rename", …
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s %s: %v", e.Op, e.Path, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }
func (e *FileError) Hint() string {
	return "check that the cache folder is writable and the disk is not full (or choose another with --cache-dir)"
}

// retryErr marks an error that may heal: the attempt is made again after a
// backoff (at least after, when the server said so).
type retryErr struct {
	err   error
	after time.Duration
}

func (e *retryErr) Error() string { return e.err.Error() }
func (e *retryErr) Unwrap() error { return e.err }

// scrubAll removes known secrets from a message (a last line of defence:
// messages are built from URLs without credentials already).
func scrubAll(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 3 {
			s = strings.ReplaceAll(s, sec, "****")
		}
	}
	return s
}
