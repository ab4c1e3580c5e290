package indexer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/simple"
)

// ServeOptions are the choices of Handler.
type ServeOptions struct {
	// Upstream is the index (its /simple/ URL, e.g.
	// https://pypi.org/simple/) asked for projects the folder does not
	// have; "" serves the folder alone. It may hold credentials, which are
	// sent to the upstream only and never shown.
	Upstream string
	// Network are the upstream client's network settings (Getenv for
	// proxies and netrc, CertFile, Timeout per attempt, UserAgent). Handler
	// sets the rest: no cache (a shared server must not answer from pages
	// fetched with credentials), no retries (the index's clients retry),
	// pages capped at 64 MiB.
	Network fetch.Options
	// Timeout bounds the whole fetch of one upstream page, however the
	// upstream trickles or asks to be retried (default 30 s).
	Timeout time.Duration
	// Log, when set, receives one line for each distribution left out
	// (when it is first seen) and each failed upstream fetch.
	Log func(msg string)
}

// Upstream page bodies larger than this are refused.
const maxUpstreamPage = 64 << 20

// textHTML is the type served to clients that want plain HTML.
const textHTML = "text/html; charset=utf-8"

type handler struct {
	dir      string
	o        ServeOptions
	sc       *scanner
	upstream *url.URL
	fetcher  *fetch.Client
	timeout  time.Duration
}

// UpstreamError is an upstream index URL that cannot be used.
type UpstreamError struct {
	URL    string // without credentials
	Reason string
}

func (e *UpstreamError) Error() string { return "upstream index " + e.URL + ": " + e.Reason }

// Hint says what to give instead.
func (e *UpstreamError) Hint() string {
	return "give the index's simple URL, for example https://pypi.org/simple/"
}

// Handler serves dir (a folder of distributions, read again when it
// changes) as a simple index: /simple/, /simple/NAME/ (HTML or JSON by
// Accept or ?format=), /files/FILE and /files/FILE.metadata; see the
// package documentation. It fails only when dir is not a readable folder
// or the upstream URL is not an http(s) URL.
func Handler(dir string, o ServeOptions) (http.Handler, error) {
	h := &handler{dir: dir, o: o, sc: &scanner{}}
	if o.Log != nil {
		h.sc.onRead = func(name, skip string) {
			if skip != "" {
				o.Log(fmt.Sprintf("%s left out: %s", name, skip))
			}
		}
	}
	if _, _, err := h.sc.scan(dir); err != nil {
		return nil, err
	}
	if o.Upstream != "" {
		u, err := url.Parse(o.Upstream)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &UpstreamError{URL: secret.Redact(o.Upstream), Reason: "not an http or https URL"}
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
			u.RawPath = ""
		}
		h.upstream = u
		h.timeout = o.Timeout
		if h.timeout <= 0 {
			h.timeout = 30 * time.Second
		}
		nw := o.Network
		nw.CacheDir, nw.Offline, nw.Retries, nw.MaxPageSize, nw.Used = "", false, -1, maxUpstreamPage, nil
		if nw.Timeout <= 0 {
			nw.Timeout = h.timeout
		}
		c, err := fetch.New(nw)
		if err != nil {
			return nil, err
		}
		h.fetcher = c
	}
	return h, nil
}

func (h *handler) log(format string, args ...any) {
	if h.o.Log != nil {
		h.o.Log(fmt.Sprintf(format, args...))
	}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/" || p == "/simple":
		redirect(w, r, "/simple/", http.StatusMovedPermanently)
	case p == "/simple/":
		h.serveIndex(w, r)
	case strings.HasPrefix(p, "/simple/"):
		name := strings.TrimPrefix(p, "/simple/")
		trailing := strings.HasSuffix(name, "/")
		name = strings.TrimSuffix(name, "/")
		if name == "" || strings.Contains(name, "/") || !wheelname.ValidName(name) {
			http.NotFound(w, r)
			return
		}
		norm := wheelname.Normalize(name)
		if norm != name || !trailing {
			redirect(w, r, "/simple/"+norm+"/", http.StatusMovedPermanently)
			return
		}
		h.serveProject(w, r, norm)
	case strings.HasPrefix(p, "/files/"):
		h.serveFile(w, r, strings.TrimPrefix(p, "/files/"))
	default:
		http.NotFound(w, r)
	}
}

// redirect keeps the query (?format=).
func redirect(w http.ResponseWriter, r *http.Request, to string, code int) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, code)
}

func (h *handler) dists(w http.ResponseWriter) ([]*dist, bool) {
	d, _, err := h.sc.scan(h.dir)
	if err != nil {
		h.log("%v", err)
		http.Error(w, "the folder of distributions cannot be read", http.StatusInternalServerError)
		return nil, false
	}
	return d, true
}

func (h *handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	ct, ok := negotiate(r)
	if !ok {
		notAcceptable(w)
		return
	}
	dists, ok := h.dists(w)
	if !ok {
		return
	}
	names, _ := group(dists)
	var b bytes.Buffer
	if ct == simple.JSONType {
		simple.WriteIndexJSON(&b, names)
	} else {
		simple.WriteIndexHTML(&b, names)
	}
	servePage(w, r, ct, b.Bytes())
}

func (h *handler) serveProject(w http.ResponseWriter, r *http.Request, name string) {
	ct, ok := negotiate(r)
	if !ok {
		notAcceptable(w)
		return
	}
	dists, ok := h.dists(w)
	if !ok {
		return
	}
	_, by := group(dists)
	var p *simple.Project
	switch local := by[name]; {
	case len(local) > 0:
		p = project(name, local, func(f string) string { return "../../files/" + escape(f) })
	case h.upstream != nil:
		var status int
		p, status = h.fetchUpstream(r, name)
		if p == nil {
			if status == http.StatusNotFound {
				http.NotFound(w, r)
			} else {
				http.Error(w, "the upstream index did not answer", status)
			}
			return
		}
	default:
		http.NotFound(w, r)
		return
	}
	var b bytes.Buffer
	if ct == simple.JSONType {
		simple.WriteProjectJSON(&b, p)
	} else {
		simple.WriteProjectHTML(&b, p)
	}
	servePage(w, r, ct, b.Bytes())
}

// fetchUpstream reads the upstream page of a project; nil and an HTTP
// status for the client when there is none.
func (h *handler) fetchUpstream(r *http.Request, name string) (*simple.Project, int) {
	u := *h.upstream
	u.Path += name + "/"
	u.RawPath = ""
	shown := secret.Redact(u.String())
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	pg, err := h.fetcher.Page(ctx, u.String(), simple.Accept)
	if err != nil {
		var nf *fetch.NotFoundError
		var un *fetch.UnreachableError
		switch {
		case errors.As(err, &nf):
			return nil, http.StatusNotFound
		case errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil:
			h.log("upstream %s: no whole answer within %s (--timeout)", shown, h.timeout)
		case errors.As(err, &un):
			h.log("upstream %s: the request failed (%s)", shown, un.Reason)
		default:
			// fetch's errors name the URL without credentials.
			h.log("upstream %v", err)
		}
		return nil, http.StatusBadGateway
	}
	if len(pg.Body) > maxUpstreamPage {
		h.log("upstream %s: the page is larger than %d bytes", shown, maxUpstreamPage)
		return nil, http.StatusBadGateway
	}
	p, err := simple.Parse(pg.Body, pg.ContentType, pg.URL)
	if err != nil {
		h.log("%v", err)
		return nil, http.StatusBadGateway
	}
	p.Name = name
	return p, 0
}

// servePage sends a page with its type, Vary: Accept and an ETag
// (HEAD, If-None-Match and ranges through http.ServeContent).
func servePage(w http.ResponseWriter, r *http.Request, ct string, body []byte) {
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Vary", "Accept")
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func notAcceptable(w http.ResponseWriter) {
	http.Error(w, "unknown format: ask for "+simple.JSONType+", "+simple.HTMLType+" or text/html", http.StatusNotAcceptable)
}

// serveFile sends a listed distribution, or a wheel's .metadata.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	dists, ok := h.dists(w)
	if !ok {
		return
	}
	find := func(n string) *dist {
		i := sort.Search(len(dists), func(i int) bool { return dists[i].filename >= n })
		if i < len(dists) && dists[i].filename == n {
			return dists[i]
		}
		return nil
	}
	if d := find(name); d != nil {
		f, err := os.Open(d.path)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		// Never a type with an encoding: a client must not gunzip an sdist
		// on the fly and then fail its hash.
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("ETag", `"`+d.sha256+`"`)
		http.ServeContent(w, r, d.filename, d.modTime, f)
		return
	}
	if base, ok := strings.CutSuffix(name, ".metadata"); ok {
		if d := find(base); d != nil && d.metadata != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("ETag", `"`+d.metadataSHA256+`"`)
			http.ServeContent(w, r, "", d.modTime, bytes.NewReader(d.metadata))
			return
		}
	}
	http.NotFound(w, r)
}

// negotiate picks the page format from ?format= or Accept (PEP 691):
// JSON when the client asks for it at least as much as for HTML, else
// HTML (text/html when the client's best match is text/html, a wildcard
// or nothing we have). ok is false for an unknown ?format=.
func negotiate(r *http.Request) (ct string, ok bool) {
	if f := r.URL.Query().Get("format"); f != "" {
		// An unescaped '+' in the query reads as a space.
		switch strings.ReplaceAll(strings.ToLower(f), " ", "+") {
		case simple.JSONType, "application/vnd.pypi.simple.latest+json", "json":
			return simple.JSONType, true
		case simple.HTMLType, "application/vnd.pypi.simple.latest+html", "html":
			return simple.HTMLType, true
		case "text/html":
			return textHTML, true
		}
		return "", false
	}
	accept := r.Header.Values("Accept")
	if len(accept) == 0 {
		return textHTML, true
	}
	offers := []struct {
		ct        string
		types     []string // media types that name it exactly
		wildcards []string
	}{
		{simple.JSONType, []string{simple.JSONType, "application/vnd.pypi.simple.latest+json"}, []string{"application/*", "*/*"}},
		{simple.HTMLType, []string{simple.HTMLType, "application/vnd.pypi.simple.latest+html"}, []string{"application/*", "*/*"}},
		{textHTML, []string{"text/html"}, []string{"text/*", "*/*"}},
	}
	best, bestQ, bestExact := textHTML, 0.0, false
	for _, o := range offers {
		q, exact := quality(accept, o.types, o.wildcards)
		if q <= 0 {
			continue
		}
		// A higher q wins; at equal q a type named exactly beats a
		// wildcard; among exact names the first offer (JSON) stays, among
		// wildcards text/html takes it.
		switch {
		case q > bestQ, q == bestQ && exact && !bestExact, q == bestQ && !exact && !bestExact && o.ct == textHTML:
			best, bestQ, bestExact = o.ct, q, exact
		}
	}
	return best, true
}

// quality is the q the Accept headers give one offer, and whether a media
// type names it exactly (which then counts instead of any wildcard).
func quality(accept []string, types, wildcards []string) (float64, bool) {
	exactQ, wildQ, exact, wild := 0.0, 0.0, false, false
	for _, h := range accept {
		for _, part := range strings.Split(h, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 && v <= 1 {
					q = v
				}
			}
			for _, t := range types {
				if mt == t && (!exact || q > exactQ) {
					exactQ, exact = q, true
				}
			}
			for _, wc := range wildcards {
				if mt == wc && (!wild || q > wildQ) {
					wildQ, wild = q, true
				}
			}
		}
	}
	if exact {
		return exactQ, true
	}
	return wildQ, false
}
