package secret

import "strings"

// A URL that fwenv writes into a file or keeps as a key is a record: it
// must still name the resource, so it cannot be masked with "***" as a
// message is. There are two kinds of record, because their readers want
// different things, and one cleaner for each:
//
//   - StripCredentials, for records that hold no credential at all: lock
//     files (fwenv.lock, pylock.toml), the URL a downloaded file is
//     recorded under, and the keys that must match such records (hash
//     checking, the index's files). A lock is committed and shared, and
//     its readers (fwenv, pip, uv) take its URLs as they are: a ${TOKEN}
//     placeholder in it would be expanded by nobody, so it goes too. The
//     lock validators (lockfile/internal/lockio.CredentialIn) refuse what
//     this cleaner removes.
//   - ForDirectURL, for PEP 610's direct_url.json, whose rule is pip's: the
//     "git" user of a git URL and ${VAR} placeholders stay (pip expands the
//     placeholders when the URL is used again), any other user information
//     goes.
//
// Both read a URL by its text, never by parsing it (see userinfo), so
// input that no URL parser accepts is cleaned by the same rule as input
// that parses, and comes back byte for byte but for the user information
// removed.

// StripCredentials returns s with the user information of every URL in it
// removed ("https://user:pw@host/simple" -> "https://host/simple"), for a
// record that must hold no credential: lock files, the URL a downloaded
// file is recorded under, hash-checking and index keys. A bare account
// name on an ssh URL stays ("git+ssh://git@github.com/o/r"): it is part
// of the address (without it git logs in as the local user) and not a
// secret, as the display redactor and the lock validators agree.
//
// s may be one URL or a line holding URLs ("pkg @ https://u:p@h/x.whl");
// every "scheme://" in it starts a URL, so a URL in another's query is
// cleaned too. Text without "://", or whose URLs have no '@' before the
// end of their authority, is returned unchanged. Unparsable input follows
// the same rule (userinfo): "https://${TOKEN}@host/x" becomes
// "https://host/x", "https://user:sec ret@host/" becomes "https://host/".
func StripCredentials(s string) string {
	var b strings.Builder
	prev := 0 // s[:prev] is written (0: nothing removed yet)
	for from := 0; ; {
		k := strings.Index(s[from:], "://")
		if k < 0 {
			break
		}
		k += from
		j := k
		for j > from && isSchemeChar(s[j-1]) {
			j--
		}
		start, at := userinfo(s, k)
		if at >= 0 && !account(strings.ToLower(s[j:k]), s[start:at]) {
			b.WriteString(s[prev:start])
			prev = at + 1
		}
		from = k + 3
	}
	if prev == 0 {
		return s
	}
	b.WriteString(s[prev:])
	return b.String()
}

// ForDirectURL returns the URL u as PEP 610's direct_url.json records it
// (pip's rule): without its user information, unless that is the "git"
// user of a git URL (git says whether u is one: pip keeps "git" for git
// installs only) or ${VAR} placeholders ("${USER}:${TOKEN}", "${TOKEN}"),
// which name a secret without holding it. Only the URL's own authority is
// looked at, as pip does; input without "://" or without user information
// is returned unchanged, and unparsable input follows the same rule
// (userinfo).
func ForDirectURL(u string, git bool) string {
	k := strings.Index(u, "://")
	if k < 0 {
		return u
	}
	start, at := userinfo(u, k)
	if at < 0 {
		return u
	}
	if user := u[start:at]; git && user == "git" || envPlaceholders(user) {
		return u
	}
	return u[:start] + u[at+1:]
}

// userinfo finds the user information of the URL whose "://" is at s[k]:
// s[start:at], where at is the last '@' of the authority, or -1 when the
// authority has none. The authority runs from "://" to the first '/', '?'
// or '#' (RFC 3986 3.2, which Go's net/url, Python's urlsplit, git and curl
// all follow), and nothing else ends it: not white space or a quote, so a
// password with one is still removed. Unlike the display redactor, which
// hides more when unsure, a record keeps what every URL parser reads as
// the host or path: "https://host/a@b.whl" and "https://h:8443/r.git@v1"
// are unchanged, and so is "https://user:pa/ss@host/", which names the host
// "user" to every parser (and cannot be fetched: its port is not a number).
func userinfo(s string, k int) (start, at int) {
	start = k + 3
	end := strings.IndexAny(s[start:], "/?#")
	if end < 0 {
		end = len(s) - start
	}
	at = strings.LastIndexByte(s[start:start+end], '@')
	if at >= 0 {
		at += start
	}
	return start, at
}

// envPlaceholders reports whether user is "${VAR}" or "${VAR}:${VAR}",
// VAR made of ASCII letters, digits, '_' and '-' (PEP 610's rule).
func envPlaceholders(user string) bool {
	name, pass, hasPass := strings.Cut(user, ":")
	return placeholder(name) && (!hasPass || placeholder(pass))
}

func placeholder(v string) bool {
	inner, ok := strings.CutPrefix(v, "${")
	inner, ok2 := strings.CutSuffix(inner, "}")
	if !ok || !ok2 || inner == "" {
		return false
	}
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
