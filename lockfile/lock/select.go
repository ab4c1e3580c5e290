package lock

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

// Interpreter is the interpreter a lock is read for.
type Interpreter struct {
	Tags    []tags.Tag         // its wheel tags, best first
	Env     pep508.Environment // its marker environment
	BestTag string             // its best tag, named when no file fits
}

// Entry is one package a lock wants installed for an interpreter, with what
// it comes from: File (with SHA256, and Path and/or URL), Dir, or VCS.
type Entry struct {
	Name, Version string
	Requested     bool
	// A wheel or sdist: its file name, sha256 (hex), where the lock says
	// it is (absolute; "" when only a URL) and its URL.
	File, SHA256, Path, URL string
	Sdist                   bool
	// A project folder (absolute).
	Dir      string
	Editable bool
	// A git+URL@COMMIT requirement, built from a checkout of Commit (full,
	// lower-case); Repo (without credentials) and RepoSubdir are its
	// repository and the project's folder in it, as an install records
	// them in direct_url.json.
	VCS, Commit      string
	Repo, RepoSubdir string
	// Origin is where a bundle made from this entry says its file comes
	// from: the lock's index, find-links location or archive URL, else
	// the bundle's own folder (find-links ".").
	Origin Source
	// BuildOnly marks what a bundle keeps only to build its sdists.
	BuildOnly bool
}

// Select picks what to install from l, read from the lock file at file
// (its folder is where relative paths start; errors name it), for the
// interpreter in, following PEP 751's installer steps:
//
//  1. in.Env must satisfy one of l.Environments when there are any, and
//     l.RequiresPython (checked against python_full_version).
//  2. extras must each be one of l.Extras; groups each one of
//     l.DependencyGroups or l.DefaultGroups. groups == nil means
//     l.DefaultGroups; a non-nil empty slice means no group.
//  3. A package is selected when its marker holds for the environment, the
//     extras and the groups; no marker means always. Two selected entries
//     of one name are an error (what a bundle keeps only to build sdists
//     aside); so is a selected package whose requires-python excludes the
//     interpreter.
//  4. For each selected package: a project folder or a repository as the
//     lock names it; otherwise the wheel in.Tags ranks best (ties go to the
//     first by file name), else the first sdist (or the archive). A package
//     with no usable file is an error naming it, its files and in.BestTag.
//
// The result is in lock order. Packages' dependencies are not walked:
// markers already say where each package applies. A file entry without a
// sha256, a repository other than git and a git commit that is not a full
// commit id are refused: fwenv checks every file and checks out exact
// commits.
func (l *Lock) Select(file string, in Interpreter, extras, groups []string) ([]Entry, error) {
	fail := func(pkg, msg, hint string) error {
		return &Error{File: file, Package: pkg, Msg: msg, Fix: hint}
	}
	penv := in.Env
	if len(l.Environments) > 0 {
		ok := false
		for _, e := range l.Environments {
			m, err := compileMarker(e)
			if err != nil {
				return nil, fail("", fmt.Sprintf("environments: %q is not a marker: %v", e, err), regenerateHint)
			}
			holds, err := m.evaluate(penv, nil, nil)
			if err != nil {
				return nil, fail("", fmt.Sprintf("environments: cannot evaluate %q: %v", e, err), callerBugHint)
			}
			if holds {
				ok = true
				break
			}
		}
		if !ok {
			return nil, fail("", fmt.Sprintf("the lock does not apply to this environment (%s); it is for: %s", describeEnv(penv), strings.Join(quoteAll(l.Environments), ", ")),
				"use the interpreter the lock was made for, or lock again for this one (`fwenv lock -o pylock.toml` with this interpreter)")
		}
	}
	pyver := penv["python_full_version"]
	if pyver == "" {
		pyver = penv["python_version"]
	}
	if l.RequiresPython != "" {
		if ok, err := pythonIn(pyver, l.RequiresPython); err != nil || !ok {
			return nil, fail("", fmt.Sprintf("the lock requires Python %s; this interpreter is Python %s", l.RequiresPython, pyver),
				"use an interpreter the lock allows (fwenv venv -p PYTHON), or lock again for this one")
		}
	}
	wantExtras := NormalizeNames(extras)
	for _, x := range wantExtras {
		if !slices.Contains(l.Extras, x) {
			return nil, fail("", fmt.Sprintf("extra %q is not in the lock (it has: %s)", x, listOrNone(l.Extras)),
				"ask for one of the lock's extras, or lock again with this extra")
		}
	}
	var wantGroups []string
	if groups == nil {
		wantGroups = slices.Clone(l.DefaultGroups)
	} else {
		wantGroups = NormalizeNames(groups)
		for _, g := range wantGroups {
			if !slices.Contains(l.DependencyGroups, g) && !slices.Contains(l.DefaultGroups, g) {
				return nil, fail("", fmt.Sprintf("dependency group %q is not in the lock (it has: %s)", g, listOrNone(append(slices.Clone(l.DependencyGroups), l.DefaultGroups...))),
					"ask for one of the lock's dependency groups, or lock again with this group")
			}
		}
	}

	ranker := tags.NewRanker(in.Tags)
	rank := func(name string) (int, bool) {
		w, err := wheelname.ParseWheel(name)
		if err != nil {
			return 0, false
		}
		return ranker.Rank(w.Tags())
	}
	var picked []*Package
	chosen := map[string]int{}
	for i := range l.Packages {
		p := &l.Packages[i]
		if p.Marker != "" {
			m, err := compileMarker(p.Marker)
			if err != nil {
				return nil, fail(p.Name, fmt.Sprintf("marker %q: %v", p.Marker, err), regenerateHint)
			}
			holds, err := m.evaluate(penv, wantExtras, wantGroups)
			if err != nil {
				return nil, fail(p.Name, fmt.Sprintf("cannot evaluate marker %q: %v", p.Marker, err), callerBugHint)
			}
			if !holds {
				continue
			}
		}
		if !p.BuildOnly {
			n := wheelname.Normalize(p.Name)
			if j, dup := chosen[n]; dup {
				return nil, fail(p.Name, fmt.Sprintf("two entries apply to this environment (%s and %s)", describePkg(picked[j]), describePkg(p)),
					"a lock must select at most one entry per package; their markers overlap: "+regenerateHint)
			}
			chosen[n] = len(picked)
		}
		if p.RequiresPython != "" {
			if ok, err := pythonIn(pyver, p.RequiresPython); err != nil || !ok {
				return nil, fail(p.Name, fmt.Sprintf("%s requires Python %s; this interpreter is Python %s", describePkg(p), p.RequiresPython, pyver),
					"use an interpreter the package allows, or lock again for this one")
			}
		}
		picked = append(picked, p)
	}

	// Requested: what the lock says, else (PEP 751 does not say) what no
	// other selected package depends on.
	needed := map[string]bool{}
	for _, p := range picked {
		for _, d := range p.Dependencies {
			needed[wheelname.Normalize(d.Name)] = true
		}
	}
	dir := filepath.Dir(file)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	out := make([]Entry, 0, len(picked))
	for _, p := range picked {
		e, err := entry(p, dir, rank, in.BestTag)
		if err != nil {
			if le, ok := err.(*Error); ok && le.File == "" {
				le.File = file
			}
			return nil, err
		}
		e.Requested = p.Requested || p.RequestUnknown && !needed[wheelname.Normalize(p.Name)]
		out = append(out, e)
	}
	return out, nil
}

// entry makes the Entry of a selected package.
func entry(p *Package, dir string, rank func(string) (int, bool), best string) (Entry, error) {
	e := Entry{Name: p.Name, Version: p.Version, BuildOnly: p.BuildOnly, Origin: Source{FindLinks: "."}}
	fail := func(msg, hint string) (Entry, error) {
		return Entry{}, &Error{Package: p.Name, Msg: msg, Fix: hint}
	}
	switch src := p.Source; {
	case src.Index != "":
		e.Origin = Source{Index: src.Index}
	case src.FindLinks != "":
		e.Origin = Source{FindLinks: src.FindLinks}
	case src.Archive != nil && src.Archive.URL != "":
		e.Origin = Source{Archive: &Archive{URL: src.Archive.URL}}
	}
	switch src := p.Source; {
	case src.Directory != nil:
		e.Dir, e.Editable = ResolvePath(dir, src.Directory.Path), src.Directory.Editable
		if src.Directory.Subdirectory != "" {
			e.Dir = filepath.Join(e.Dir, filepath.FromSlash(src.Directory.Subdirectory))
		}
		return e, nil
	case src.VCS != nil:
		v := src.VCS
		if v.Type != "git" {
			return Entry{}, &Error{Msg: fmt.Sprintf("package %s comes from a %s repository; fwenv checks out git repositories only", p.Name, v.Type),
				Fix: "install it yourself, then sync with --inexact"}
		}
		repo := v.URL
		if repo == "" {
			repo = source.FileURL(ResolvePath(dir, v.Path))
		}
		// The exact commit: what the lock recorded, nothing newer.
		req, commit, err := GitRequirement(repo, v.CommitID, v.Subdirectory)
		if err != nil {
			return fail(err.Error(), "regenerate the lock: a git package needs its repository URL and full commit id")
		}
		e.VCS, e.Commit = req, commit
		if err := e.parseRepo(); err != nil {
			return fail(err.Error(), "regenerate the lock")
		}
		return e, nil
	}
	art, err := pick(p, rank, best)
	if err != nil {
		return Entry{}, err
	}
	e.File, e.SHA256, e.URL, e.Sdist = art.File, art.SHA256, art.URL, art.Kind != ArtifactWheel
	e.Path = ResolvePath(dir, art.Path)
	if e.SHA256 == "" {
		if p.Source.Archive != nil {
			return fail("the archive has no sha256 hash", "regenerate the lock with sha256 hashes")
		}
		return fail(art.File+" has no sha256 hash", "fwenv checks every file by sha256; regenerate the lock with sha256 hashes")
	}
	return e, nil
}

// pick is the artifact to install: the best-ranked usable wheel (the first
// of equal rank), else the first sdist.
func pick(p *Package, rank func(string) (int, bool), best string) (*Artifact, error) {
	var chosen *Artifact
	chosenRank := 0
	var names []string
	for j := range p.Artifacts {
		a := &p.Artifacts[j]
		names = append(names, a.File)
		r := 1 << 29 // an sdist after every wheel
		if a.Kind == ArtifactWheel {
			n, ok := rank(a.File)
			if !ok {
				continue
			}
			r = n
		}
		if chosen == nil || r < chosenRank {
			chosen, chosenRank = a, r
		}
	}
	if chosen == nil {
		msg := fmt.Sprintf("version %s has no file for this interpreter", p.Version)
		if best != "" {
			msg += fmt.Sprintf(" (best tag %s)", best)
		}
		return nil, &Error{Package: p.Name, Msg: msg + ": " + strings.Join(names, ", "),
			Fix: "lock again for this interpreter and platform (fwenv lock -p PYTHON), or add an sdist to the lock"}
	}
	return chosen, nil
}

const regenerateHint = "the lock file is generated: regenerate it with the tool that wrote it (`fwenv lock`, `fwenv download -d DIR`, `uv export --format pylock.toml`, `pip lock`) instead of editing it by hand"

const callerBugHint = "the marker environment given to fwenv lacks a value; this is a bug in the caller"

func pythonIn(version, spec string) (bool, error) {
	set, err := pep440.ParseSpecifierSet(spec)
	if err != nil {
		return false, err
	}
	v, err := pep440.Parse(version)
	if err != nil {
		return false, err
	}
	return set.ContainsPre(v, pep440.PreInclude), nil
}

func describePkg(p *Package) string {
	s := p.Name
	if p.Version != "" {
		s += " " + p.Version
	}
	if p.Marker != "" {
		s += fmt.Sprintf(" (marker %q)", p.Marker)
	}
	return s
}

func describeEnv(env map[string]string) string {
	var parts []string
	for _, k := range []string{"implementation_name", "python_full_version", "sys_platform", "platform_machine"} {
		if v, ok := env[k]; ok {
			parts = append(parts, k+" "+v)
		}
	}
	if len(parts) == 0 {
		return "no marker values given"
	}
	return strings.Join(parts, ", ")
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// NormalizeNames normalises extra and group names (PEP 685, where they are
// valid names), sorts them and drops duplicates, in a new slice; an empty
// list is nil.
func NormalizeNames(s []string) []string {
	out := make([]string, 0, len(s))
	for _, n := range s {
		n = strings.TrimSpace(n)
		if pep508.ValidName(n) {
			n = wheelname.Normalize(n)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}
