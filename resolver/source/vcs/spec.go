package vcs

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
)

// Spec is a parsed git requirement.
type Spec struct {
	// VCS is the version-control system: always "git".
	VCS string
	// URL is the repository URL as git takes it, without the "git+"
	// prefix, the revision and the fragment. It keeps any credentials:
	// give it to git only, and use Redacted anywhere else.
	URL string
	// Ref is the requested revision (branch, tag, full or abbreviated
	// commit id); "" means the remote's default branch.
	Ref string
	// Egg is the project name from "#egg=NAME" or "NAME @ URL" ("" when
	// neither was given).
	Egg string
	// Subdirectory is the project's folder inside the repository
	// ("#subdirectory=PATH"), slash-separated, "" for the root.
	Subdirectory string
}

var (
	schemeRe = lazyRegexp(`^[A-Za-z][A-Za-z0-9+.-]*://`)
	scpRe    = lazyRegexp(`^(?i:git\+)?[\w.-]+@[\w.-]+:`)
	hexRe    = lazyRegexp(`^[0-9a-fA-F]+$`)
)

var otherVCS = map[string]string{"hg": "Mercurial", "svn": "Subversion", "bzr": "Bazaar"}

var transports = map[string]bool{"https": true, "http": true, "ssh": true, "git": true, "file": true}

// Parse reads "git+URL[@REF][#egg=NAME][&subdirectory=PATH]" or
// "NAME @ git+URL...". A bare "git://host/repo" is accepted too (pip freeze
// prints editable checkouts with such a remote that way).
func Parse(raw string) (*Spec, error) {
	s := strings.TrimSpace(raw)
	fail := func(kind Kind, reason, hint string) error {
		return &Error{Kind: kind, URL: secret.Redact(s), Reason: reason, hint: hint}
	}
	if s == "" {
		return nil, fail(KindSyntax, "empty VCS requirement", "write git+https://host/repo.git@REF#egg=NAME")
	}
	var name string
	if !schemeRe().MatchString(s) && !scpRe().MatchString(s) {
		if n, rest, ok := strings.Cut(s, "@"); ok {
			n = strings.TrimSpace(n)
			if !pep508.ValidName(n) {
				return nil, fail(KindSyntax, fmt.Sprintf("%q before '@' is not a project name", n),
					"write NAME @ git+https://host/repo.git@REF (extras and markers belong to the requirement parser)")
			}
			name, s = n, strings.TrimSpace(rest)
		}
	}
	m := schemeRe().FindString(s)
	if m == "" {
		if scpRe().MatchString(s) {
			return nil, fail(KindSyntax, "scp-like git addresses (user@host:path) are not URLs",
				"write git+ssh://user@host/path instead of user@host:path")
		}
		return nil, fail(KindSyntax, "not a git URL", "write git+https://host/repo.git@REF#egg=NAME")
	}
	scheme := strings.ToLower(strings.TrimSuffix(m, "://"))
	vcsName, transport, plus := strings.Cut(scheme, "+")
	if !plus {
		vcsName, transport = scheme, scheme
		if scheme != "git" {
			return nil, fail(KindSyntax, "not a version-control URL",
				"prefix the URL with the version-control system: git+"+s)
		}
	}
	if full, ok := otherVCS[vcsName]; ok {
		return nil, fail(KindUnsupported, full+" ("+vcsName+"+) is not supported: only git is supported",
			"install the project from a wheel, an sdist or a local folder checked out with "+vcsName)
	}
	if vcsName != "git" {
		return nil, fail(KindUnsupported, "unknown version-control system "+vcsName+": only git is supported",
			"write git+https://host/repo.git@REF")
	}
	if !transports[transport] {
		return nil, fail(KindUnsupported, "git over "+transport+" is not supported",
			"use git+https://, git+http://, git+ssh://, git+git:// or git+file://")
	}
	body := s[len(m):]
	body, frag, _ := strings.Cut(body, "#")
	slash := strings.IndexAny(body, "/?")
	if slash < 0 {
		slash = len(body)
	}
	authority, rest := body[:slash], body[slash:]
	p, query, hasQuery := strings.Cut(rest, "?")
	var ref string
	if i := strings.LastIndex(p, "@"); i >= 0 {
		p, ref = p[:i], p[i+1:]
		if ref == "" {
			return nil, fail(KindSyntax, "nothing after '@': the revision is empty", "give a branch, tag or commit after '@', or drop the '@'")
		}
		if err := checkRef(ref); err != "" {
			return nil, fail(KindSyntax, fmt.Sprintf("revision %q: %s", ref, err), "give a branch, tag or commit id after '@'")
		}
	}
	sp := &Spec{VCS: "git", Ref: ref}
	sp.URL = transport + "://" + authority + p
	if hasQuery {
		sp.URL += "?" + query
	}
	// Validate without the user information: ${ENV} placeholders are not
	// valid URL syntax but are pip's way of keeping tokens out of files.
	hostport := authority
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		hostport = authority[i+1:]
	}
	u, err := url.Parse(transport + "://" + hostport + p)
	if err != nil {
		reason := "not a valid URL: " + sp.Scrub(err.Error())
		if _, ok := secret.Userinfo(s); ok && !strings.Contains(authority, "@") {
			// A password with a '/', '?' or '#': what the parser quotes
			// ("u:pa" of "u:pa/ss@host") is part of it.
			reason = "not a valid URL: its user information holds a '/', '?' or '#'"
		}
		return nil, fail(KindSyntax, reason, "check the URL's spelling; percent-encode special characters in credentials")
	}
	if transport == "file" {
		if (u.Host != "" && u.Host != "localhost") || !strings.HasPrefix(u.Path, "/") {
			return nil, fail(KindSyntax, "a git+file URL needs an absolute path", "write git+file:///absolute/path/to/repo")
		}
	} else if u.Hostname() == "" {
		return nil, fail(KindSyntax, "no host in the URL", "write git+"+transport+"://host/path/repo.git")
	}
	if frag != "" {
		seen := map[string]bool{}
		for _, kv := range strings.Split(frag, "&") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			if seen[k] {
				return nil, fail(KindSyntax, "#"+k+"= given twice", "give each fragment once")
			}
			seen[k] = true
			v, err := url.QueryUnescape(v)
			if err != nil {
				return nil, fail(KindSyntax, "fragment "+k+": bad percent-encoding", "check the text after '#'")
			}
			switch k {
			case "egg":
				if !pep508.ValidName(v) {
					return nil, fail(KindSyntax, fmt.Sprintf("#egg=%s is not a valid project name", v), "write #egg=NAME with the project's name only (no version or extras)")
				}
				sp.Egg = v
			case "subdirectory":
				sub, why := cleanSubdir(v)
				if why != "" {
					return nil, fail(KindSyntax, fmt.Sprintf("#subdirectory=%s: %s", v, why), "give the project's folder relative to the repository root, e.g. #subdirectory=plugins/demo")
				}
				sp.Subdirectory = sub
			default:
				return nil, fail(KindSyntax, "unknown fragment #"+k+"=", "only #egg=NAME and #subdirectory=PATH are understood, joined by '&'")
			}
		}
	}
	if name != "" {
		if sp.Egg != "" && wheelname.Normalize(sp.Egg) != wheelname.Normalize(name) {
			return nil, fail(KindSyntax, fmt.Sprintf("the requirement names %s but #egg= names %s", name, sp.Egg), "drop #egg= or make the names agree")
		}
		sp.Egg = name
	}
	return sp, nil
}

func checkRef(ref string) string {
	switch {
	case strings.HasPrefix(ref, "-"):
		return "must not start with '-'"
	case strings.Contains(ref, ".."), strings.Contains(ref, "@{"), strings.HasSuffix(ref, "/"), strings.HasSuffix(ref, "."), strings.HasPrefix(ref, "/"):
		return "not a valid git reference name"
	}
	for _, r := range ref {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`~^:?*[\`, r) {
			return fmt.Sprintf("character %q is not allowed in a git reference", r)
		}
	}
	return ""
}

func cleanSubdir(v string) (string, string) {
	if v == "" {
		return "", "empty path"
	}
	if strings.HasPrefix(v, "/") || strings.Contains(v, "\\") || (len(v) > 1 && v[1] == ':') {
		return "", "must be a relative path"
	}
	for _, part := range strings.Split(v, "/") {
		if part == ".." {
			return "", "must stay inside the repository (no '..')"
		}
	}
	c := path.Clean(v)
	if c == "." {
		return "", "" // the root, same as no subdirectory
	}
	return c, ""
}

// Redacted is URL without credentials, as PEP 610 wants it recorded
// (secret.ForDirectURL): the user information is dropped unless it is the
// conventional "git" user or ${ENV_VAR} placeholders. It is also the form
// messages, the checkout's origin and the mirror's cache key use.
func (s *Spec) Redacted() string { return secret.ForDirectURL(s.URL, true) }

// String is the requirement in pip's form, without credentials:
// git+URL[@REF][#egg=NAME[&subdirectory=PATH]].
func (s *Spec) String() string {
	var b strings.Builder
	r := s.Redacted()
	if !strings.HasPrefix(r, "git+") {
		b.WriteString("git+")
	}
	b.WriteString(r)
	if s.Ref != "" {
		b.WriteString("@" + s.Ref)
	}
	var frags []string
	if s.Egg != "" {
		frags = append(frags, "egg="+s.Egg)
	}
	if s.Subdirectory != "" {
		frags = append(frags, "subdirectory="+s.Subdirectory)
	}
	if len(frags) > 0 {
		b.WriteString("#" + strings.Join(frags, "&"))
	}
	return b.String()
}

// RepoName is the repository's name: the last element of the URL's path
// without ".git" ("repo" when the path has none).
func (s *Spec) RepoName() string {
	p := s.URL
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(p, "/")
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
	}
	i := strings.LastIndex(p, "/")
	if i < 0 {
		return "repo"
	}
	name := strings.TrimSuffix(p[i+1:], ".git")
	if name == "" || name == "." || name == ".." {
		return "repo"
	}
	return name
}

// IsHex reports whether ref is made of hexadecimal digits only: a commit
// id, or perhaps an abbreviated one.
func IsHex(ref string) bool { return hexRe().MatchString(ref) }

// IsFullCommit reports whether ref is a full SHA-1 or SHA-256 commit id.
func IsFullCommit(ref string) bool {
	return (len(ref) == 40 || len(ref) == 64) && hexRe().MatchString(ref)
}

// Scrub removes from text every credential URL holds, for messages that
// quote the URL in a form of their own (git's output, a parser's error):
// the user information is masked where it appears whole, and the password
// (also percent-decoded) and a token given as the user name wherever they
// appear. What Redacted keeps (the "git" user, ${ENV} placeholders) is no
// secret and stays.
func (s *Spec) Scrub(text string) string {
	user, ok := secret.Userinfo(s.URL)
	if !ok || s.Redacted() == s.URL {
		return text
	}
	// Masked, not removed: the display redactor then still sees where the
	// authority ends (host:port/path@ref is otherwise ambiguous).
	text = strings.ReplaceAll(text, user+"@", secret.Mask+"@")
	if name, pass, ok := strings.Cut(user, ":"); ok {
		if pass != "" {
			text = strings.ReplaceAll(text, pass, secret.Mask)
			if dec, err := url.PathUnescape(pass); err == nil && dec != pass {
				text = strings.ReplaceAll(text, dec, secret.Mask)
			}
		}
		if len(name) >= 8 { // a token given as the user name
			text = strings.ReplaceAll(text, name, secret.Mask)
		}
	} else if len(user) >= 8 {
		text = strings.ReplaceAll(text, user, secret.Mask)
	}
	return text
}

// Pinned is the requirement git+REPO@COMMIT[#subdirectory=SUB] for a
// checkout of exactly one commit (what a lock file records): REPO must have
// no query or fragment of its own, COMMIT must be a full commit id (it is
// lower-cased), and SUB is escaped so that Parse reads it back as it is.
func Pinned(repo, commit, subdir string) (string, error) {
	if strings.ContainsAny(repo, "?#") {
		return "", fmt.Errorf("repository URL %s has a query or a fragment", secret.Redact(repo))
	}
	commit = strings.ToLower(commit)
	if !IsFullCommit(commit) {
		return "", fmt.Errorf("%q is not a full commit id", commit)
	}
	req := "git+" + repo + "@" + commit
	if subdir != "" {
		req += "#subdirectory=" + escapeFragment(subdir)
	}
	if _, err := Parse(req); err != nil {
		return "", err
	}
	return req, nil
}

// escapeFragment escapes what a fragment value cannot hold as it is (Parse
// reads it with query unescaping).
func escapeFragment(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '%', '+', '&', '#', ' ':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// IsRequirement reports whether arg is a version-control requirement
// ("git+...", "git://...", "hg+...", "svn+...", "bzr+...", or "NAME @ "
// before one of them), for a command to send to Parse, which explains the
// systems it does not support.
func IsRequirement(arg string) bool {
	s := strings.ToLower(strings.TrimSpace(arg))
	if i := strings.Index(s, "@"); i > 0 && pep508.ValidName(strings.TrimSpace(s[:i])) {
		s = strings.TrimSpace(s[i+1:])
	}
	for _, p := range []string{"git+", "git://", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
