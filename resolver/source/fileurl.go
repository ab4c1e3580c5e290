package source

import (
	"net/url"
	"path/filepath"
)

// FileURLPath turns a file: URL (no host, or localhost) into a clean
// absolute local path; ok is false for anything else.
func FileURLPath(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") || u.Path == "" {
		return "", false
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), true
}
