package pylock

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
)

// digest lengths (hex digits) of the hashlib algorithms a lock is likely to use.
var hashLen = map[string]int{
	"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128,
	"sha3_224": 56, "sha3_256": 64, "sha3_384": 96, "sha3_512": 128, "blake2b": 128, "blake2s": 64,
}

var vcsTypes = []string{"git", "hg", "svn", "bzr"}

// validate checks l, whose fields are normalised and whose packages are in
// file order; file and data (nil from Marshal) give names and lines.
func (l *pyLock) validate(file string, data []byte) error {
	top := func(key, msg, hint string) error {
		return &lock.Error{File: file, Line: topKeyLine(data, key), Msg: msg, Fix: hint}
	}
	if l.LockVersion == "" {
		return top("lock-version", "lock-version is missing", `a pylock.toml starts with lock-version = "1.0"`)
	}
	if major, _, ok := splitVersion(l.LockVersion); !ok || major != 1 {
		return top("lock-version", fmt.Sprintf("lock-version %q is not supported: this fwenv reads lock-version 1.x", l.LockVersion), `PEP 751 lock files have lock-version = "1.0"`)
	}
	if strings.TrimSpace(l.CreatedBy) == "" {
		return top("created-by", "created-by is missing (PEP 751 requires the name of the tool that wrote the lock)", regenerateHint)
	}
	if lockio.CredentialIn(l.CreatedBy) {
		return top("created-by", "created-by holds a URL with credentials (user:password@)", credentialsHint)
	}
	for _, e := range l.Environments {
		if err := lock.CheckMarker(e); err != nil {
			return top("environments", fmt.Sprintf("environments: %q is not a marker: %v", e, err), regenerateHint)
		}
	}
	if l.RequiresPython != "" {
		if _, err := pep440.ParseSpecifierSet(l.RequiresPython); err != nil {
			return top("requires-python", fmt.Sprintf("requires-python %q is not a version specifier: %v", l.RequiresPython, err), regenerateHint)
		}
	}
	for _, f := range []struct {
		key   string
		names []string
	}{{"extras", l.Extras}, {"dependency-groups", l.DependencyGroups}, {"default-groups", l.DefaultGroups}} {
		for _, n := range f.names {
			if !pep508.ValidName(n) {
				return top(f.key, fmt.Sprintf("%s: %q is not a valid name", f.key, n), regenerateHint)
			}
		}
	}
	if bad := credentialInAny(l.Tool); bad != "" {
		return top("tool", fmt.Sprintf("tool table holds a URL with credentials (%s)", bad), credentialsHint)
	}

	names := map[string]bool{}
	for i := range l.Packages {
		if pep508.ValidName(l.Packages[i].Name) {
			names[wheelname.Normalize(l.Packages[i].Name)] = true
		}
	}
	type key struct{ name, version, marker string }
	seen := map[key]int{}
	for i := range l.Packages {
		p := &l.Packages[i]
		if err := p.validate(file, data, i, names); err != nil {
			return err
		}
		k := key{p.Name, p.Version, p.Marker}
		if v, err := pep440.Parse(p.Version); err == nil {
			k.version = v.String()
		}
		if j, dup := seen[k]; dup {
			msg := "listed twice"
			if p.Version != "" {
				msg += " at version " + p.Version
			}
			if p.Marker != "" {
				msg += fmt.Sprintf(" with marker %q", p.Marker)
			}
			if line := packageKeyLine(data, j, ""); line > 0 {
				msg += fmt.Sprintf(" (first at line %d)", line)
			}
			return &lock.Error{File: file, Line: packageKeyLine(data, i, ""), Package: p.Name, Msg: msg,
				Fix: "entries for the same package must differ in version or marker; " + regenerateHint}
		}
		seen[k] = i
	}
	return nil
}

func (p *pyPackage) validate(file string, data []byte, i int, names map[string]bool) error {
	name := p.Name
	at := func(key, msg string) error {
		return &lock.Error{File: file, Line: packageKeyLine(data, i, key), Package: name, Msg: msg, Fix: regenerateHint}
	}
	creds := func(key, msg string) error {
		return &lock.Error{File: file, Line: packageKeyLine(data, i, key), Package: name, Msg: msg, Fix: credentialsHint}
	}
	if p.Name == "" {
		return at("", fmt.Sprintf("package #%d has no name", i+1))
	}
	if err := pep508.CheckName(p.Name); err != nil {
		name = fmt.Sprintf("%q", p.Name)
		return at("name", fmt.Sprintf("not a valid project name: %v", err))
	}
	var version pep440.Version
	if p.Version != "" {
		v, err := pep440.Parse(p.Version)
		if err != nil {
			return at("version", fmt.Sprintf("version %q is not a PEP 440 version: %v", p.Version, err))
		}
		version = v
	}
	if p.Marker != "" {
		if err := lock.CheckMarker(p.Marker); err != nil {
			return at("marker", fmt.Sprintf("marker %q: %v", p.Marker, err))
		}
	}
	if p.RequiresPython != "" {
		if _, err := pep440.ParseSpecifierSet(p.RequiresPython); err != nil {
			return at("requires-python", fmt.Sprintf("requires-python %q is not a version specifier: %v", p.RequiresPython, err))
		}
	}
	if p.Index != "" {
		if lockio.CredentialIn(p.Index) {
			return creds("index", fmt.Sprintf("index %q holds credentials (user:password@)", p.Index))
		}
		if !lockio.IsAbsURL(p.Index) {
			return at("index", fmt.Sprintf("index %q is not an absolute URL", p.Index))
		}
	}
	for j, d := range p.Dependencies {
		n, ok := d["name"].(string)
		if !ok || n == "" {
			return at("dependencies", fmt.Sprintf("dependency #%d has no name (each entry is a table such as { name = \"attrs\" })", j+1))
		}
		if !pep508.ValidName(n) || !names[wheelname.Normalize(n)] {
			return at("dependencies", fmt.Sprintf("dependency %q is not a package of this lock", n))
		}
	}
	if bad := credentialInAny(p.Dependencies); bad != "" {
		return creds("dependencies", fmt.Sprintf("dependencies hold a URL with credentials (%s)", bad))
	}
	for j, a := range p.AttestationIdentities {
		if k, ok := a["kind"].(string); !ok || k == "" {
			return at("attestation-identities", fmt.Sprintf("attestation identity #%d has no kind", j+1))
		}
	}
	if bad := credentialInAny(p.AttestationIdentities); bad != "" {
		return creds("attestation-identities", fmt.Sprintf("attestation-identities hold a URL with credentials (%s)", bad))
	}
	if bad := credentialInAny(p.Tool); bad != "" {
		return creds("tool", fmt.Sprintf("tool table holds a URL with credentials (%s)", bad))
	}

	kind := p.sourceKind()
	switch {
	case kind == "":
		return at("", "has no source: PEP 751 needs exactly one of vcs, directory, archive, or sdist and/or wheels")
	case strings.Contains(kind, " and "):
		return at("", fmt.Sprintf("has several source kinds (%s): PEP 751 allows exactly one (sdist and wheels together count as one)", kind))
	}
	if (p.Sdist != nil || len(p.Wheels) > 0) && p.Version == "" {
		return at("version", "has no version: PEP 751 requires it for a package from an sdist or wheels")
	}

	if v := p.VCS; v != nil {
		if v.Type == "" {
			return at("vcs", `vcs has no type ("git", "hg", "svn" or "bzr")`)
		}
		if !contains(vcsTypes, v.Type) {
			return at("vcs", fmt.Sprintf(`vcs type %q is not one of "git", "hg", "svn", "bzr"`, v.Type))
		}
		if v.URL == "" && v.Path == "" {
			return at("vcs", "vcs has neither url nor path")
		}
		if v.URL != "" {
			if lockio.CredentialIn(v.URL) {
				return creds("vcs", fmt.Sprintf("vcs url %q holds credentials (user:password@)", v.URL))
			}
			if !strings.Contains(v.URL, "://") {
				return at("vcs", fmt.Sprintf("vcs url %q is not a URL (scheme://host/path)", v.URL))
			}
		}
		if v.CommitID == "" {
			return at("vcs", "vcs has no commit-id: PEP 751 pins a checkout to an exact commit")
		}
		if strings.ContainsAny(v.CommitID, " \t\n/") {
			return at("vcs", fmt.Sprintf("vcs commit-id %q is not a commit", v.CommitID))
		}
		if lockio.CredentialIn(v.RequestedRevision) {
			return creds("vcs", "vcs requested-revision holds credentials")
		}
	}
	if d := p.Directory; d != nil && d.Path == "" {
		return at("directory", "directory has no path")
	}
	if a := p.Archive; a != nil {
		if err := checkLocation("archive", a.URL, a.Path, a.Size, a.Hashes, a.UploadTime); err != nil {
			return withFix(at("archive", err.msg), err.hint)
		}
	}
	if s := p.Sdist; s != nil {
		label := "sdist " + s.Name
		if err := checkFile(label, *s); err != nil {
			return withFix(at("sdist", err.msg), err.hint)
		}
		if sd, err := wheelname.ParseSdist(s.Name); err == nil && !wheelname.SameName(sd.Name, p.Name) {
			return at("sdist", fmt.Sprintf("%s names project %q, not %s", label, sd.Name, p.Name))
		}
	}
	files := map[string]bool{}
	for _, w := range p.Wheels {
		label := "wheel " + w.Name
		if err := checkFile(label, w); err != nil {
			return withFix(at("wheels", err.msg), err.hint)
		}
		wn, err := wheelname.ParseWheel(w.Name)
		if err != nil {
			msg := err.Error()
			if we, ok := err.(*wheelname.Error); ok {
				msg = we.Reason
			}
			return at("wheels", fmt.Sprintf("%s: not a wheel file name: %s", label, msg))
		}
		if !wheelname.SameName(wn.Name, p.Name) {
			return at("wheels", fmt.Sprintf("%s is a wheel of project %q, not %s", label, wn.Name, p.Name))
		}
		if wv, err := pep440.Parse(wn.Version); err == nil && !wv.Equal(version) {
			return at("wheels", fmt.Sprintf("%s is version %s, not %s", label, wn.Version, p.Version))
		}
		if files[w.Name] {
			return at("wheels", label+" is listed twice")
		}
		files[w.Name] = true
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type fileProblem struct{ msg, hint string }

// withFix gives err (a *lock.Error) the hint h, when there is one.
func withFix(err error, h string) error {
	if h != "" {
		err.(*lock.Error).Fix = h
	}
	return err
}

func checkFile(label string, f pyFile) *fileProblem {
	if f.Name == "" {
		return &fileProblem{msg: label + "has no name, url or path"}
	}
	if strings.ContainsAny(f.Name, "/\\\x00") || f.Name == "." || f.Name == ".." {
		return &fileProblem{msg: fmt.Sprintf("%s: name %q must be a file name, not a path", label, f.Name)}
	}
	return checkLocation(label, f.URL, f.Path, f.Size, f.Hashes, f.UploadTime)
}

func checkLocation(label, url, path string, size int64, hashes map[string]string, upload *time.Time) *fileProblem {
	if url == "" && path == "" {
		return &fileProblem{msg: label + " has neither url nor path"}
	}
	if url != "" {
		if lockio.CredentialIn(url) {
			return &fileProblem{msg: fmt.Sprintf("%s: url %q holds credentials (user:password@)", label, url), hint: credentialsHint}
		}
		if !lockio.IsAbsURL(url) {
			return &fileProblem{msg: fmt.Sprintf("%s: url %q is not an absolute URL", label, url)}
		}
	}
	if strings.ContainsRune(path, 0) {
		return &fileProblem{msg: fmt.Sprintf("%s: path %q holds a NUL character", label, path)}
	}
	if size < 0 {
		return &fileProblem{msg: fmt.Sprintf("%s: size %d is negative", label, size)}
	}
	if len(hashes) == 0 {
		return &fileProblem{msg: label + " has no hashes: PEP 751 requires at least one (sha256) for every archive, sdist and wheel",
			hint: "a lock must say what each file hashes to; regenerate it with a tool that records hashes (`fwenv lock -o pylock.toml`)"}
	}
	algs := make([]string, 0, len(hashes))
	for a := range hashes {
		algs = append(algs, a)
	}
	sort.Strings(algs)
	for _, a := range algs {
		v := hashes[a]
		if a == "" || strings.Trim(a, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			return &fileProblem{msg: fmt.Sprintf("%s: %q is not a hash algorithm name (such as sha256)", label, a)}
		}
		if v == "" || strings.Trim(v, "0123456789abcdef") != "" {
			return &fileProblem{msg: fmt.Sprintf("%s: %s hash %q is not hexadecimal", label, a, v)}
		}
		if n, ok := hashLen[a]; ok && len(v) != n {
			return &fileProblem{msg: fmt.Sprintf("%s: %s hash %q has %d hex digits, not %d", label, a, v, len(v), n)}
		}
	}
	_ = upload
	return nil
}

// credentialInAny looks for a URL with credentials in every string of a
// decoded TOML value (tables, arrays); it returns the redacted URL or "".
func credentialInAny(v any) string {
	switch x := v.(type) {
	case string:
		if lockio.CredentialIn(x) {
			return secret.Redact(x)
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if lockio.CredentialIn(k) {
				return secret.Redact(k)
			}
			if s := credentialInAny(x[k]); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := credentialInAny(e); s != "" {
				return s
			}
		}
	case []map[string]any:
		for _, e := range x {
			if s := credentialInAny(e); s != "" {
				return s
			}
		}
	case []string:
		for _, e := range x {
			if s := credentialInAny(e); s != "" {
				return s
			}
		}
	case map[string]string:
		for _, k := range sortedKeys(x) {
			if s := credentialInAny(x[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
