package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// trickle serves headers at once, then one byte every tick, for n bytes
// (forever when n < 0), or until the client goes away.
func trickle(t *testing.T, tick time.Duration, n int, contentType string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(http.StatusOK)
		fl := w.(http.Flusher)
		fl.Flush()
		for i := 0; n < 0 || i < n; i++ {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(tick):
			}
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			fl.Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// messages collects what Options.Waiting is told.
type messages struct {
	mu  sync.Mutex
	all []string
}

func (m *messages) add(s string) {
	m.mu.Lock()
	m.all = append(m.all, s)
	m.mu.Unlock()
}

func (m *messages) list() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.all...)
}

// A page that keeps trickling (each byte well within the idle timeout) is
// cut by the page deadline, retries included, with an error naming the
// URL, the bytes received and the deadline; so is a PEP 658 metadata file.
func TestPageDeadline(t *testing.T) {
	srv := trickle(t, 20*time.Millisecond, -1, "text/html")
	var told messages
	c := newClient(t, Options{Timeout: time.Second, PageDeadline: 300 * time.Millisecond, Retries: 3, Waiting: told.add})
	c.waitEvery = 100 * time.Millisecond
	start := time.Now()
	_, err := c.Page(context.Background(), srv.URL+"/simple/foo/", "")
	var se *SlowError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want a *SlowError", err, err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s, want about the 300ms deadline", d)
	}
	msg := err.Error()
	for _, want := range []string{srv.URL + "/simple/foo/", "300ms", " B received"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if se.Got == 0 {
		t.Errorf("Got = 0, want the bytes received")
	}
	if h := hintOf(err); !strings.Contains(h, "--timeout") {
		t.Errorf("hint %q does not mention --timeout", h)
	}
	// Bounded, and said while it runs.
	if m := told.list(); len(m) == 0 || !strings.HasPrefix(m[0], "fetching "+srv.URL+"/simple/foo/: ") || !strings.HasSuffix(m[0], "so far (a page must arrive within 300ms)…") {
		t.Errorf("Waiting told %q, want \"fetching URL: N so far (a page must arrive within 300ms)…\"", m)
	}

	start = time.Now()
	_, err = c.DownloadAs(context.Background(), srv.URL+"/foo-1.0-py3-none-any.whl.metadata", "foo-1.0-py3-none-any.whl.metadata", nil)
	if !errors.As(err, &se) || se.What != "metadata file" {
		t.Fatalf("metadata: err = %v, want a *SlowError for a metadata file", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("metadata took %s, want about the 300ms deadline", d)
	}
}

func TestPageDeadlineDefault(t *testing.T) {
	for _, tc := range []struct{ timeout, want time.Duration }{
		{time.Second, 60 * time.Second},
		{20 * time.Second, 200 * time.Second},
	} {
		if got := pageDeadline(Options{Timeout: tc.timeout}); got != tc.want {
			t.Errorf("pageDeadline(timeout %s) = %s, want %s", tc.timeout, got, tc.want)
		}
	}
}

// A file download that keeps moving is not cut by the page deadline, but
// is announced once it runs long, then again while it runs.
func TestSlowDownloadAnnounced(t *testing.T) {
	srv := trickle(t, 20*time.Millisecond, 40, "application/octet-stream")
	var got messages
	c := newClient(t, Options{Timeout: time.Second, PageDeadline: 100 * time.Millisecond, Waiting: got.add})
	c.waitAfter, c.waitEvery = 100*time.Millisecond, 200*time.Millisecond
	p, err := c.DownloadAs(context.Background(), srv.URL+"/data.bin", "data.bin", nil)
	if err != nil {
		t.Fatalf("a download that keeps moving was cut: %v", err)
	}
	if p == "" {
		t.Fatal("no path")
	}
	msgs := got.list()
	if len(msgs) < 2 {
		t.Fatalf("Waiting told %q, want an announcement after 100ms and more every 200ms", msgs)
	}
	for _, m := range msgs {
		if !strings.HasPrefix(m, "downloading "+srv.URL+"/data.bin: ") || !strings.HasSuffix(m, "so far…") {
			t.Errorf("message %q, want \"downloading URL: N so far…\"", m)
		}
	}
}

// A long Retry-After is announced (host, wait, attempt) and capped.
func TestRetryAfterAnnounced(t *testing.T) {
	var rec recorder
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec.add(r.Header) == 1 {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("<html></html>"))
	}))
	defer srv.Close()
	var got messages
	c := newClient(t, Options{Timeout: time.Second, Waiting: got.add})
	c.announceSleep, c.retryAfterCap = 10*time.Millisecond, 50*time.Millisecond
	start := time.Now()
	if _, err := c.Page(context.Background(), srv.URL+"/simple/foo/", ""); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s: Retry-After not capped", d)
	}
	msgs := got.list()
	host := strings.TrimPrefix(srv.URL, "http://")
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], host+" asked to retry after 30s") || !strings.Contains(msgs[0], "(attempt 2 of 4)") {
		t.Errorf("Waiting told %q, want one \"%s asked to retry after 30s … (attempt 2 of 4)…\"", msgs, host)
	}
}
