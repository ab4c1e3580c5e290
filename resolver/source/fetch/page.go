package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/secret"
)

// Page is a fetched index or find-links page.
type Page struct {
	Body        []byte
	ContentType string
	// URL is the final URL after redirects, without credentials: relative
	// links in the page resolve against it.
	URL string
	// FromCache says the body came from the HTTP cache (fresh, revalidated
	// with a 304, or offline).
	FromCache bool
}

// Page GETs an index or find-links page with HTTP caching. A fresh cached
// copy (Cache-Control max-age) is used without a request; a stale one is
// revalidated with If-None-Match / If-Modified-Since, and a 304 serves the
// cached body. Offline, the cached copy is served whatever its age, else an
// *OfflineError. 404 and 410 give (nil, *NotFoundError). accept is the
// Accept header; the cache keeps one copy per URL and Accept.
func (c *Client) Page(ctx context.Context, rawurl, accept string) (*Page, error) {
	clean := c.AddCredentials(rawurl)
	key := cacheKey(clean, accept)
	cached := c.readEntry(key)
	if c.o.Offline {
		if cached == nil {
			return nil, &OfflineError{URL: clean}
		}
		c.used(c.entryPath(key))
		return cached.page(), nil
	}
	now := time.Now()
	if cached != nil && cached.fresh(now) {
		c.used(c.entryPath(key))
		return cached.page(), nil
	}
	hdr := http.Header{}
	if accept != "" {
		hdr.Set("Accept", accept)
	}
	if cached != nil {
		if cached.ETag != "" {
			hdr.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			hdr.Set("If-Modified-Since", cached.LastModified)
		}
	}
	var out *Page
	cl := &call{what: "page", deadline: pageDeadline(c.o), announce: true}
	err := c.get(ctx, clean, hdr, cl, func(resp *http.Response, r io.Reader) error {
		if resp.StatusCode == http.StatusNotModified {
			if cached == nil {
				// We sent no validator: a broken server.
				return &HTTPError{URL: clean, Status: resp.StatusCode}
			}
			cached.refresh(resp, time.Now())
			c.writeEntry(key, cached) // a cache write failure only costs a request next time
			out = cached.page()
			return nil
		}
		if resp.ContentLength > c.o.MaxPageSize {
			return &TooLargeError{URL: clean, Limit: c.o.MaxPageSize}
		}
		// The request's context: the page's deadline also ends a wait
		// for the large-page slot.
		body, err := readPage(resp.Request.Context(), r, c.o.MaxPageSize)
		if err != nil {
			return err
		}
		if int64(len(body)) > c.o.MaxPageSize {
			return &TooLargeError{URL: clean, Limit: c.o.MaxPageSize}
		}
		e := &entry{
			URL:         clean,
			Accept:      accept,
			FinalURL:    secret.StripCredentials(resp.Request.URL.String()),
			ContentType: resp.Header.Get("Content-Type"),
			body:        body,
		}
		e.refresh(resp, time.Now())
		if !e.NoStore {
			c.writeEntry(key, e)
		}
		out = e.page()
		out.FromCache = false
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// entry is one stored response: a JSON header line, then the body. Only
// these response fields are kept; no request header ever is.
type entry struct {
	URL          string    `json:"url"`
	Accept       string    `json:"accept,omitempty"`
	FinalURL     string    `json:"final_url"`
	ContentType  string    `json:"content_type,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Stored       time.Time `json:"stored"`
	// MaxAge is the freshness lifetime in seconds from Stored; -1 when the
	// server gave none (always revalidated).
	MaxAge  int64 `json:"max_age"`
	NoStore bool  `json:"-"`
	body    []byte
}

func (e *entry) page() *Page {
	return &Page{Body: e.body, ContentType: e.ContentType, URL: e.FinalURL, FromCache: true}
}

func (e *entry) fresh(now time.Time) bool {
	return e.MaxAge > 0 && now.Sub(e.Stored) < time.Duration(e.MaxAge)*time.Second
}

// refresh takes the validators and freshness of a 200 or 304 answer.
func (e *entry) refresh(resp *http.Response, now time.Time) {
	e.Stored = now
	if v := resp.Header.Get("ETag"); v != "" {
		e.ETag = v
	}
	if v := resp.Header.Get("Last-Modified"); v != "" {
		e.LastModified = v
	}
	e.MaxAge = -1
	e.NoStore = false
	for _, d := range strings.Split(resp.Header.Get("Cache-Control"), ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(name) {
		case "max-age":
			if n, err := strconv.ParseInt(strings.Trim(val, `"`), 10, 64); err == nil && n >= 0 && e.MaxAge != 0 {
				e.MaxAge = n
			}
		case "no-cache":
			e.MaxAge = 0
		case "no-store":
			e.NoStore = true
		}
	}
	if age, err := strconv.ParseInt(resp.Header.Get("Age"), 10, 64); err == nil && age > 0 && e.MaxAge > 0 {
		e.MaxAge = max(e.MaxAge-age, 0)
	}
}

// cacheKey names a stored response by a digest of the URL (without
// credentials) and the Accept header.
func cacheKey(clean, accept string) string {
	h := sha256.Sum256([]byte(clean + "\x00" + accept))
	return hex.EncodeToString(h[:])
}

func (c *Client) entryPath(key string) string {
	return filepath.Join(c.o.CacheDir, "http", key[:2], key[2:])
}

// readEntry returns the stored response, or nil (none, no cache, or a
// damaged file, which is treated as absent).
func (c *Client) readEntry(key string) *entry {
	if c.o.CacheDir == "" {
		return nil
	}
	// A cache file holds one JSON line and a page no larger than the page
	// cap; anything else (a FIFO, a device, a huge file) is no entry.
	data, err := bounded.ReadRegular(c.entryPath(key), c.o.MaxPageSize+1<<20)
	if err != nil {
		return nil
	}
	line, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil
	}
	var e entry
	if json.Unmarshal(line, &e) != nil || e.URL == "" {
		return nil
	}
	e.body = body
	return &e
}

// writeEntry stores a response atomically (temporary file, rename). Errors
// are ignored: the cache is an optimisation for pages.
func (c *Client) writeEntry(key string, e *entry) {
	if c.o.CacheDir == "" {
		return
	}
	p := c.entryPath(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	head, _ := json.Marshal(e)
	r := io.MultiReader(bytes.NewReader(head), strings.NewReader("\n"), bytes.NewReader(e.body))
	_ = atomicfile.Write(p, r, atomicfile.Options{Perm: 0o600, Temp: ".tmp-*"})
}
