package fwlock

import (
	"fmt"
	"strings"
)

// Error is a problem with a lock file. It names the file, the line when one
// is known, and the package concerned when there is one:
//
//	pkgs/fwenv.lock:17: package framework: artifact framework-0.0.1.tar.gz: sha256 "abc" is not 64 lower-case hex digits
type Error struct {
	File    string // the lock file as given to Parse, Load or Save ("" when unknown)
	Line    int    // 1-based line in File, 0 when unknown
	Package string // the package's name as spelled in the file, "" when the problem is not inside a package
	Msg     string // what is wrong
	hint    string
	err     error // the underlying error, when there is one (reading or writing the file)
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Package != "" {
		b.WriteString("package ")
		b.WriteString(e.Package)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return redact(b.String())
}

// Hint says how to fix the problem.
func (e *Error) Hint() string {
	if e.hint != "" {
		return redact(e.hint)
	}
	return regenerateHint
}

// Unwrap returns the underlying error (an *fs.PathError when the file could
// not be read or written), or nil.
func (e *Error) Unwrap() error { return e.err }

const regenerateHint = "fwenv.lock is generated: regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project) instead of editing it"

const damagedHint = "the lock file is damaged (cut short or corrupted, perhaps by an interrupted copy); regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project), or copy it again"

const credentialsHint = "remove the user name and password from the URL (write https://host/..., not https://user:password@host/...); fwenv never stores credentials in a lock file; give them with the index URL on the command line or in ~/.netrc, which fwenv reads when it downloads"

// StripCredentials returns rawURL without its user information
// ("https://user:pw@host/simple" -> "https://host/simple"), for recording
// where something came from in a lock. A string that is not a URL with an
// authority is returned unchanged. Callers that fill a Lock from the URLs
// they downloaded from pass them through it: Marshal refuses credentials.
func StripCredentials(rawURL string) string {
	i := strings.Index(rawURL, "://")
	if i < 0 {
		return rawURL
	}
	rest := rawURL[i+3:]
	end := authorityEnd(rest)
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		return rawURL
	}
	return rawURL[:i+3] + rest[at+1:]
}

// redact replaces the user information of every URL in s ("://user:pw@host")
// with "***", so that no error can carry a credential.
func redact(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		end := authorityEnd(s)
		if at := strings.LastIndexByte(s[:end], '@'); at >= 0 {
			b.WriteString("***")
			s = s[at:]
		}
	}
}

// authorityEnd is the end of the URL authority at the start of s.
func authorityEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>':
			return i
		}
	}
	return len(s)
}

// credentialIn reports whether s holds a URL with user information that is
// a credential: any "user:password@" or "token@" part, except a bare user
// name on an ssh URL (git+ssh://git@github.com/..., which names an account
// and holds no secret). It looks at every "scheme://" in s, so it also
// finds URLs inside a PEP 508 requirement string ("pkg @ https://...").
func credentialIn(s string) bool {
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			return false
		}
		j := i
		for j > 0 && isSchemeChar(s[j-1]) {
			j--
		}
		scheme := strings.ToLower(s[j:i])
		rest := s[i+3:]
		end := authorityEnd(rest)
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			user := rest[:at]
			if !(strings.HasSuffix(scheme, "ssh") && !strings.Contains(user, ":")) {
				return true
			}
		}
		s = rest
	}
}

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}
