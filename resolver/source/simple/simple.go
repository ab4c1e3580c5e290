package simple

import (
	"fmt"
	"mime"
	"net/url"
	"path"
	"strings"

	"github.com/fwenv/fwenv/resolver/secret"
)

// Media types of the Simple Repository API (PEP 691).
const (
	JSONType = "application/vnd.pypi.simple.v1+json"
	HTMLType = "application/vnd.pypi.simple.v1+html"
	// Accept is the Accept header a client sends: JSON preferred, then HTML.
	Accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

	// latest aliases of PEP 691, which a server may be asked for.
	jsonLatest = "application/vnd.pypi.simple.latest+json"
	htmlLatest = "application/vnd.pypi.simple.latest+html"
)

// File is one distribution file listed on a project page.
type File struct {
	Filename string
	// URL is absolute (resolved against the page URL), without the
	// #fragment and without user information.
	URL string
	// Hashes maps an algorithm to a lower-case hex digest (from the JSON
	// "hashes" or the URL #sha256=… fragment).
	Hashes map[string]string
	// RequiresPython is data-requires-python / "requires-python" (HTML
	// entities decoded).
	RequiresPython string
	// Yanked is PEP 592: the data-yanked attribute is present / "yanked"
	// is true or a string (the reason).
	Yanked       bool
	YankedReason string
	// CoreMetadata says the server has the PEP 658/714 metadata file at
	// URL + ".metadata": data-core-metadata or the legacy
	// data-dist-info-metadata present and not "false" / JSON
	// "core-metadata" or "dist-info-metadata" true or a table of hashes.
	CoreMetadata bool
	// MetadataHashes are the metadata file's digests
	// (data-core-metadata="sha256=…" or the JSON table).
	MetadataHashes map[string]string
	// Size is PEP 700's "size" in JSON, 0 if absent.
	Size int64
}

// MetadataURL is where the PEP 658 metadata file is ("" without
// CoreMetadata).
func (f File) MetadataURL() string {
	if !f.CoreMetadata {
		return ""
	}
	return f.URL + ".metadata"
}

// Project is a project page.
type Project struct {
	Name     string // as the page says (JSON "name"); "" for HTML pages
	Files    []File
	Versions []string // PEP 700 "versions" when present
	// Warnings lists what was left out while reading (a link whose href is
	// not a URL), one line each; nil for a clean page.
	Warnings []string
}

// Error is a page that cannot be read.
type Error struct {
	URL    string // the page (without credentials)
	Reason string
}

func (e *Error) Error() string {
	if e.URL == "" {
		return "index page: " + e.Reason
	}
	return "index page " + e.URL + ": " + e.Reason
}

// Hint says what to do about it.
func (e *Error) Hint() string {
	return "the server did not answer with a Simple Repository API page (PEP 503/691); check the index URL"
}

func pageError(pageURL, format string, args ...any) *Error {
	return &Error{URL: redact(pageURL), Reason: fmt.Sprintf(format, args...)}
}

// redact hides the credentials of a URL for messages (the one display
// redactor, resolver/secret).
func redact(s string) string { return secret.Redact(s) }

// Parse reads a project page by its Content-Type: the JSON type gives
// ParseJSON; the HTML types, text/html, an empty or unknown type give
// ParseHTML.
func Parse(body []byte, contentType, pageURL string) (*Project, error) {
	if isJSON(contentType) {
		return ParseJSON(body, pageURL)
	}
	return ParseHTML(body, pageURL)
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(contentType))
	}
	return mt == JSONType || mt == jsonLatest || mt == "application/json"
}

// hashAlgorithms are the fragment keys read as hashes.
var hashAlgorithms = map[string]bool{"md5": true, "sha1": true, "sha224": true, "sha256": true, "sha384": true, "sha512": true}

// preference orders algorithms, strongest first, sha256 (what pip and
// every index use) ahead.
var preference = []string{"sha256", "sha512", "sha384", "sha224", "sha1", "md5"}

// fragmentHashes reads "sha256=HEX" (several joined by '&' are accepted)
// from a URL fragment.
func fragmentHashes(frag string) map[string]string {
	var out map[string]string
	for _, part := range strings.Split(frag, "&") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToLower(k)
		if !ok || !hashAlgorithms[k] || !isHex(v) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = strings.ToLower(v)
	}
	return out
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// bestHash picks the one hash an HTML link carries.
func bestHash(h map[string]string) (string, string) {
	for _, a := range preference {
		if v, ok := h[a]; ok {
			return a, v
		}
	}
	// Unknown algorithms: the first by name, for determinism.
	best := ""
	for a := range h {
		if best == "" || a < best {
			best = a
		}
	}
	if best == "" {
		return "", ""
	}
	return best, h[best]
}

// resolver turns hrefs into absolute URLs without fragment or user
// information.
type resolver struct{ base *url.URL }

func newResolver(pageURL string) (*resolver, error) {
	if pageURL == "" {
		return &resolver{}, nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, pageError(pageURL, "the page URL is not a URL: %v", err)
	}
	u.User = nil
	return &resolver{base: u}, nil
}

// rebase sets a <base href>, itself resolved against the page URL.
func (r *resolver) rebase(href string) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return
	}
	if r.base != nil {
		u = r.base.ResolveReference(u)
	}
	u.User = nil
	r.base = u
}

// resolve returns the absolute URL, the fragment and the last path
// component (percent-decoded) of href.
func (r *resolver) resolve(href string) (abs, frag, base string, err error) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", "", "", err
	}
	if r.base != nil {
		u = r.base.ResolveReference(u)
	}
	frag = u.EscapedFragment()
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	base = path.Base(u.Path)
	if base == "." || base == "/" || strings.HasSuffix(u.Path, "/") {
		base = ""
	}
	return u.String(), frag, base, nil
}
