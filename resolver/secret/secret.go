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
	return eachURL(s, RedactURL, redactWords)
}

// eachURL returns s with every URL in it (see Redact) replaced by
// url(URL), and the text between URLs by text(text).
func eachURL(s string, url, text func(string) string) string {
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
		b.WriteString(text(s[prev:start]))
		b.WriteString(url(s[start:end]))
		prev, from = end, end
		if from >= len(s) {
			break
		}
	}
	b.WriteString(text(s[prev:]))
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
		case ' ', '\t':
			if j := spaceInUserinfo(s, rest, i); j > i {
				i = j - 1 // the URL goes on past the '@' at j
				continue
			}
			return i
		case '\n', '\r', '\v', '\f', '"', '\'', '`', '<', '>':
			return i
		}
	}
	return len(s)
}

// spaceInUserinfo says whether the white space at i, in a URL whose part
// after "://" starts at rest, is inside its user information (a password
// with a space: "http://user:sec ret@host/"): when nothing since rest ends
// the authority ('/', '?', '#', '@') and one of the next two words on the
// line holds an '@' followed by a host, with no '/' before it. It returns
// where that '@' is, or -1.
func spaceInUserinfo(s string, rest, i int) int {
	if strings.ContainsAny(s[rest:i], "/?#@") {
		return -1
	}
	for words := 0; words < 2; words++ {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		w := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		word := s[w:i]
		at := strings.IndexByte(word, '@')
		if at < 0 {
			if strings.ContainsAny(word, "/?#\"'`<>") {
				return -1
			}
			continue
		}
		if strings.ContainsAny(word[:at], "/\"'`<>") || at+1 == len(word) || !isHostStart(word[at+1]) {
			return -1
		}
		return w + at
	}
	return -1
}

// RedactURL returns the URL u with its user information (as userinfoEnd
// finds it) replaced by Mask, kept when it is a bare account name on an
// ssh URL. A string without "://" is masked like one word of Redact.
func RedactURL(u string) string {
	p, ok := cut(u)
	switch {
	case !ok:
		return redactWords(u)
	case p.nested:
		return p.head + Redact(p.rest) // another URL starts in this word
	case p.at < 0:
		return u
	case p.account():
		return p.head + p.rest[:p.at] + more(p.rest[p.at:])
	}
	return p.head + Mask + more(p.rest[p.at:])
}

// parts is a URL cut at its user information: head is "scheme://", rest
// what follows, and at and nested are what userinfoEnd found in it.
type parts struct {
	head, scheme, rest string
	at                 int
	nested             bool
}

// cut cuts the URL u (its first "://") at its user information; ok is
// false when u has no "://".
func cut(u string) (p parts, ok bool) {
	i := strings.Index(u, "://")
	if i < 0 {
		return parts{}, false
	}
	at, nested := userinfoEnd(u, i)
	return parts{head: u[:i+3], scheme: schemeBefore(u, i), rest: u[i+3:], at: at, nested: nested}, true
}

// account reports whether p's user information is a bare account name on
// an ssh URL (account).
func (p parts) account() bool { return p.at >= 0 && account(p.scheme, p.rest[:p.at]) }

// userinfoEnd finds where the user information of the URL u, whose "://"
// is at u[i], ends: at is the index of its '@' in u[i+3:], -1 when it has
// none; nested is true when another URL starts before the first '@'
// ("https://h,https://u:p@h2/"). The display redactor and both record
// cleaners decide it here, once. A successful parse is no proof that
// nothing is hidden ("https://tok?en@host/" parses as host tok with a
// query), so the user information is taken to run from "://" to:
//
//   - the last '@' before the first '/', '?' or '#', when there is one
//     (RFC 3986, which every URL parser follows);
//   - else, when that first part holds a ':' (user:password, or a
//     host:port that cannot be told apart from one), the last '@' before
//     the first '?' or '#' that follows a '/' (a password with an
//     unencoded '/', '?' or '#');
//   - else, when that first part ends at '?' or '#' and an '@' comes
//     before the next '/', that '@' (a token with a '?' or '#');
//   - else, when the URL does not parse, its last '@'.
//
// Otherwise an '@' is in the path, query or fragment (a git ref, a file
// name) and there is no user information. When unsure, more is taken
// rather than less.
func userinfoEnd(u string, i int) (at int, nested bool) {
	rest := u[i+3:]
	firstAt := strings.IndexByte(rest, '@')
	if firstAt < 0 {
		return -1, false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return at, false
	}
	if strings.Contains(rest[:firstAt], "://") {
		return -1, true
	}
	if a := withoutIPLiteral(rest[:end]); strings.Contains(a, ":") && !(end < len(rest) && rest[end] == '/' && isPort(a[strings.LastIndexByte(a, ':')+1:])) {
		// user:pass/word@host or user:pass#word@host. A host and a port
		// followed by a path (host:8443/repo.git@v1, a git ref) is taken
		// as what every URL parser reads it as: a user:1234/word@host
		// would not reach host either (pip, git and curl all read "user"
		// as the host), so it carries no working credential.
		stop := len(rest)
		if slash := strings.IndexByte(rest, '/'); slash >= 0 {
			if q := strings.IndexAny(rest[slash:], "?#"); q >= 0 {
				stop = slash + q
			}
		}
		return strings.LastIndexByte(rest[:stop], '@'), false
	}
	if end < len(rest) && rest[end] != '/' {
		// token?x@host or token#x@host: an '@' before any '/'.
		if at := strings.IndexByte(rest[end:], '@'); at >= 0 && !strings.Contains(rest[end:end+at], "/") {
			return end + at, false
		}
	}
	if _, err := url.Parse(u); err == nil {
		return -1, false // an '@' in the path, query or fragment: a git ref, a file name
	}
	return strings.LastIndexByte(rest, '@'), false
}

// schemeBefore is the lower-cased scheme of the URL whose "://" is at u[i].
func schemeBefore(u string, i int) string {
	j := i
	for j > 0 && isSchemeChar(u[j-1]) {
		j--
	}
	return strings.ToLower(u[j:i])
}

// withoutIPLiteral is an authority without its bracketed IPv6 address, whose
// colons are no sign of a password.
func withoutIPLiteral(a string) string {
	if strings.HasPrefix(a, "[") {
		if k := strings.IndexByte(a, ']'); k >= 0 {
			return a[k+1:]
		}
	}
	return a
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
	return user != "" && !strings.ContainsAny(user, ":/?#@ ") && strings.HasSuffix(scheme, "ssh")
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

// isPort reports whether p is a TCP port number: 1 to 5 digits, at most
// 65535.
func isPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n <= 65535
}
