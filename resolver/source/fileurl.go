package source

import (
	"net/url"
	"path/filepath"
)

// FileURL is the file: URL of an absolute local path, as pip writes it
// into direct_url.json and freeze lines (path_to_url: Python's
// urllib.request.pathname2url, which is urllib.parse.quote, and
// pathlib's as_uri alike): every byte but ASCII letters, digits, "_.-~"
// and "/" is percent-encoded ("/src/my proj+x" ->
// "file:///src/my%20proj%2Bx"). It is fwenv's one encoder of file: URLs;
// FileURLPath reads them back.
func FileURL(path string) string {
	const hex = "0123456789ABCDEF"
	p := filepath.ToSlash(path)
	b := make([]byte, 0, len("file://")+len(p))
	b = append(b, "file://"...)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-' || c == '~' || c == '/' {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// FileURLPath turns a file: URL (no host, or localhost) into a clean
// absolute local path, undoing any percent-encoding (FileURL's, or another
// tool's); ok is false for anything else.
func FileURLPath(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") || u.Path == "" {
		return "", false
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), true
}
