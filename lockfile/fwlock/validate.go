package fwlock

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// validate checks everything the format promises. file names the lock in
// errors; pos (nil in Marshal) gives lines. Packages are checked in the
// order they are listed, and the first problem is returned.
func (l *yamlLock) validate(file string, pos *positions) error {
	at := func(line int, pkg, msg, hint string) error {
		return &lock.Error{File: file, Line: line, Package: pkg, Msg: msg, Fix: hint}
	}
	if err := versionError(file, pos.top("version"), l.Version); err != nil {
		return err
	}
	switch l.Kind {
	case lock.KindBundle, lock.KindLock:
	case "":
		return at(pos.top("kind"), "", `the lock file has no kind ("bundle" or "lock")`, regenerateHint)
	default:
		return at(pos.top("kind"), "", fmt.Sprintf(`unknown kind %q (expected "bundle" or "lock")`, l.Kind), regenerateHint)
	}
	if lockio.CredentialIn(l.CreatedBy) {
		return at(pos.top("created-by"), "", "created-by holds a URL with credentials (user:password@)", credentialsHint)
	}

	// target
	tl := func(key string) int { return keyLine(pos.child("target"), key) }
	t := l.Target
	if t.Python == "" {
		return at(tl("python"), "", "the target has no Python version (target.python)", regenerateHint)
	}
	if _, err := pep440.Parse(t.Python); err != nil {
		return at(tl("python"), "", fmt.Sprintf("target.python %q is not a Python version: %v", t.Python, err), regenerateHint)
	}
	if t.Implementation == "" {
		return at(tl("implementation"), "", `the target has no implementation (target.implementation, such as "cpython")`, regenerateHint)
	}
	for _, tag := range t.Tags {
		if tag == "" || strings.Count(tag, "-") != 2 {
			return at(tl("tags"), "", fmt.Sprintf("target.tags: %q is not a wheel tag (python-abi-platform)", tag), regenerateHint)
		}
	}
	for k, v := range t.Markers {
		if lockio.CredentialIn(v) {
			return at(tl("markers"), "", fmt.Sprintf("target.markers.%s holds a URL with credentials (user:password@)", k), credentialsHint)
		}
	}

	// requirements
	for i, r := range l.Requirements {
		line := pos.item("requirements", i)
		if strings.TrimSpace(r) == "" {
			return at(line, "", "requirements: an empty requirement", regenerateHint)
		}
		if lockio.CredentialIn(r) {
			return at(line, "", fmt.Sprintf("requirement %q holds a URL with credentials (user:password@)", r), credentialsHint)
		}
	}

	// packages
	type seen struct {
		v    pep440.Version
		line int
	}
	byName := map[string][]seen{}
	for i := range l.Packages {
		p := &l.Packages[i]
		pn := pos.pkg(i)
		if err := p.validate(l.Kind, file, pn, pos, i); err != nil {
			return err
		}
		v, _ := pep440.Parse(p.Version)
		n := wheelname.Normalize(p.Name)
		for _, s := range byName[n] {
			if s.v.Equal(v) {
				msg := fmt.Sprintf("listed twice at version %s", p.Version)
				if s.line > 0 {
					msg += fmt.Sprintf(" (first at line %d)", s.line)
				}
				return at(keyLine(pn, ""), p.Name, msg, "a lock holds each version of a package once; "+regenerateHint)
			}
		}
		byName[n] = append(byName[n], seen{v, keyLine(pn, "")})
	}
	return nil
}

func (p *yamlPackage) validate(kind, file string, pn *yaml.Node, pos *positions, index int) error {
	name := p.Name
	at := func(key, msg, hint string) error {
		return &lock.Error{File: file, Line: keyLine(pn, key), Package: name, Msg: msg, Fix: hint}
	}
	if p.Name == "" {
		name = ""
		return at("name", fmt.Sprintf("package #%d has no name", index+1), regenerateHint)
	}
	if err := pep508.CheckName(p.Name); err != nil {
		name = fmt.Sprintf("%q", p.Name)
		return at("name", fmt.Sprintf("not a valid project name (PEP 508): %v", err), regenerateHint)
	}
	if p.Version == "" {
		return at("version", "has no version", regenerateHint)
	}
	if _, err := pep440.Parse(p.Version); err != nil {
		return at("version", fmt.Sprintf("version %q is not a PEP 440 version: %v", p.Version, err), regenerateHint)
	}

	// source
	var kinds []string
	s := p.Source
	for _, f := range []struct{ key, val string }{{"index", s.Index}, {"find-links", s.FindLinks}, {"editable", s.Editable}, {"directory", s.Directory}, {"url", s.URL}, {"vcs", s.VCS}} {
		if f.val == "" {
			continue
		}
		kinds = append(kinds, f.key)
		if lockio.CredentialIn(f.val) {
			return at("source", fmt.Sprintf("source %s %q holds credentials (user:password@)", f.key, f.val), credentialsHint)
		}
	}
	switch len(kinds) {
	case 0:
		return at("source", "has no source (one of index, find-links, editable, directory, url, vcs)", regenerateHint)
	case 1:
	default:
		return at("source", fmt.Sprintf("has several sources (%s); a package comes from exactly one", strings.Join(kinds, " and ")), regenerateHint)
	}
	for _, u := range []struct{ key, val string }{{"index", s.Index}, {"url", s.URL}} {
		if u.val != "" && !lockio.IsAbsURL(u.val) {
			return at("source", fmt.Sprintf("source %s %q is not an absolute URL", u.key, u.val), regenerateHint)
		}
	}

	if s.VCS != "" {
		if _, err := lock.VCSCommit(s.VCS); err != nil {
			return at("source", err.Error(), regenerateHint)
		}
	}

	for _, d := range p.Dependencies {
		if !pep508.ValidName(d) {
			return at("dependencies", fmt.Sprintf("dependency %q is not a valid project name", d), regenerateHint)
		}
	}
	if p.Markers != "" {
		if _, err := pep508.ParseMarker(p.Markers); err != nil {
			return at("markers", fmt.Sprintf("markers: %v", err), regenerateHint)
		}
	}
	if len(p.Artifacts) == 0 && (s.Index != "" || s.FindLinks != "" || s.URL != "") {
		return at("artifacts", fmt.Sprintf("has no artifacts (a package from %s needs at least one file with its sha256)", kinds[0]), regenerateHint)
	}
	files := map[string]bool{}
	for j := range p.Artifacts {
		a := &p.Artifacts[j]
		an := pos.artifact(index, j)
		aat := func(key, msg, hint string) error {
			return &lock.Error{File: file, Line: keyLine(an, key), Package: name, Msg: msg, Fix: hint}
		}
		label := fmt.Sprintf("artifact #%d", j+1)
		if a.File == "" {
			return aat("file", label+" has no file name", regenerateHint)
		}
		label = "artifact " + a.File
		if strings.ContainsAny(a.File, "/\\\x00") || a.File == "." || a.File == ".." {
			return aat("file", fmt.Sprintf("artifact file %q must be a plain file name (the folder goes in path)", a.File), regenerateHint)
		}
		if files[a.File] {
			return aat("file", label+" is listed twice", regenerateHint)
		}
		files[a.File] = true
		want := lock.KindOfFile(a.File)
		switch a.Kind {
		case lock.ArtifactSdist, lock.ArtifactWheel:
			if want != "" && want != a.Kind {
				return aat("kind", fmt.Sprintf("%s: kind %q does not match the file name (a %s)", label, a.Kind, want), regenerateHint)
			}
		case "":
			return aat("kind", label+` has no kind ("sdist" or "wheel")`, regenerateHint)
		default:
			return aat("kind", fmt.Sprintf(`%s: unknown kind %q (expected "sdist" or "wheel")`, label, a.Kind), regenerateHint)
		}
		if a.SHA256 == "" {
			return aat("sha256", label+" has no sha256", regenerateHint)
		}
		if !isSHA256(a.SHA256) {
			return aat("sha256", fmt.Sprintf("%s: sha256 %q is not 64 lower-case hex digits", label, a.SHA256), regenerateHint)
		}
		if a.Size <= 0 {
			return aat("size", label+" has no size (bytes, a positive number)", regenerateHint)
		}
		if a.URL != "" {
			if lockio.CredentialIn(a.URL) {
				return aat("url", fmt.Sprintf("%s: url %q holds credentials (user:password@)", label, a.URL), credentialsHint)
			}
			if !lockio.IsAbsURL(a.URL) {
				return aat("url", fmt.Sprintf("%s: url %q is not an absolute URL", label, a.URL), regenerateHint)
			}
		}
		if a.Path != "" {
			if err := lockio.CheckLocalPath(a.Path); err != "" {
				return aat("path", fmt.Sprintf("%s: path %q %s", label, a.Path, err),
					"a bundle must not point outside its own folder: artifact paths are relative to the lock file's folder, written with '/', without '..' or '.' parts; "+regenerateHint)
			}
		}
		switch {
		case kind == lock.KindBundle && a.Path == "":
			return aat("path", label+" has no path (in a bundle every artifact is a file in the lock file's folder)", regenerateHint)
		case a.Path == "" && a.URL == "":
			return aat("path", label+" has neither a path nor a url", regenerateHint)
		}
	}
	return nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
