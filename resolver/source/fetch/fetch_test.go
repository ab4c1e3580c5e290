package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/source"
)

// newClient makes a client for tests: no netrc, no proxy, short backoff.
func newClient(t *testing.T, o Options) *Client {
	t.Helper()
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	if o.NetrcPath == "" {
		o.NetrcPath = filepath.Join(t.TempDir(), "no-netrc")
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = time.Millisecond
	t.Cleanup(func() { c.Close() })
	return c
}

type hinter interface{ Hint() string }

func hintOf(err error) string {
	var h hinter
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

// recorder is a test server that counts requests and keeps their headers.
type recorder struct {
	mu      sync.Mutex
	n       int
	headers []http.Header
}

func (r *recorder) add(h http.Header) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	r.headers = append(r.headers, h.Clone())
	return r.n
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

func (r *recorder) last() http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.headers) == 0 {
		return nil
	}
	return r.headers[len(r.headers)-1]
}

func TestPageCache(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		headers map[string]string // on every 200
		// validate answers a conditional request; "" means always 200.
		validate string
		// wantSecond: whether the second Page makes a request, and what
		// conditional header it carries.
		secondRequests int
		condHeader     string
		secondCached   bool
	}{
		{"etag revalidated with 304", map[string]string{"ETag": `"v1"`}, "If-None-Match", 1, "If-None-Match", true},
		{"last-modified revalidated with 304", map[string]string{"Last-Modified": "Mon, 02 Jan 2006 15:04:05 GMT"}, "If-Modified-Since", 1, "If-Modified-Since", true},
		{"max-age fresh: no request", map[string]string{"Cache-Control": "max-age=600", "ETag": `"v1"`}, "If-None-Match", 0, "", true},
		{"max-age 0: revalidated", map[string]string{"Cache-Control": "max-age=0", "ETag": `"v1"`}, "If-None-Match", 1, "If-None-Match", true},
		{"no-cache: revalidated", map[string]string{"Cache-Control": "no-cache, max-age=600", "ETag": `"v1"`}, "If-None-Match", 1, "If-None-Match", true},
		{"no validator: fetched again", nil, "", 1, "", false},
		{"no-store: not kept", map[string]string{"Cache-Control": "no-store", "ETag": `"v1"`}, "If-None-Match", 1, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec.add(r.Header)
				if tc.validate != "" && r.Header.Get(tc.validate) != "" {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				for k, v := range tc.headers {
					w.Header().Set(k, v)
				}
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, "<a href='x-1.0.tar.gz'>x</a>")
			}))
			defer srv.Close()
			c := newClient(t, Options{CacheDir: t.TempDir()})
			p, err := c.Page(ctx, srv.URL+"/simple/x/", "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if p.FromCache || string(p.Body) != "<a href='x-1.0.tar.gz'>x</a>" || p.ContentType != "text/html" || p.URL != srv.URL+"/simple/x/" {
				t.Fatalf("first page: %+v", p)
			}
			p, err = c.Page(ctx, srv.URL+"/simple/x/", "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.count() - 1; got != tc.secondRequests {
				t.Errorf("second Page made %d requests, want %d", got, tc.secondRequests)
			}
			if tc.condHeader != "" && rec.last().Get(tc.condHeader) == "" {
				t.Errorf("second request lacks %s: %v", tc.condHeader, rec.last())
			}
			if tc.condHeader == "" && tc.secondRequests > 0 && (rec.last().Get("If-None-Match") != "" || rec.last().Get("If-Modified-Since") != "") {
				t.Errorf("unexpected conditional request: %v", rec.last())
			}
			if p.FromCache != tc.secondCached || string(p.Body) != "<a href='x-1.0.tar.gz'>x</a>" {
				t.Errorf("second page: FromCache %v body %q", p.FromCache, p.Body)
			}
		})
	}
}

func TestPageAcceptAndRedirect(t *testing.T) {
	var gotAccept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old/" {
			http.Redirect(w, r, "/new/", http.StatusMovedPermanently)
			return
		}
		gotAccept = r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		fmt.Fprint(w, "{}")
	}))
	defer srv.Close()
	c := newClient(t, Options{UserAgent: "fwenv/test"})
	p, err := c.Page(context.Background(), srv.URL+"/old/", "application/vnd.pypi.simple.v1+json")
	if err != nil {
		t.Fatal(err)
	}
	if gotAccept != "application/vnd.pypi.simple.v1+json" || p.URL != srv.URL+"/new/" || p.ContentType != "application/vnd.pypi.simple.v1+json" {
		t.Errorf("accept %q, page %+v", gotAccept, p)
	}
}

func TestOffline(t *testing.T) {
	ctx := context.Background()
	body := wheelBytes(t, "b", 100) // a is fetched by its sha256 (not format-checked), b without one
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(body)
	}))
	defer srv.Close()
	cache := t.TempDir()
	online := newClient(t, Options{CacheDir: cache})
	if _, err := online.Page(ctx, srv.URL+"/simple/a/", "text/html"); err != nil {
		t.Fatal(err)
	}
	if _, err := online.Download(ctx, srv.URL+"/f/a-1.0-py3-none-any.whl", map[string]string{"sha256": sha}); err != nil {
		t.Fatal(err)
	}
	if _, err := online.Download(ctx, srv.URL+"/f/b-1.0-py3-none-any.whl", nil); err != nil {
		t.Fatal(err)
	}
	srv.Close() // nothing answers any more

	off := newClient(t, Options{CacheDir: cache, Offline: true})
	p, err := off.Page(ctx, srv.URL+"/simple/a/", "text/html")
	if err != nil || !p.FromCache || string(p.Body) != string(body) {
		t.Errorf("offline page from cache: %+v %v", p, err)
	}
	if _, err := off.Download(ctx, srv.URL+"/f/a-1.0-py3-none-any.whl", map[string]string{"sha256": sha}); err != nil {
		t.Errorf("offline download by sha256: %v", err)
	}
	if _, err := off.Download(ctx, srv.URL+"/f/b-1.0-py3-none-any.whl", nil); err != nil {
		t.Errorf("offline download by URL: %v", err)
	}
	for _, u := range []string{srv.URL + "/simple/other/"} {
		_, err := off.Page(ctx, u, "text/html")
		var oe *OfflineError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), u) || hintOf(err) != "drop --offline, or fill the cache / a -f folder first" {
			t.Errorf("offline page not cached: %v (hint %q)", err, hintOf(err))
		}
	}
	_, err = off.Download(ctx, srv.URL+"/f/c-1.0.tar.gz", nil)
	var oe *OfflineError
	if !errors.As(err, &oe) {
		t.Errorf("offline download not cached: %v", err)
	}
	// A page cached under another Accept is another page.
	if _, err := off.Page(ctx, srv.URL+"/simple/a/", "application/json"); !errors.As(err, &oe) {
		t.Errorf("offline page with another Accept: %v", err)
	}
}

func TestStatusErrors(t *testing.T) {
	cases := []struct {
		status    int
		wantN     int // requests made (Retries 2)
		wantType  string
		wantInMsg string
		wantHint  string
	}{
		{404, 1, "notfound", "HTTP 404 Not Found", "check the URL"},
		{410, 1, "notfound", "HTTP 410 Gone", "check the URL"},
		{401, 1, "http", "HTTP 401 Unauthorized", "~/.netrc"},
		{403, 1, "http", "HTTP 403 Forbidden", "credentials"},
		{400, 1, "http", "HTTP 400 Bad Request", "check the URL"},
		{500, 3, "http", "HTTP 500 Internal Server Error", "try again later"},
		{503, 3, "http", "HTTP 503 Service Unavailable", "try again later"},
		{429, 3, "http", "HTTP 429 Too Many Requests", "try again later"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			rec := &recorder{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec.add(r.Header)
				if tc.status == 429 {
					w.Header().Set("Retry-After", "0")
				}
				w.WriteHeader(tc.status)
			}))
			defer srv.Close()
			c := newClient(t, Options{Retries: 2})
			u := srv.URL + "/simple/x/"
			_, err := c.Page(context.Background(), u, "")
			if err == nil {
				t.Fatal("no error")
			}
			var nf *NotFoundError
			var he *HTTPError
			switch tc.wantType {
			case "notfound":
				if !errors.As(err, &nf) {
					t.Errorf("%T %v, want *NotFoundError", err, err)
				}
			case "http":
				if !errors.As(err, &he) || he.Status != tc.status {
					t.Errorf("%T %v, want *HTTPError", err, err)
				}
			}
			if rec.count() != tc.wantN {
				t.Errorf("%d requests, want %d", rec.count(), tc.wantN)
			}
			if !strings.Contains(err.Error(), u) || !strings.Contains(err.Error(), tc.wantInMsg) {
				t.Errorf("message %q lacks the URL or %q", err, tc.wantInMsg)
			}
			if !strings.Contains(hintOf(err), tc.wantHint) {
				t.Errorf("hint %q lacks %q", hintOf(err), tc.wantHint)
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec.add(r.Header) == 1 {
			w.WriteHeader(500)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := newClient(t, Options{})
	p, err := c.Page(context.Background(), srv.URL+"/", "")
	if err != nil || string(p.Body) != "ok" || rec.count() != 2 {
		t.Errorf("page %v, err %v, %d requests", p, err, rec.count())
	}
	// With retries off, the 500 is final.
	rec2 := &recorder{}
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec2.add(r.Header)
		w.WriteHeader(500)
	}))
	defer srv2.Close()
	c2 := newClient(t, Options{Retries: -1})
	if _, err := c2.Page(context.Background(), srv2.URL+"/", ""); err == nil || rec2.count() != 1 {
		t.Errorf("retries off: %v, %d requests", err, rec2.count())
	}
}

func TestTruncatedBodyRetried(t *testing.T) {
	for _, kind := range []string{"page", "download"} {
		t.Run(kind, func(t *testing.T) {
			full := string(zipBytes(t, 1000))
			rec := &recorder{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if rec.add(r.Header) == 1 {
					conn, buf, err := w.(http.Hijacker).Hijack()
					if err != nil {
						t.Error(err)
						return
					}
					fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: text/html\r\n\r\n%s", len(full), full[:100])
					buf.Flush()
					conn.Close()
					return
				}
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, full)
			}))
			defer srv.Close()
			var finished []Progress
			var fmu sync.Mutex
			c := newClient(t, Options{CacheDir: t.TempDir(), Progress: func(p Progress) {
				if p.Finished {
					fmu.Lock()
					finished = append(finished, p)
					fmu.Unlock()
				}
			}})
			var got []byte
			var err error
			if kind == "page" {
				var p *Page
				if p, err = c.Page(context.Background(), srv.URL+"/", ""); err == nil {
					got = p.Body
				}
			} else {
				var path string
				if path, err = c.Download(context.Background(), srv.URL+"/x-1.0-py3-none-any.whl", nil); err == nil {
					got, _ = os.ReadFile(path)
				}
			}
			if err != nil || string(got) != full || rec.count() != 2 {
				t.Errorf("err %v, %d bytes, %d requests", err, len(got), rec.count())
			}
			// Each attempt of a download ends with a last report, the
			// broken one too (a progress display would wait for it).
			if kind == "download" && (len(finished) != 2 || finished[0].Done != 100 || finished[1].Done != int64(len(full))) {
				t.Errorf("last reports %+v", finished)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	// A closed listener's address: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/simple/x/"
	l.Close()

	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write([]byte("some"))
		w.(http.Flusher).Flush()
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer stall.Close()

	cases := []struct {
		name     string
		url      string
		retries  int
		wantMsg  string
		wantHint string
		bound    time.Duration
		// noConn: NoConnection (the other sources may serve instead);
		// a server that is there but slow is not.
		noConn bool
	}{
		{"connection refused", refused, 3, "connection refused by " + l.Addr().String(), "nothing is listening", time.Second, true},
		{"unknown host", "https://pypi.invalid/simple/x/", 3, "cannot resolve host pypi.invalid", "DNS", 3 * time.Second, true},
		{"slow headers", slow.URL + "/", 1, "timed out", "network", 3 * time.Second, false},
		{"stalled body", stall.URL + "/", 1, "timed out", "network", 3 * time.Second, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, Options{Timeout: 200 * time.Millisecond, Retries: tc.retries})
			start := time.Now()
			_, err := c.Page(context.Background(), tc.url, "")
			took := time.Since(start)
			var ue *UnreachableError
			if !errors.As(err, &ue) {
				t.Fatalf("%T %v, want *UnreachableError", err, err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) || !strings.HasPrefix(err.Error(), tc.url) {
				t.Errorf("message %q, want the URL and %q", err, tc.wantMsg)
			}
			if !strings.Contains(hintOf(err), tc.wantHint) {
				t.Errorf("hint %q lacks %q", hintOf(err), tc.wantHint)
			}
			if ue.NoConnection() != tc.noConn {
				t.Errorf("NoConnection() = %v, want %v", ue.NoConnection(), tc.noConn)
			}
			// A sanity bound, not a benchmark: no retries with backoff
			// for errors that cannot heal.
			if took > tc.bound {
				t.Errorf("took %v", took)
			}
		})
	}
}

func TestTimeoutRetried(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec.add(r.Header) == 1 {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := newClient(t, Options{Timeout: 200 * time.Millisecond})
	p, err := c.Page(context.Background(), srv.URL+"/", "")
	if err != nil || string(p.Body) != "ok" || rec.count() != 2 {
		t.Errorf("page %v, err %v, %d requests", p, err, rec.count())
	}
}

func TestContextCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newClient(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Page(ctx, srv.URL+"/", ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the context's error", err)
	}
}

func TestDownload(t *testing.T) {
	ctx := context.Background()
	body := []byte(strings.Repeat("wheel", 1000))
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	wrong := strings.Repeat("0", 64)
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r.Header)
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Write(body)
	}))
	defer srv.Close()
	cache := t.TempDir()
	var progress []Progress
	var pmu sync.Mutex
	c := newClient(t, Options{CacheDir: cache, Progress: func(p Progress) {
		pmu.Lock()
		progress = append(progress, p)
		pmu.Unlock()
	}})
	u := srv.URL + "/files/demo-1.0-py3-none-any.whl"

	// A wrong hash: an error showing both, and nothing left in the cache.
	_, err := c.Download(ctx, u+"#sha256="+wrong, map[string]string{"sha256": wrong})
	var hm *source.HashMismatchError
	if !errors.As(err, &hm) || !strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), sha) || !strings.Contains(err.Error(), u) {
		t.Fatalf("wrong hash: %v", err)
	}
	if rec.count() != 1 {
		t.Errorf("a hash mismatch was retried: %d requests", rec.count())
	}
	if files := listFiles(t, cache); len(files) != 0 {
		t.Errorf("files left after a mismatch: %v", files)
	}

	// The right hash (and an unknown algorithm, ignored).
	p, err := c.Download(ctx, u, map[string]string{"SHA256": strings.ToUpper(sha), "md5": "whatever"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != string(body) || filepath.Base(p) != "demo-1.0-py3-none-any.whl" {
		t.Errorf("downloaded %s: %d bytes", p, len(got))
	}
	if want := filepath.Join(cache, "files", "sha256", sha[:2], sha[2:], "demo-1.0-py3-none-any.whl"); p != want {
		t.Errorf("path %s, want %s", p, want)
	}
	pmu.Lock()
	lastP := progress[len(progress)-1]
	pmu.Unlock()
	if lastP.Done != int64(len(body)) || lastP.Total != int64(len(body)) || lastP.File != "demo-1.0-py3-none-any.whl" || !lastP.Finished {
		t.Errorf("last progress %+v", lastP)
	}

	// Already cached under its sha256: no request at all, even from a new
	// client, even from another URL.
	n := rec.count()
	c2 := newClient(t, Options{CacheDir: cache})
	p2, err := c2.Download(ctx, srv.URL+"/mirror/demo-1.0-py3-none-any.whl", map[string]string{"sha256": sha})
	if err != nil || p2 != p || rec.count() != n {
		t.Errorf("cached download: %s %v, %d requests", p2, err, rec.count()-n)
	}

	// A sha512 is verified too.
	s512 := "00" + strings.Repeat("1", 126)
	_, err = c.Download(ctx, srv.URL+"/other/demo-1.0.tar.gz", map[string]string{"sha512": s512})
	if !errors.As(err, &hm) || hm.Algorithm != "sha512" {
		t.Errorf("sha512 mismatch: %v", err)
	}

	// Without a cache folder, files go to a temporary folder Close removes.
	c3, err := New(Options{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	p3, err := c3.Download(ctx, u, map[string]string{"sha256": sha})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p3); err != nil {
		t.Fatal(err)
	}
	c3.Close()
	if _, err := os.Stat(p3); !os.IsNotExist(err) {
		t.Errorf("Close left %s", p3)
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestSizeCaps(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("chunked") != "" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		w.Write(make([]byte, 2000))
	}))
	defer srv.Close()
	c := newClient(t, Options{CacheDir: t.TempDir(), MaxPageSize: 1000, MaxFileSize: 1000})
	for _, u := range []string{srv.URL + "/", srv.URL + "/?chunked=1"} {
		var tl *TooLargeError
		if _, err := c.Page(context.Background(), u, ""); !errors.As(err, &tl) {
			t.Errorf("page %s: %v", u, err)
		}
		if _, err := c.Download(context.Background(), u, nil); !errors.As(err, &tl) {
			t.Errorf("download %s: %v", u, err)
		}
	}
}

// TestConcurrentDownloads: goroutines of one client, and two processes,
// download the same file into one cache.
func TestConcurrentDownloads(t *testing.T) {
	body := gzipBytes(t, 500000)
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		for i := 0; i < len(body); i += 100000 {
			w.Write(body[i:min(i+100000, len(body))])
			w.(http.Flusher).Flush()
			time.Sleep(5 * time.Millisecond)
		}
	}))
	defer srv.Close()
	cache := t.TempDir()
	u := srv.URL + "/demo-1.0.tar.gz"

	c := newClient(t, Options{CacheDir: cache})
	var wg sync.WaitGroup
	paths := make([]string, 8)
	errs := make([]error, 8)
	for i := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hashes := map[string]string{"sha256": sha}
			if i%2 == 0 {
				hashes = nil // by URL
			}
			paths[i], errs[i] = c.Download(context.Background(), u, hashes)
		}()
	}
	wg.Wait()
	for i := range paths {
		if errs[i] != nil || paths[i] != paths[0] {
			t.Errorf("goroutine %d: %s %v", i, paths[i], errs[i])
		}
	}

	cache2 := t.TempDir()
	var cmds []*exec.Cmd
	for i := 0; i < 3; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperDownload$")
		cmd.Env = append(os.Environ(), "FWENV_FETCH_HELPER="+u+"|"+cache2+"|"+sha)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	}
	got, err := os.ReadFile(filepath.Join(cache2, "files", "sha256", sha[:2], sha[2:], "demo-1.0.tar.gz"))
	if err != nil || string(got) != string(body) {
		t.Errorf("after processes: %d bytes, %v", len(got), err)
	}
	for _, f := range listFiles(t, cache2) {
		if strings.Contains(filepath.Base(f), ".tmp-") {
			t.Errorf("temporary file left: %s", f)
		}
	}
}

// TestHelperDownload is run as a separate process by TestConcurrentDownloads.
func TestHelperDownload(t *testing.T) {
	arg := os.Getenv("FWENV_FETCH_HELPER")
	if arg == "" {
		t.Skip("helper process")
	}
	parts := strings.Split(arg, "|")
	c, err := New(Options{CacheDir: parts[1], Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Download(context.Background(), parts[0], map[string]string{"sha256": parts[2]})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != parts[2] {
		t.Fatal("wrong content")
	}
}

// TestCredentials: URL credentials go to their origin only: not after a
// redirect to another origin, never in errors or cache files; netrc
// credentials go to their host only.
func TestCredentials(t *testing.T) {
	ctx := context.Background()
	const secret = "s3cr3t-pa55"
	other := &recorder{}
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.add(r.Header)
		w.Header().Set("ETag", `"o"`)
		fmt.Fprint(w, "other")
	}))
	defer otherSrv.Close()
	home := &recorder{}
	homeSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		home.add(r.Header)
		switch r.URL.Path {
		case "/simple/redirect/":
			http.Redirect(w, r, otherSrv.URL+"/simple/redirect/", http.StatusFound)
		case "/simple/self/":
			http.Redirect(w, r, "/simple/target/", http.StatusFound)
		case "/simple/missing/":
			w.WriteHeader(404)
		case "/simple/broken/":
			w.WriteHeader(500)
		default:
			w.Header().Set("ETag", `"h"`)
			fmt.Fprint(w, "home")
		}
	}))
	defer homeSrv.Close()
	cache := t.TempDir()
	c := newClient(t, Options{CacheDir: cache, Retries: -1})
	withCreds := strings.Replace(homeSrv.URL, "http://", "http://alice:"+secret+"@", 1)
	if clean := c.AddCredentials(withCreds + "/simple"); clean != homeSrv.URL+"/simple" {
		t.Errorf("AddCredentials returned %q", clean)
	}

	// Same origin: sent (also after a same-origin redirect).
	p, err := c.Page(ctx, homeSrv.URL+"/simple/self/", "")
	if err != nil {
		t.Fatal(err)
	}
	if u, pw, ok := basicAuth(home.last()); !ok || u != "alice" || pw != secret {
		t.Errorf("same origin: Authorization %q", home.last().Get("Authorization"))
	}
	if strings.Contains(p.URL, secret) {
		t.Errorf("page URL %q", p.URL)
	}
	// Another origin after a redirect: none.
	p, err = c.Page(ctx, withCreds+"/simple/redirect/", "")
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != "other" || other.count() != 1 {
		t.Fatalf("redirect not followed: %q", p.Body)
	}
	if a := other.last().Get("Authorization"); a != "" {
		t.Errorf("credentials sent to another origin: %q", a)
	}
	// Not in errors.
	for _, path := range []string{"/simple/missing/", "/simple/broken/"} {
		_, err := c.Page(ctx, withCreds+path, "")
		if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "alice") || strings.Contains(hintOf(err), secret) {
			t.Errorf("error %q", err)
		}
	}
	if _, err := c.Download(ctx, withCreds+"/files/x-1.0.tar.gz", map[string]string{"sha256": strings.Repeat("a", 64)}); err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("download error %q", err)
	}
	if _, err := c.Download(ctx, withCreds+"/files/x-1.0.txt", nil); err != nil {
		t.Fatal(err)
	}
	// Not in any cached file or file name.
	for _, f := range listFiles(t, cache) {
		data, _ := os.ReadFile(f)
		if strings.Contains(f, secret) || strings.Contains(string(data), secret) || strings.Contains(string(data), "alice") || strings.Contains(string(data), "Authorization") {
			t.Errorf("%s holds the credentials", f)
		}
	}

	// netrc: by host name; "localhost" is not "127.0.0.1".
	netrc := filepath.Join(t.TempDir(), "netrc")
	os.WriteFile(netrc, []byte("machine localhost\n  login bob\n  password "+secret+"\n# a comment\ndefault login eve password everywhere\n"), 0o600)
	nc := newClient(t, Options{NetrcPath: netrc})
	local := strings.Replace(homeSrv.URL, "127.0.0.1", "localhost", 1)
	if _, err := nc.Page(ctx, local+"/simple/a/", ""); err != nil {
		t.Fatal(err)
	}
	if u, pw, ok := basicAuth(home.last()); !ok || u != "bob" || pw != secret {
		t.Errorf("netrc host: Authorization %q", home.last().Get("Authorization"))
	}
	if _, err := nc.Page(ctx, homeSrv.URL+"/simple/a/", ""); err != nil {
		t.Fatal(err)
	}
	if a := home.last().Get("Authorization"); a != "" {
		t.Errorf("netrc credentials sent to another host: %q", a)
	}
	// NETRC through Getenv.
	ec, err := New(Options{Getenv: func(k string) string {
		if k == "NETRC" {
			return netrc
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	if cr, ok := ec.credFor(mustURL(t, local)); !ok || cr.user != "bob" {
		t.Errorf("NETRC not read: %v", cr)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func basicAuth(h http.Header) (string, string, bool) {
	r := &http.Request{Header: h}
	return r.BasicAuth()
}

func TestUnauthorizedHint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.WriteHeader(401)
	}))
	defer srv.Close()
	c := newClient(t, Options{})
	_, err := c.Page(context.Background(), srv.URL+"/simple/x/", "")
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 401 || !strings.Contains(he.Hint(), "~/.netrc") || !strings.Contains(he.Hint(), "https://USER:PASSWORD@host/simple") {
		t.Errorf("401: %v / %q", err, hintOf(err))
	}
}

func TestCert(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "secure")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	defer srv.Close()
	dir := t.TempDir()
	pemFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without --cert: refused at once, with the hint.
	c := newClient(t, Options{})
	start := time.Now()
	_, err := c.Page(context.Background(), srv.URL+"/simple/", "")
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "TLS certificate not trusted") || !strings.Contains(ue.Hint(), "--cert") {
		t.Errorf("untrusted: %v / %q", err, hintOf(err))
	}
	if time.Since(start) > time.Second {
		t.Errorf("a certificate error was retried (%v)", time.Since(start))
	}
	// With it: trusted.
	c = newClient(t, Options{CertFile: pemFile})
	p, err := c.Page(context.Background(), srv.URL+"/simple/", "")
	if err != nil || string(p.Body) != "secure" {
		t.Errorf("with --cert: %v", err)
	}
	// A bad bundle is refused when the client is made.
	bad := filepath.Join(dir, "bad.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o644)
	for _, f := range []string{bad, filepath.Join(dir, "missing.pem")} {
		_, err := New(Options{CertFile: f, Getenv: func(string) string { return "" }})
		var ce *CertError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), f) || !strings.Contains(ce.Hint(), "PEM") {
			t.Errorf("bad bundle %s: %v", f, err)
		}
	}
	// Plain HTTP to a TLS server, and TLS to a plain server.
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	_, err = c.Page(context.Background(), strings.Replace(plain.URL, "http:", "https:", 1)+"/", "")
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "does not speak TLS") {
		t.Errorf("TLS to a plain server: %v", err)
	}
}

func TestProxy(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.RequestURI)
		mu.Unlock()
		fmt.Fprint(w, "via proxy")
	}))
	defer proxy.Close()
	cases := []struct {
		name    string
		env     map[string]string
		wantErr string // "" means served by the proxy
	}{
		{"HTTP_PROXY", map[string]string{"HTTP_PROXY": proxy.URL}, ""},
		{"http_proxy", map[string]string{"http_proxy": proxy.URL}, ""},
		{"NO_PROXY", map[string]string{"HTTP_PROXY": proxy.URL, "NO_PROXY": "pypi.invalid"}, "cannot resolve host pypi.invalid"},
		{"no proxy", nil, "cannot resolve host pypi.invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			seen = nil
			mu.Unlock()
			c := newClient(t, Options{Getenv: func(k string) string { return tc.env[k] }})
			p, err := c.Page(context.Background(), "http://pypi.invalid/simple/x/", "")
			mu.Lock()
			defer mu.Unlock()
			if tc.wantErr == "" {
				if err != nil || string(p.Body) != "via proxy" || len(seen) != 1 || seen[0] != "GET http://pypi.invalid/simple/x/" {
					t.Errorf("err %v, proxy saw %v", err, seen)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || len(seen) != 0 {
				t.Errorf("err %v, proxy saw %v", err, seen)
			}
		})
	}
	// A proxy that is not there.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	c := newClient(t, Options{Getenv: func(k string) string {
		if k == "HTTP_PROXY" {
			return "http://" + addr
		}
		return ""
	}})
	_, err := c.Page(context.Background(), "http://pypi.invalid/simple/x/", "")
	if err == nil || !strings.Contains(err.Error(), "proxy refused") || !strings.Contains(hintOf(err), "HTTPS_PROXY") {
		t.Errorf("dead proxy: %v / %q", err, hintOf(err))
	}
}

func TestParseNetrc(t *testing.T) {
	cases := []struct {
		in   string
		want map[string]cred
	}{
		{"machine a.example login u password p", map[string]cred{"a.example": {"u", "p"}}},
		{"machine A.Example\n\tlogin u\n\tpassword p\n\tacount x\n", map[string]cred{"a.example": {"u", "p"}}},
		{"machine a login u1 password p1\nmachine a login u2 password p2\nmachine b password only", map[string]cred{"a": {"u1", "p1"}, "b": {"", "only"}}},
		{"default login d password dp\nmachine a login u password p", map[string]cred{"a": {"u", "p"}}},
		{"macdef init\ncd /pub\nmachine fake login x password y\n\nmachine real login u password p", map[string]cred{"real": {"u", "p"}}},
		{"# machine c login x password y\nmachine a login u password p # trailing", map[string]cred{"a": {"u", "p"}}},
	}
	for _, tc := range cases {
		got := parseNetrc(tc.in)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("parseNetrc(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// What is served from the cache without being written again is reported
// through Options.Used (fwenv marks it used for cache prune).
func TestUsedReportsCacheHits(t *testing.T) {
	ctx := context.Background()
	body := []byte("wheel bytes")
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			w.Header().Set("Cache-Control", "max-age=600")
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<a href='x'>x</a>"))
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	cache := t.TempDir()
	var mu sync.Mutex
	var used []string
	c := newClient(t, Options{CacheDir: cache, Used: func(p string) {
		mu.Lock()
		used = append(used, p)
		mu.Unlock()
	}})
	take := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := used
		used = nil
		return out
	}
	// First fetches: nothing served from the cache.
	if _, err := c.Page(ctx, srv.URL+"/simple/demo/", "text/html"); err != nil {
		t.Fatal(err)
	}
	p, err := c.Download(ctx, srv.URL+"/demo-1.0-py3-none-any.whl", map[string]string{"sha256": sha})
	if err != nil {
		t.Fatal(err)
	}
	if u := take(); len(u) != 0 {
		t.Errorf("fresh fetches reported as cache hits: %v", u)
	}
	// Again: both from the cache, both reported, both inside the cache.
	if _, err := c.Page(ctx, srv.URL+"/simple/demo/", "text/html"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Download(ctx, srv.URL+"/demo-1.0-py3-none-any.whl", map[string]string{"sha256": sha}); err != nil {
		t.Fatal(err)
	}
	u := take()
	if len(u) != 2 || u[1] != p {
		t.Fatalf("used %v, want the page's entry and %s", u, p)
	}
	for _, f := range u {
		if !strings.HasPrefix(f, cache+string(filepath.Separator)) {
			t.Errorf("used path %s is outside the cache", f)
		}
		if _, err := os.Stat(f); err != nil {
			t.Errorf("used path %s: %v", f, err)
		}
	}
}
