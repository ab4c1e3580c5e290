package lockio

import (
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// LazyRegexp compiles a regular expression on first use, so that the
// start-up every fwenv command pays does not include it.
func LazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// IsAbsURL reports whether s is an absolute URL with a scheme and a host
// (a file: URL may have an empty host).
func IsAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Scheme == "file")
}

// CheckLocalPath returns "" when p is a canonical relative path, written
// with "/", that stays inside the folder it is relative to, or says what
// is wrong with it ("is absolute", "leaves the lock file's folder ('..')",
// ...). It checks the text only: a symbolic link is not followed.
func CheckLocalPath(p string) string {
	switch {
	case strings.ContainsRune(p, 0):
		return "holds a NUL character"
	case strings.ContainsRune(p, '\\'):
		return "holds a backslash (write paths with '/')"
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return "is absolute"
	case p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
		return "leaves the lock file's folder ('..')"
	case path.Clean(p) != p || p == ".":
		return "is not in canonical form (no '.' parts, no '//', no trailing '/')"
	case !filepath.IsLocal(filepath.FromSlash(p)):
		return "is not a path inside the lock file's folder"
	}
	return ""
}
