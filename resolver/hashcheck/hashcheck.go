package hashcheck

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
)

// Error is a refusal of hash-checking mode, with the line to write.
type Error struct{ Msg, hint string }

func (e *Error) Error() string { return e.Msg }

// Hint says how to fix it.
func (e *Error) Hint() string { return e.hint }

// Policy collects the hashes the requirements give and checks files
// against them.
type Policy struct {
	on     bool
	byName map[string][]string // normalised name -> "algo:hex"
	byPath map[string][]string // absolute path or redacted URL -> "algo:hex"
	from   map[string]string   // name or path -> where it was given ("file:line")
	// checked: every file was checked before the command began (a
	// bundle); Verify and Guard need not read them again.
	checked bool
	errs    []string
}

// New is a policy, on from the start when require is set
// (--require-hashes).
func New(require bool) *Policy {
	return &Policy{on: require, byName: map[string][]string{}, byPath: map[string][]string{}, from: map[string]string{}}
}

// On reports whether hash-checking mode is on.
func (p *Policy) On() bool { return p.on }

// Line is what one requirement line gives hash-checking mode, as plain
// data (lockfile/requirements' Requirement.HashLine makes one from a line
// of a requirements file).
type Line struct {
	// Req is the parsed requirement; for a path or URL without a name,
	// Req.Name is empty and Path or URL is set.
	Req pep508.Requirement
	// Path is a local file or folder (absolute).
	Path string
	// URL is a direct URL without a name; Req.URL counts when it is "".
	URL string
	// Hashes are the --hash values ("sha256:…").
	Hashes []string
	// Constraint marks a line read through -c.
	Constraint bool
	// File and Line say where the line is, for messages ("FILE:LINE").
	File string
	Line int
}

// Add records a requirement line; a line with a hash turns the mode on.
func (p *Policy) Add(r Line) {
	where := fmt.Sprintf("%s:%d", r.File, r.Line)
	if len(r.Hashes) > 0 {
		p.on = true
	}
	if r.Constraint && len(r.Hashes) == 0 {
		return
	}
	switch {
	case r.Path != "":
		p.byPath[r.Path] = append(p.byPath[r.Path], r.Hashes...)
		p.from[r.Path] = where
	case r.URL != "" || r.Req.URL != "":
		u := r.URL
		if u == "" {
			u = r.Req.URL
		}
		u, frag, _ := strings.Cut(u, "#")
		u = secret.StripCredentials(u)
		p.byPath[u] = append(p.byPath[u], r.Hashes...)
		// A #sha256= fragment counts as a hash given for the file, as in pip.
		for _, kv := range strings.Split(frag, "&") {
			if k, v, ok := strings.Cut(kv, "="); ok && (k == "sha256" || k == "sha384" || k == "sha512") {
				p.byPath[u] = append(p.byPath[u], k+":"+v)
			}
		}
		p.from[u] = where
	default:
		n := r.Req.NormalizedName()
		p.byName[n] = append(p.byName[n], r.Hashes...)
		p.from[n] = where
		if !r.Constraint && !Pinned(r.Req.Specifier.String()) {
			p.errs = append(p.errs, fmt.Sprintf("%s: %s is not pinned with ==", where, r.Req.String()))
		}
	}
}

// Allow turns the mode on and accepts hash ("algo:hex") for project, as
// given at from (a bundle's manifest lists its files this way).
func (p *Policy) Allow(project, hash, from string) {
	p.on = true
	n := wheelname.Normalize(project)
	p.byName[n] = append(p.byName[n], hash)
	p.from[n] = from
}

// Same says the file at URL (or path) key stands for the one a line gave
// as url (a copy found elsewhere, same name and hash): the hashes given
// for url count for key.
func (p *Policy) Same(key, url string) {
	url, _, _ = strings.Cut(url, "#")
	url = secret.StripCredentials(url)
	if key == url {
		return
	}
	p.byPath[key] = append(p.byPath[key], p.byPath[url]...)
	p.from[key] = p.from[url]
}

// Checked says every file was already checked against its hashes (a
// bundle verified as a whole): Verify and Guard pass what they are given.
func (p *Policy) Checked() { p.checked = true }

// Given is what the requirements give for project: its hashes and where.
func (p *Policy) Given(project string) ([]string, string) {
	n := wheelname.Normalize(project)
	return p.byName[n], p.from[n]
}

// Pinned reports whether a specifier pins one version (== or === without a
// wildcard, one clause).
func Pinned(spec string) bool {
	spec = strings.TrimSpace(spec)
	return (strings.HasPrefix(spec, "==") || strings.HasPrefix(spec, "===")) && !strings.Contains(spec, ",") && !strings.Contains(spec, "*")
}

// Item is a file or folder the command was given itself.
type Item struct {
	What     string // as the user wrote it; a key for hashes given by path
	URL      string // the redacted URL it came from, if any (the key then)
	Name     string // the project's name, when known
	Path     string // the local file or project folder
	Editable bool
}

// CheckItems refuses, in hash-checking mode, unpinned requirements and what
// cannot be verified (project folders, editable installs), and checks the
// user's own files against their hashes.
func (p *Policy) CheckItems(items []Item) error {
	if !p.on {
		return nil
	}
	if len(p.errs) > 0 {
		errs := append([]string(nil), p.errs...)
		sort.Strings(errs)
		return &Error{"in hash-checking mode every requirement must be pinned:\n  " + strings.Join(errs, "\n  "),
			"write NAME==VERSION --hash=sha256:… (fwenv download writes the hashes into its bundle's fwenv.lock)"}
	}
	for _, it := range items {
		if it.Editable {
			return &Error{fmt.Sprintf("%s: an editable install cannot be checked against a hash", it.What), "install editable projects in a separate command without --hash / --require-hashes"}
		}
		if st, err := os.Stat(it.Path); err == nil && st.IsDir() {
			return &Error{fmt.Sprintf("%s: a folder cannot be checked against a hash", it.What), "build an sdist or wheel of it (fwenv build) and list that file with its --hash"}
		}
		key := it.URL
		if key == "" {
			key = it.What
		}
		want := p.byPath[key]
		if len(want) == 0 && it.Name != "" {
			key = wheelname.Normalize(it.Name)
			want = p.byName[key]
		}
		if len(want) == 0 {
			sum, _ := source.FileSHA256(it.Path)
			return &Error{fmt.Sprintf("%s has no --hash and hash-checking mode is on", it.What),
				fmt.Sprintf("add --hash=sha256:%s to its line if this file is the one you trust", sum)}
		}
		if _, err := source.VerifyFile(it.Path, want, p.from[key]); err != nil {
			return err
		}
	}
	return nil
}

// Planned is a distribution a resolution will fetch (not one of the
// user's own files): its name (normalised), version and the hashes its
// source announces.
type Planned struct {
	Name, Version string
	Announced     map[string]string
}

// CheckPlan makes sure, before anything is fetched, that every
// distribution a resolution will fetch has hashes to be checked against.
func (p *Policy) CheckPlan(steps []Planned) error {
	if !p.on {
		return nil
	}
	var missing []string
	for _, st := range steps {
		if len(p.byName[st.Name]) == 0 {
			line := st.Name + "==" + st.Version
			if sum := st.Announced["sha256"]; sum != "" {
				line += " --hash=sha256:" + sum
			}
			missing = append(missing, line)
		}
	}
	if len(missing) > 0 {
		return &Error{"hash-checking mode is on, and these distributions have no --hash in the requirements:\n  " + strings.Join(missing, "\n  "),
			"add them, pinned and with their hashes, to the requirements file (the hashes shown come from the index: check them)"}
	}
	return nil
}

// Verify checks the file at path, fetched for f, against the hashes given
// for its project.
func (p *Policy) Verify(f source.File, path string) error {
	if !p.on || p.checked {
		return nil
	}
	if len(p.byName[f.Project]) == 0 {
		sum, _ := source.FileSHA256(path)
		return &Error{fmt.Sprintf("%s (%s) has no --hash and hash-checking mode is on", f.Project, f.Filename),
			fmt.Sprintf("add it, pinned, with --hash=sha256:%s if this file is the one you trust", sum)}
	}
	_, err := source.VerifyFile(path, p.byName[f.Project], p.from[f.Project])
	if hm, ok := err.(*source.HashMismatchError); ok {
		hm.File = f.Filename
	}
	return err
}

// MetadataFunc builds an sdist's metadata (its requirements and version).
type MetadataFunc func(source.File) ([]string, string, error)

// Guard wraps a metadata build of sdists: in hash-checking mode the sdist
// is checked against its hashes (and refused when it has none) before any
// build backend runs, as pip does.
func (p *Policy) Guard(meta MetadataFunc) MetadataFunc {
	if meta == nil || !p.on || p.checked {
		return meta
	}
	return func(f source.File) ([]string, string, error) {
		if len(p.byName[f.Project]) == 0 {
			sum, _ := source.FileSHA256(f.Path)
			return nil, "", &Error{fmt.Sprintf("%s %s has no --hash and hash-checking mode is on; it is not built", f.Project, f.Version),
				fmt.Sprintf("add it, pinned, with --hash=sha256:%s if this file is the one you trust", sum)}
		}
		if err := p.Verify(f, f.Path); err != nil {
			return nil, "", err
		}
		return meta(f)
	}
}
