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
	hint   string // "" for the general one
}

func (e *Error) Error() string {
	if e.URL == "" {
		return "index page: " + e.Reason
	}
	return "index page " + e.URL + ": " + e.Reason
}

// Hint says what to do about it.
func (e *Error) Hint() string {
	if e.hint != "" {
		return e.hint
	}
	return "the server did not answer with a Simple Repository API page (PEP 503/691); check the index URL"
}

func pageError(pageURL, format string, args ...any) *Error {
	return &Error{URL: secret.Redact(pageURL), Reason: fmt.Sprintf(format, args...)}
}

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

// hashAlgorithms are the fragment keys read as hashes (those pip reads in
// links), with the length of their hex digests.
var hashAlgorithms = map[string]int{"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128}

// preference orders algorithms, strongest first, sha256 (what pip and
// every index use) ahead.
var preference = []string{"sha256", "sha512", "sha384", "sha224", "sha1", "md5"}

// fragmentHashes reads "sha256=HEX" (several joined by '&' are accepted)
// from a URL fragment. Keys that are not hash algorithms (#egg=,
// #subdirectory=) are ignored; a hash algorithm whose value is not hex of
// its digest's length is returned as bad ("sha256=zz"): the file announces
// a hash that cannot be checked.
func fragmentHashes(frag string) (out map[string]string, bad string) {
	for _, part := range strings.Split(frag, "&") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if _, known := hashAlgorithms[k]; !ok || !known {
			continue
		}
		if !validDigest(k, v) {
			return nil, part
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = strings.ToLower(v)
	}
	return out, ""
}

// checkHashes keeps a hash table's entries (PEP 691 "hashes", PEP 714
// "core-metadata"), lower-cased; an entry of a known algorithm whose value
// is not hex of its digest's length is returned as bad. Entries of other
// algorithms are kept as given (no one checks them).
func checkHashes(h map[string]string) (out map[string]string, bad string) {
	for k, v := range h {
		k = strings.ToLower(k)
		if _, known := hashAlgorithms[k]; known && !validDigest(k, v) {
			return nil, k + "=" + v
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = strings.ToLower(v)
	}
	return out, ""
}

// validDigest says whether v is a hex digest of algorithm algo (a key of
// hashAlgorithms).
func validDigest(algo, v string) bool {
	return len(v) == hashAlgorithms[algo] && isHex(v)
}

// brokenHash is the error of a file whose announced hash is malformed.
func brokenHash(pageURL, link, what, bad string) *Error {
	e := pageError(pageURL, "link %q: %s %q is not a valid digest, so the file cannot be checked and is not used", link, what, bad)
	e.hint = "the index publishes a broken hash for this file; ask its maintainers to fix the page, or use another index"
	return e
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
