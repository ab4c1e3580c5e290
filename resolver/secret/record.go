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
//     checking, the index's files). A lock is committed and shared; its
//     validators (lockfile/internal/lockio.CredentialIn) refuse any user
//     information but an ssh account name, ${TOKEN} placeholders included,
//     and what this cleaner returns always passes them.
//   - ForDirectURL, for PEP 610's direct_url.json, whose rule is the PEP's
//     and pip's: the "git" user of a git URL and ${VAR} placeholders stay
//     (they name a secret without holding it, and pip writes them so),
//     any other user information goes.
//
// One rule could not serve both: a lock with pip's ${VAR} would be refused
// by fwenv's own validators, and a direct_url.json without them would
// differ from pip's.
//
// Both find a URL's user information as the display redactor does
// (userinfoEnd), so the three agree on where it ends: by the RFC when that
// is unambiguous and, when it is not (a password with an unencoded '/',
// '?', '#' or space, input no URL parser accepts), taking more rather than
// less. Where the display masks, a record drops. Nothing is unescaped or
// re-encoded: the result is the input, byte for byte, but for the user
// information removed.

// StripCredentials returns s with the user information of every URL in it
// removed ("https://user:pw@host/simple" -> "https://host/simple"), for a
// record that must hold no credential: lock files, the URL a downloaded
// file is recorded under, hash-checking and index keys. A bare account
// name on an ssh URL stays ("git+ssh://git@github.com/o/r"): it is part
// of the address (without it git logs in as the local user) and not a
// secret, as the display redactor and the lock validators agree.
//
// s may be one URL or text holding URLs ("pkg @ https://u:p@h/x.whl");
// URLs are found as Redact finds them, and a URL in another's query is
// cleaned too. Text outside URLs is kept as it is. Unparsable input
// follows the same rule: "https://${TOKEN}@host/x" becomes
// "https://host/x", "https://user:pa/ss@host/" becomes "https://host/".
func StripCredentials(s string) string {
	if !strings.Contains(s, "@") || !strings.Contains(s, "://") {
		return s
	}
	return eachURL(s, stripURL, func(t string) string { return t })
}

// stripURL is StripCredentials for one URL.
func stripURL(u string) string {
	p, ok := cut(u)
	switch {
	case !ok:
		return u
	case p.nested:
		return p.head + StripCredentials(p.rest)
	case p.at < 0:
		return u
	case p.account():
		return p.head + p.rest[:p.at] + StripCredentials(p.rest[p.at:])
	}
	return p.head + StripCredentials(p.rest[p.at+1:])
}

// ForDirectURL returns the URL u as PEP 610's direct_url.json records it
// (pip's rule): without its user information, unless that is the "git"
// user of a git URL (git says whether u is one: pip keeps "git" for git
// installs only) or ${VAR} placeholders ("${USER}:${TOKEN}", "${TOKEN}"),
// which name a secret without holding it. u is one URL; input without
// "://" or without user information is returned unchanged, and unparsable
// input follows the same rule.
func ForDirectURL(u string, git bool) string {
	p, ok := cut(u)
	switch {
	case !ok:
		return u
	case p.nested:
		return p.head + ForDirectURL(p.rest, git)
	case p.at < 0:
		return u
	}
	if user := p.rest[:p.at]; git && user == "git" || envPlaceholders(user) {
		return u
	}
	return p.head + p.rest[p.at+1:]
}

// Userinfo returns the user information of the URL u, as the cleaners and
// the display redactor find it (without its '@'), and whether u has one:
// for code that must find that secret again in text of its own, such as
// what git prints about a URL it was given.
func Userinfo(u string) (string, bool) {
	p, ok := cut(u)
	switch {
	case !ok:
		return "", false
	case p.nested:
		return Userinfo(p.rest)
	case p.at < 0:
		return "", false
	}
	return p.rest[:p.at], true
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
