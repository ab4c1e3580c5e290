package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/http/httpproxy"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/secret"
)

// Options configure a Client.
type Options struct {
	// CacheDir holds HTTP responses under CacheDir/http and downloaded
	// files under CacheDir/files; "" means no cache (downloads go to a
	// temporary folder removed by Close).
	CacheDir string
	// Offline forbids all network use: only what the cache holds is served;
	// anything else is an *OfflineError.
	Offline bool
	// CertFile is a PEM bundle of CA certificates trusted in addition to the
	// system roots (--cert, for a private CA).
	CertFile string
	// Timeout bounds each attempt's connection and response headers, and is
	// also a read-idle timeout for bodies (default 20s).
	Timeout time.Duration
	// Retries is the number of extra attempts for errors that can heal
	// (default 3; negative means none). Backoff is exponential with jitter,
	// from 200ms.
	Retries int
	// NetrcPath is the netrc file; default $NETRC, else ~/.netrc. A missing
	// file is fine.
	NetrcPath string
	// Getenv reads HTTP_PROXY, HTTPS_PROXY, NO_PROXY (and the lower-case
	// forms), NETRC and HOME; nil means os.Getenv.
	Getenv func(string) string
	// UserAgent is sent with every request (default "fwenv").
	UserAgent string
	// PageDeadline bounds the whole fetch of a page (an index or find-links
	// page, a PEP 658 metadata file), retries included: past it the fetch
	// fails with a *SlowError. Default max(60s, 10 × Timeout). Files are
	// not bounded so: a download that keeps moving is never cut.
	PageDeadline time.Duration
	// Waiting is told of each wait worth announcing, as one line of plain
	// text (URLs without credentials, not escaped): a download running for
	// more than 2s (then every 10s), a retry sleep longer than a second
	// (Retry-After, backoff). May be nil; called from several goroutines.
	Waiting func(msg string)
	// Progress receives download progress; may be nil. It is called from
	// several goroutines when downloads run in parallel.
	Progress func(Progress)
	// MaxPageSize and MaxFileSize cap the size of a page and of a
	// downloaded file (defaults 256 MiB and 8 GiB).
	MaxPageSize, MaxFileSize int64
	// Used, when set, is told each cache file served without being written
	// again (a fresh or offline page, a file found in the cache), so the
	// cache's owner can mark it used: `fwenv cache prune` keeps what is in
	// use. It may be called from several goroutines.
	Used func(path string)
}

// Progress is the state of one download.
type Progress struct {
	URL   string // without credentials
	File  string // the file name
	Done  int64  // bytes received
	Total int64  // bytes expected, -1 when the server does not say
	// Finished is set on the last report of a download, whether it
	// completed or failed (Done is then what arrived).
	Finished bool
}

const (
	defaultTimeout  = 20 * time.Second
	defaultRetries  = 3
	defaultMaxPage  = 256 << 20
	defaultMaxFile  = 8 << 30
	maxRedirects    = 10
	defaultAgent    = "fwenv"
	firstBackoff    = 200 * time.Millisecond
	maxRetryAfter   = 30 * time.Second
	progressEvery   = 100 * time.Millisecond
	maxErrorBodyLen = 64 << 10
)

// Client fetches pages and files. It is safe for concurrent use.
type Client struct {
	o       Options
	hc      *http.Client
	backoff time.Duration // first backoff (tests shorten it)
	// When waits are announced, and the longest Retry-After honoured
	// (constants; tests shorten them).
	waitAfter, waitEvery, announceSleep, retryAfterCap time.Duration

	mu      sync.Mutex
	creds   map[string]cred // by origin, from URLs
	netrc   map[string]cred // by host name, from the netrc file
	tmpDir  string          // downloads when there is no CacheDir
	flights map[string]*flight
}

type cred struct{ user, pass string }

// CertError is a --cert bundle that cannot be used.
type CertError struct {
	Path string
	Err  error
}

func (e *CertError) Error() string { return fmt.Sprintf("certificate bundle %s: %v", e.Path, e.Err) }
func (e *CertError) Unwrap() error { return e.Err }
func (e *CertError) Hint() string {
	return "--cert takes a PEM file of CA certificates (-----BEGIN CERTIFICATE----- blocks)"
}

// New makes a client. It reads the certificate bundle and the netrc file
// now, so their errors come early.
func New(o Options) (*Client, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.Retries == 0 {
		o.Retries = defaultRetries
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.UserAgent == "" {
		o.UserAgent = defaultAgent
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = defaultMaxPage
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = defaultMaxFile
	}
	c := &Client{o: o, backoff: firstBackoff,
		waitAfter: waitAfter, waitEvery: waitEvery, announceSleep: announceSleep, retryAfterCap: maxRetryAfter,
		creds: map[string]cred{}, flights: map[string]*flight{}}

	// Without --cert, RootCAs stays nil: crypto/tls then loads the system
	// roots on the first TLS handshake, and a command that never leaves the
	// machine does not parse ~150 certificates (a third of a small
	// install's time).
	var roots *x509.CertPool
	if o.CertFile != "" {
		var err error
		roots, err = x509.SystemCertPool()
		if err != nil || roots == nil {
			roots = x509.NewCertPool()
		}
		pem, err := bounded.ReadNamed(o.CertFile, bounded.Settings)
		if err != nil {
			return nil, &CertError{Path: o.CertFile, Err: fileProblem(err, "a certificate bundle")}
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, &CertError{Path: o.CertFile, Err: errors.New("no PEM certificate in the file")}
		}
	}
	if err := c.loadNetrc(); err != nil {
		return nil, err
	}

	getenv := func(k string) string {
		if v := o.Getenv(k); v != "" {
			return v
		}
		return o.Getenv(strings.ToLower(k))
	}
	pc := &httpproxy.Config{
		HTTPProxy:  getenv("HTTP_PROXY"),
		HTTPSProxy: getenv("HTTPS_PROXY"),
		NoProxy:    getenv("NO_PROXY"),
	}
	proxyFor := pc.ProxyFunc()
	dialer := &net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 func(r *http.Request) (*url.URL, error) { return proxyFor(r.URL) },
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   o.Timeout,
		ResponseHeaderTimeout: o.Timeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	if o.Offline {
		tr.DialContext = func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("offline mode: no connection")
		}
	}
	c.hc = &http.Client{
		Transport: &authTransport{c: c, base: tr},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			// Credentials are the transport's business, per origin: a
			// Location with userinfo does not get to add any.
			req.URL.User = nil
			return nil
		},
	}
	return c, nil
}

// Close removes the temporary download folder of a client without a
// CacheDir (paths Download returned are gone afterwards). It is a no-op
// otherwise.
func (c *Client) Close() error {
	c.mu.Lock()
	dir := c.tmpDir
	c.tmpDir = ""
	c.mu.Unlock()
	if dir == "" {
		return nil
	}
	return os.RemoveAll(dir)
}

// authTransport attaches credentials to requests for their own origin only,
// and removes any Authorization header from every other request (so Go's
// redirect handling, which forwards headers to subdomains, cannot leak one).
type authTransport struct {
	c    *Client
	base http.RoundTripper
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Del("Authorization")
	r.URL.User = nil
	if cr, ok := t.c.credFor(r.URL); ok {
		r.SetBasicAuth(cr.user, cr.pass)
	}
	return t.base.RoundTrip(r)
}

// origin is scheme://host:port with the default port made explicit.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

func (c *Client) credFor(u *url.URL) (cred, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cr, ok := c.creds[origin(u)]; ok {
		return cr, true
	}
	cr, ok := c.netrc[strings.ToLower(u.Hostname())]
	return cr, ok
}

// AddCredentials registers the user and password of a URL's userinfo
// ("https://user:pw@host/simple") for the URL's origin (scheme, host and
// port), and returns the URL without them. A URL without userinfo is
// returned unchanged (apart from parsing) and registers nothing, and so is
// one that does not parse, whose user information is dropped
// (secret.StripCredentials).
func (c *Client) AddCredentials(rawurl string) (clean string) {
	u, err := url.Parse(rawurl)
	if err != nil {
		return secret.StripCredentials(rawurl)
	}
	if u.User != nil {
		user := u.User.Username()
		pass, _ := u.User.Password()
		if user != "" || pass != "" {
			c.mu.Lock()
			c.creds[origin(u)] = cred{user: user, pass: pass}
			c.mu.Unlock()
		}
		u.User = nil
	}
	return u.String()
}

// secrets lists the passwords the client knows, for scrubbing messages.
func (c *Client) secrets() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, cr := range c.creds {
		out = append(out, cr.pass, url.QueryEscape(cr.pass), url.PathEscape(cr.pass))
	}
	for _, cr := range c.netrc {
		out = append(out, cr.pass)
	}
	return out
}

// scrub removes known passwords from a message.
func (c *Client) scrub(s string) string { return scrubAll(s, c.secrets()) }

// downloadDir is where files go: CacheDir/files, or a temporary folder.
func (c *Client) downloadDir() (string, error) {
	if c.o.CacheDir != "" {
		return filepath.Join(c.o.CacheDir, "files"), nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tmpDir == "" {
		d, err := os.MkdirTemp("", "fwenv-download-")
		if err != nil {
			return "", &FileError{Path: os.TempDir(), Op: "create a folder in", Err: err}
		}
		c.tmpDir = d
	}
	return filepath.Join(c.tmpDir, "files"), nil
}

// used reports a cache file served from the cache (Options.Used).
func (c *Client) used(path string) {
	if c.o.Used != nil {
		c.o.Used(path)
	}
}
