package indexer

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/simple"
)

// get fetches path from srv with an Accept header ("" for none), without
// following redirects.
func get(t *testing.T, srv *httptest.Server, method, path, accept string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func serve(t *testing.T, dir string, o ServeOptions) *httptest.Server {
	t.Helper()
	h, err := Handler(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestServeFormats(t *testing.T) {
	dir := t.TempDir()
	whl, meta := writeWheel(t, dir, "demo.pkg", "1.0", ">=3.8")
	writeSdist(t, dir, "demo-pkg", "1.0", "", false)
	srv := serve(t, dir, ServeOptions{})

	tests := []struct {
		path, accept, wantType string
	}{
		{"/simple/demo-pkg/", simple.Accept, simple.JSONType},
		{"/simple/demo-pkg/", "", "text/html; charset=utf-8"},
		{"/simple/demo-pkg/", "text/html", "text/html; charset=utf-8"},
		{"/simple/demo-pkg/", simple.HTMLType, simple.HTMLType},
		{"/simple/demo-pkg/", "*/*", "text/html; charset=utf-8"},
		{"/simple/demo-pkg/?format=application/vnd.pypi.simple.v1+json", "text/html", simple.JSONType},
		{"/simple/demo-pkg/?format=json", "", simple.JSONType},
		{"/simple/", simple.Accept, simple.JSONType},
		{"/simple/", "text/html", "text/html; charset=utf-8"},
	}
	for _, tc := range tests {
		resp, body := get(t, srv, "GET", tc.path, tc.accept)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tc.wantType || resp.Header.Get("Vary") != "Accept" {
			t.Errorf("%s (Accept %q): %s %q vary %q", tc.path, tc.accept, resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Vary"))
			continue
		}
		if tc.path == "/simple/" {
			var names []string
			var err error
			if tc.wantType == simple.JSONType {
				names, err = simple.ParseIndexJSON(body)
			} else {
				names, err = simple.ParseIndexHTML(body)
			}
			if err != nil || !reflect.DeepEqual(names, []string{"demo-pkg"}) {
				t.Errorf("index: %q %v", names, err)
			}
			continue
		}
		pageURL := srv.URL + "/simple/demo-pkg/"
		p, err := simple.Parse(body, tc.wantType, pageURL)
		if err != nil || len(p.Files) != 2 {
			t.Fatalf("%s: %v %#v", tc.path, err, p)
		}
		f := p.Files[0]
		if f.Filename != "demo_pkg-1.0-py3-none-any.whl" || f.URL != srv.URL+"/files/demo_pkg-1.0-py3-none-any.whl" ||
			f.Hashes["sha256"] != sha256File(t, whl) || f.RequiresPython != ">=3.8" || !f.CoreMetadata ||
			f.MetadataHashes["sha256"] != sha256Bytes(meta) {
			t.Errorf("%s: wheel %#v", tc.path, f)
		}

		// The links work: the file and its metadata have the announced hashes.
		fr, fb := get(t, srv, "GET", strings.TrimPrefix(f.URL, srv.URL), "")
		if fr.StatusCode != 200 || sha256Bytes(fb) != f.Hashes["sha256"] || fr.Header.Get("Content-Type") != "application/octet-stream" {
			t.Errorf("file: %s %q", fr.Status, fr.Header.Get("Content-Type"))
		}
		mr, mb := get(t, srv, "GET", strings.TrimPrefix(f.MetadataURL(), srv.URL), "")
		if mr.StatusCode != 200 || string(mb) != string(meta) || sha256Bytes(mb) != f.MetadataHashes["sha256"] {
			t.Errorf("metadata: %s %q", mr.Status, mb)
		}
	}

	resp, _ := get(t, srv, "GET", "/simple/demo-pkg/?format=xml", "")
	if resp.StatusCode != http.StatusNotAcceptable {
		t.Errorf("?format=xml: %s", resp.Status)
	}
}

func TestServeRoutes(t *testing.T) {
	dir := t.TempDir()
	writeWheel(t, dir, "demo.pkg", "1.0", "")
	writeSdist(t, dir, "other", "1.0", "", false)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("no"), 0o644)
	srv := serve(t, dir, ServeOptions{})

	tests := []struct {
		method, path string
		status       int
		location     string
	}{
		{"GET", "/simple/Demo.Pkg/", 301, "/simple/demo-pkg/"},
		{"GET", "/simple/demo_pkg", 301, "/simple/demo-pkg/"},
		{"GET", "/simple/demo-pkg", 301, "/simple/demo-pkg/"},
		{"GET", "/simple/DEMO-PKG/?format=json", 301, "/simple/demo-pkg/?format=json"},
		{"GET", "/simple", 301, "/simple/"},
		{"GET", "/", 301, "/simple/"},
		{"GET", "/simple/nope/", 404, ""},
		{"GET", "/simple/a/b/", 404, ""},
		{"GET", "/simple/bad%20name/", 404, ""},
		{"GET", "/files/nope-1.0.tar.gz", 404, ""},
		{"GET", "/files/secret.txt", 404, ""},
		{"GET", "/files/../secret.txt", 404, ""},
		{"GET", "/files/%2e%2e%2fsecret.txt", 404, ""},
		{"GET", "/files/other-1.0.tar.gz.metadata", 404, ""},
		{"GET", "/files/other-1.0.tar.gz", 200, ""},
		{"GET", "/elsewhere", 404, ""},
		{"POST", "/simple/", 405, ""},
		{"HEAD", "/simple/demo-pkg/", 200, ""},
		{"HEAD", "/files/demo_pkg-1.0-py3-none-any.whl", 200, ""},
		{"HEAD", "/files/demo_pkg-1.0-py3-none-any.whl.metadata", 200, ""},
	}
	for _, tc := range tests {
		resp, body := get(t, srv, tc.method, tc.path, "")
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: %s, want %d", tc.method, tc.path, resp.Status, tc.status)
		}
		if tc.location != "" && resp.Header.Get("Location") != tc.location {
			t.Errorf("%s %s: Location %q, want %q", tc.method, tc.path, resp.Header.Get("Location"), tc.location)
		}
		if tc.method == "HEAD" && (len(body) != 0 || resp.ContentLength <= 0) {
			t.Errorf("HEAD %s: body %d bytes, Content-Length %d", tc.path, len(body), resp.ContentLength)
		}
	}

	// A page's ETag answers If-None-Match with 304.
	resp, _ := get(t, srv, "GET", "/simple/demo-pkg/", "")
	req, _ := http.NewRequest("GET", srv.URL+"/simple/demo-pkg/", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %s", r2.Status)
	}
}

func TestServeFollowsTheFolder(t *testing.T) {
	dir := t.TempDir()
	writeWheel(t, dir, "a", "1.0", "")
	var mu sync.Mutex
	var logs []string
	srv := serve(t, dir, ServeOptions{Log: func(m string) { mu.Lock(); logs = append(logs, m); mu.Unlock() }})
	if resp, _ := get(t, srv, "GET", "/simple/b/", ""); resp.StatusCode != 404 {
		t.Fatalf("b before it exists: %s", resp.Status)
	}
	writeSdist(t, dir, "b", "2.0", "", false)
	os.WriteFile(filepath.Join(dir, "broken-1.0-py3-none-any.whl"), []byte("junk"), 0o644)
	resp, body := get(t, srv, "GET", "/simple/b/", simple.JSONType)
	if resp.StatusCode != 200 {
		t.Fatalf("b after it was added: %s", resp.Status)
	}
	p, _ := simple.ParseJSON(body, srv.URL+"/simple/b/")
	old := p.Files[0].Hashes["sha256"]

	// Rewritten in place (new content, new time): the page follows.
	time.Sleep(10 * time.Millisecond)
	writeSdist(t, dir, "b", "2.0", ">=3.9", false)
	future := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "b-2.0.tar.gz"), future, future)
	_, body = get(t, srv, "GET", "/simple/b/", simple.JSONType)
	p, _ = simple.ParseJSON(body, srv.URL+"/simple/b/")
	if p.Files[0].Hashes["sha256"] == old || p.Files[0].RequiresPython != ">=3.9" {
		t.Errorf("changed file not read again: %#v", p.Files[0])
	}
	get(t, srv, "GET", "/simple/", "")
	mu.Lock()
	defer mu.Unlock()
	if len(logs) != 1 || !strings.HasPrefix(logs[0], "broken-1.0-py3-none-any.whl left out: ") {
		t.Errorf("logs %q (want the broken wheel once)", logs)
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct{ accept, want string }{
		{"", textHTML},
		{simple.Accept, simple.JSONType},
		{"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01", simple.JSONType},
		{"application/vnd.pypi.simple.latest+json", simple.JSONType},
		{"application/vnd.pypi.simple.v1+html", simple.HTMLType},
		{"text/html", textHTML},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", textHTML}, // a browser
		{"*/*", textHTML},
		{"application/vnd.pypi.simple.v1+json, text/html", simple.JSONType},
		{"text/html, application/vnd.pypi.simple.v1+json;q=0.5", textHTML},
		{"application/vnd.pypi.simple.v1+json;q=0, */*", textHTML},
		{"application/json", textHTML},
		{"application/*", simple.JSONType},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/simple/", nil)
		if tc.accept != "" {
			r.Header.Set("Accept", tc.accept)
		}
		if got, ok := negotiate(r); !ok || got != tc.want {
			t.Errorf("Accept %q: %q, want %q", tc.accept, got, tc.want)
		}
	}
}

// upstreamIndex is a second index: JSON pages with relative links, a
// counter of requests per path and the Authorization headers it saw.
type upstreamIndex struct {
	mu    sync.Mutex
	hits  map[string]int
	auths []string
	srv   *httptest.Server
}

func newUpstream(t *testing.T) *upstreamIndex {
	u := &upstreamIndex{hits: map[string]int{}}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.hits[r.URL.Path]++
		u.auths = append(u.auths, r.Header.Get("Authorization"))
		u.mu.Unlock()
		switch r.URL.Path {
		case "/pypi/simple/requests/":
			w.Header().Set("Content-Type", simple.JSONType)
			io.WriteString(w, `{"meta": {"api-version": "1.1"}, "name": "requests", "versions": ["2.31.0"], "files": [
 {"filename": "requests-2.31.0-py3-none-any.whl", "url": "../../packages/requests-2.31.0-py3-none-any.whl", "hashes": {"sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
  "requires-python": ">=3.7", "core-metadata": {"sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}, "size": 62574, "yanked": false}]}`)
		case "/pypi/simple/demo-pkg/":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<a href="https://evil.example/demo_pkg-99.0-py3-none-any.whl">demo_pkg-99.0-py3-none-any.whl</a>`)
		case "/pypi/simple/down/":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func TestServeUpstream(t *testing.T) {
	up := newUpstream(t)
	dir := t.TempDir()
	writeWheel(t, dir, "demo.pkg", "1.0", "")
	var mu sync.Mutex
	var logs []string
	base, _ := url.Parse(up.srv.URL + "/pypi/simple")
	base.User = url.UserPassword("alice", "s3cret")
	srv := serve(t, dir, ServeOptions{Upstream: base.String(), Log: func(m string) { mu.Lock(); logs = append(logs, m); mu.Unlock() }})

	// A name only upstream has: re-served with absolute URLs, both formats.
	for _, accept := range []string{simple.Accept, "text/html"} {
		resp, body := get(t, srv, "GET", "/simple/requests/", accept)
		if resp.StatusCode != 200 {
			t.Fatalf("requests: %s", resp.Status)
		}
		if strings.Contains(string(body), "s3cret") || strings.Contains(string(body), "alice") {
			t.Errorf("credentials in the re-served page:\n%s", body)
		}
		p, err := simple.Parse(body, resp.Header.Get("Content-Type"), srv.URL+"/simple/requests/")
		if err != nil || len(p.Files) != 1 {
			t.Fatalf("%v %#v", err, p)
		}
		f := p.Files[0]
		if f.URL != up.srv.URL+"/pypi/packages/requests-2.31.0-py3-none-any.whl" || f.Hashes["sha256"] != "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" || f.RequiresPython != ">=3.7" ||
			!f.CoreMetadata || f.MetadataHashes["sha256"] != "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" {
			t.Errorf("upstream file re-served as %#v", f)
		}
		if accept == simple.Accept && (f.Size != 62574 || !reflect.DeepEqual(p.Versions, []string{"2.31.0"}) || p.Name != "requests") {
			t.Errorf("upstream JSON fields lost: %#v", p)
		}
	}

	// A local name shadows the upstream one: upstream is never asked.
	resp, body := get(t, srv, "GET", "/simple/demo-pkg/", "")
	if resp.StatusCode != 200 || strings.Contains(string(body), "evil") || !strings.Contains(string(body), "demo_pkg-1.0-py3-none-any.whl") {
		t.Errorf("local demo-pkg: %s\n%s", resp.Status, body)
	}
	// Unknown everywhere: 404; upstream failing: 502, logged without credentials.
	if resp, _ := get(t, srv, "GET", "/simple/nowhere/", ""); resp.StatusCode != 404 {
		t.Errorf("nowhere: %s", resp.Status)
	}
	if resp, _ := get(t, srv, "GET", "/simple/down/", ""); resp.StatusCode != http.StatusBadGateway {
		t.Errorf("down: %s", resp.Status)
	}
	// The root page lists the local names only.
	_, body = get(t, srv, "GET", "/simple/", simple.JSONType)
	if names, _ := simple.ParseIndexJSON(body); !reflect.DeepEqual(names, []string{"demo-pkg"}) {
		t.Errorf("root names %q", names)
	}

	up.mu.Lock()
	defer up.mu.Unlock()
	if up.hits["/pypi/simple/demo-pkg/"] != 0 {
		t.Error("upstream was asked for a local name")
	}
	for _, a := range up.auths {
		if a != "Basic YWxpY2U6czNjcmV0" {
			t.Errorf("upstream saw Authorization %q", a)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logs) != 1 || !strings.Contains(logs[0], "/pypi/simple/down/: HTTP 503") || strings.Contains(logs[0], "s3cret") {
		t.Errorf("logs %q", logs)
	}
}

func TestServeUpstreamUnreachable(t *testing.T) {
	up := httptest.NewServer(http.NotFoundHandler())
	addr := up.URL
	up.Close() // nothing listens there any more
	var logs []string
	srv := serve(t, t.TempDir(), ServeOptions{Upstream: strings.Replace(addr, "http://", "http://u:pw@", 1) + "/simple/", Timeout: 2 * time.Second,
		Log: func(m string) { logs = append(logs, m) }})
	if resp, _ := get(t, srv, "GET", "/simple/x/", ""); resp.StatusCode != http.StatusBadGateway {
		t.Errorf("unreachable upstream: %s", resp.Status)
	}
	if len(logs) != 1 || strings.Contains(logs[0], "pw") || !strings.Contains(logs[0], "the request failed") {
		t.Errorf("logs %q", logs)
	}
}

func TestHandlerErrors(t *testing.T) {
	if _, err := Handler(filepath.Join(t.TempDir(), "nope"), ServeOptions{}); err == nil {
		t.Error("missing folder accepted")
	}
	_, err := Handler(t.TempDir(), ServeOptions{Upstream: "ftp://u:pw@x/simple"})
	if err == nil || strings.Contains(err.Error(), "pw") || !strings.Contains(err.Error(), "not an http or https URL") {
		t.Errorf("bad upstream: %v", err)
	}
}

// Upstream pages go through fwenv's HTTP client with the caller's network
// settings (here a proxy from the environment), and are never answered
// from a cache: each request asks the upstream again.
func TestServeUpstreamNetwork(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.String())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "private, max-age=600")
		io.WriteString(w, `<a href="requests-2.31.0-py3-none-any.whl#sha256=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">requests-2.31.0-py3-none-any.whl</a>`)
	}))
	defer proxy.Close()
	getenv := func(k string) string {
		if k == "HTTP_PROXY" {
			return proxy.URL
		}
		return ""
	}
	srv := serve(t, t.TempDir(), ServeOptions{Upstream: "http://upstream.invalid/simple/", Network: fetch.Options{Getenv: getenv, CacheDir: t.TempDir(), Retries: 5}})
	for i := 0; i < 2; i++ {
		resp, body := get(t, srv, "GET", "/simple/requests/", "text/html")
		if resp.StatusCode != 200 || !strings.Contains(string(body), "http://upstream.invalid/simple/requests/requests-2.31.0-py3-none-any.whl") {
			t.Fatalf("round %d: %s\n%s", i, resp.Status, body)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0] != "http://upstream.invalid/simple/requests/" {
		t.Fatalf("the proxy saw %q; want both requests (no cache)", seen)
	}
}

// A slow, failing or oversized upstream costs a client at most Timeout and
// one attempt.
func TestServeUpstreamBounded(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/simple/busy/":
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/simple/trickle/":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(200)
			for i := 0; i < 50; i++ {
				if _, err := io.WriteString(w, " "); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		case "/simple/huge/":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", strconv.Itoa(100<<20))
			w.WriteHeader(200)
			io.WriteString(w, "<html>")
		}
	}))
	defer up.Close()
	var logs []string
	srv := serve(t, t.TempDir(), ServeOptions{Upstream: up.URL + "/simple/", Timeout: time.Second, Log: func(m string) { mu.Lock(); logs = append(logs, m); mu.Unlock() }})
	for _, name := range []string{"busy", "trickle", "huge"} {
		start := time.Now()
		resp, _ := get(t, srv, "GET", "/simple/"+name+"/", "")
		if took := time.Since(start); resp.StatusCode != http.StatusBadGateway || took > 3*time.Second {
			t.Errorf("%s: %s after %v", name, resp.Status, took)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if hits["/simple/busy/"] != 1 {
		t.Errorf("a failing upstream was asked %d times", hits["/simple/busy/"])
	}
	for _, name := range []string{"busy", "trickle", "huge"} {
		found := false
		for _, l := range logs {
			found = found || strings.Contains(l, "/simple/"+name+"/")
		}
		if !found {
			t.Errorf("no warning names %s: %q", name, logs)
		}
	}
}
