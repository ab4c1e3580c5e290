package pylock

import (
	"fmt"
	"net/url"
	"strings"
)

// Error is a problem with a pylock.toml file. It names the file, the line
// when one is known, and the package concerned when there is one:
//
//	pylock.toml:12: package attrs: wheel attrs-25.1.0-py3-none-any.whl has no hashes
type Error struct {
	File    string // the lock file as given to Parse, Load or Save ("" when unknown)
	Line    int    // 1-based line in File, 0 when unknown
	Package string // the package's name, "" when the problem is not inside a package
	Msg     string // what is wrong
	hint    string
	err     error
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

// Unwrap returns the underlying error (reading or writing the file, or the
// TOML decoder's), or nil.
func (e *Error) Unwrap() error { return e.err }

const regenerateHint = "pylock.toml is generated: regenerate it with the tool that wrote it (`fwenv lock -o pylock.toml`, `uv export --format pylock.toml`, `pip lock`) instead of editing it by hand"

const credentialsHint = "remove the user name and password from the URL (write https://host/..., not https://user:password@host/...); a lock file must never hold credentials: give them to fwenv with the index URL on the command line or in ~/.netrc"

// credentialIn reports whether s is (or holds) a URL with user information
// that can be a secret: "user:password@" or "token@". A bare user name on
// an ssh URL (ssh://git@github.com/...) names an account and is allowed.
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

func authorityEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>':
			return i
		}
	}
	return len(s)
}

// redact replaces the user information of every URL in s with "***", so no
// error can carry a credential.
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

// isAbsURL reports whether s is an absolute URL with a scheme and a host
// (file: URLs may have an empty host).
func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Scheme == "file")
}
