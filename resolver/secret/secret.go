package secret

import (
	"net/url"
	"strings"
)

// Mask replaces the user information of a URL.
const Mask = "***"

// Redact returns s with the credentials of every URL in it replaced by
// Mask: each "scheme://" starts a URL that runs to the next white space or
// quote (to the closing quote when the URL follows one, as in Go's %q
// messages); words without a scheme that look like "user:password@host"
// are masked too. Text without credentials is returned unchanged.
func Redact(s string) string {
	if !strings.Contains(s, "@") {
		return s // no user information without an '@'
	}
	var b strings.Builder
	prev := 0 // s[:prev] is written
	for from := 0; ; {
		k := strings.Index(s[from:], "://")
		if k < 0 {
			break
		}
		k += from
		start := k
		for start > prev && isSchemeChar(s[start-1]) {
			start--
		}
		end := urlEnd(s, start, k+3)
		b.WriteString(redactWords(s[prev:start]))
		b.WriteString(RedactURL(s[start:end]))
		prev, from = end, end
		if from >= len(s) {
			break
		}
	}
	b.WriteString(redactWords(s[prev:]))
	return b.String()
}

// urlEnd is where the URL that starts at start (its "://" ends at rest)
// ends: at white space or a quote, or at the closing quote when the URL
// follows a quote.
func urlEnd(s string, start, rest int) int {
	if start > 0 {
		if q := s[start-1]; q == '"' || q == '\'' || q == '`' {
			for i := rest; i < len(s); i++ {
				if s[i] == q || s[i] == '\n' || s[i] == '\r' {
					return i
				}
			}
			return len(s)
		}
	}
	for i := rest; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`', '<', '>':
			return i
		}
	}
	return len(s)
}

// RedactURL returns the URL u with its user information replaced by Mask
// (kept when it is a bare account name on an ssh URL). When u does not
// parse, and its authority holds no '@', everything from "://" to its last
// '@' is hidden: a password with an unencoded '/', '?' or '#' would
// otherwise show. A string without "://" is masked like one word of Redact.
func RedactURL(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return redactWords(u)
	}
	j := i
	for j > 0 && isSchemeChar(u[j-1]) {
		j--
	}
	scheme := strings.ToLower(u[j:i])
	head, rest := u[:i+3], u[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		if account(scheme, rest[:at]) {
			return head + rest[:at] + more(rest[at:])
		}
		return head + Mask + more(rest[at:])
	}
	if !strings.Contains(rest, "@") {
		return u
	}
	if strings.Contains(rest, "://") {
		return head + Redact(rest) // another URL starts in this word
	}
	if _, err := url.Parse(u); err == nil {
		return u // an '@' in the path, query or fragment: a git ref, a file name
	}
	at := strings.LastIndexByte(rest, '@')
	return head + Mask + rest[at:]
}

// more redacts what follows a URL's user information when another URL
// starts in it ("https://a:b@h1,https://c:d@h2/" is one word).
func more(tail string) string {
	if strings.Contains(tail, "://") {
		return Redact(tail)
	}
	return tail
}

// account reports whether the user information user of a URL with scheme
// is a bare account name that may be shown: a user without a password on
// an ssh URL (ssh, git+ssh, svn+ssh, ...).
func account(scheme, user string) bool {
	return user != "" && !strings.Contains(user, ":") && strings.HasSuffix(scheme, "ssh")
}

// redactWords masks, in text without "://", each word that looks like
// "user:password@host": the part before its last '@' holds a ':', and a
// host follows. That part starts after a '/', '=', quote, '(', '<' or ',',
// so "--index-url=user:pw@host" keeps its option name and a URL whose
// "//" a path join made into "/" ("/cfg/https:/user:pw@host") is masked
// too. "git@github.com:o/r" (no ':' before the '@') and e-mail addresses
// are kept.
func redactWords(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		// Copy the white space, then one word.
		n := 0
		for n < len(s) && isSpace(s[n]) {
			n++
		}
		b.WriteString(s[:n])
		s = s[n:]
		n = 0
		for n < len(s) && !isSpace(s[n]) {
			n++
		}
		b.WriteString(redactWord(s[:n]))
		s = s[n:]
	}
	return b.String()
}

func redactWord(w string) string {
	at := strings.LastIndexByte(w, '@')
	if at <= 0 {
		return w
	}
	start := strings.LastIndexAny(w[:at], "/=\"'`(<,") + 1
	user := w[start:at]
	if user == "" || !strings.Contains(user, ":") || at+1 == len(w) || !isHostStart(w[at+1]) {
		return w
	}
	return w[:start] + Mask + w[at:]
}

// isHostStart reports whether c may start a host name or address.
func isHostStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '[' || c == '$' || c >= 0x80
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}
