package plan

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/solver"
	"github.com/fwenv/fwenv/resolver/source"
)

// Local is a wheel the user gave (or that was built from a folder or sdist
// the user gave): it is the only candidate of its project.
type Local struct {
	Wheel          string
	Name, Version  string
	Requires       []string
	RequiresPython string
	// Extras are the extras asked for it ("./proj[dev]", "name[dev] @
	// URL"): their dependencies are resolved too.
	Extras []string
	// Item is what the user gave for it: the file, folder or URL, and how
	// the install records it.
	Item *Item
}

// Item is a distribution the user gave as a file, a project folder or a
// URL (not a name to resolve): what it is, where it came from, and how the
// install records it (PEP 610's direct_url.json).
type Item struct {
	Name     string // the name a "name @ URL" requirement gave, "" otherwise
	URL      string // the URL the user gave (recorded in direct_url.json), "" for paths
	VCS      *install.VCSInfo
	Wheel    string // a wheel file (given, fetched, or built for Project)
	Project  string // a source folder or sdist to build
	Editable bool
	Direct   bool     // the user gave a file or folder (direct_url.json)
	What     string   // as the user named it, for messages
	Extras   []string // extras asked for with it ("./proj[dev]")
}

// Source is the file the item was given as: the project (folder or
// sdist) when there is one, else the wheel.
func (it *Item) Source() string {
	if it.Project != "" {
		return it.Project
	}
	return it.Wheel
}

// Input is what a plan depends on.
type Input struct {
	Roots       []pep508.Requirement
	Locals      []Local
	Constraints []pep508.Requirement
	// Source lists the candidates (find-links folders, indexes); nil means
	// only Locals can be installed. Fetcher gets remote files and metadata.
	Source     source.Source
	Fetcher    source.Fetcher
	Info       *python.Info
	DB         *site.DB
	Upgrade    map[string]bool
	UpgradeAll bool
	Reinstall  bool
	Pre        bool
	// Formats is --only-binary / --no-binary; PreferBinary tries wheels
	// before newer sdists (a resolution without the versions that have only
	// sdists first, then with them).
	Formats      source.Formats
	PreferBinary bool
	NoDeps       bool
	// Sdists reads the dependencies of an sdist (a metadata build, by the
	// preparing stage); nil leaves versions with only sdists out.
	Sdists solver.SdistBuilder
}

// Step is one project to install.
type Step struct {
	Name, Version string
	Requested     bool
	Local         *Local      // set for the user's own wheels
	File          source.File // otherwise, the file chosen from the folders
}

// Plan is the outcome: the steps to install and the changes they make.
type Plan struct {
	Steps      []Step
	Changes    []solver.Change
	Resolution *solver.Resolution
	// reinstall is Input.Reinstall: steps at an installed version are
	// installed again.
	reinstall bool
}

// composite serves local wheels first, then the folders.
type composite struct {
	local *solver.MemoryProvider
	names map[string]bool
	fl    solver.Provider
	// installedOnly are installed projects whose sources are not asked:
	// the solver knows their installed version, which is tried alone first.
	installedOnly map[string]bool
}

func (c *composite) Versions(name string) ([]solver.Candidate, error) {
	if c.names[name] {
		return c.local.Versions(name)
	}
	if c.fl == nil || c.installedOnly[name] {
		return nil, nil
	}
	return c.fl.Versions(name)
}

func (c *composite) Metadata(name string, v pep440.Version) ([]string, string, error) {
	if c.names[name] {
		return c.local.Metadata(name, v)
	}
	return c.fl.Metadata(name, v)
}

// Make resolves and chooses files.
func Make(ctx context.Context, in Input) (*Plan, error) {
	roots := append([]pep508.Requirement(nil), in.Roots...)
	mem := solver.NewMemoryProvider()
	names := map[string]bool{}
	locals := map[string]*Local{}
	for i := range in.Locals {
		l := &in.Locals[i]
		key := wheelname.Normalize(l.Name)
		if prev, dup := locals[key]; dup && prev.Version != l.Version {
			return nil, fmt.Errorf("%s is given twice: %s and %s", l.Name, prev.Wheel, l.Wheel)
		}
		locals[key] = l
		names[key] = true
		mem.Add(key, solver.Release{Version: l.Version, Requires: l.Requires, RequiresPython: l.RequiresPython})
		r, err := pep508.ParseRequirement(l.Name + "==" + l.Version)
		if err != nil {
			return nil, err
		}
		r.Extras = l.Extras
		roots = append(roots, r)
	}
	var fl solver.Provider
	ranker := tags.NewRanker(in.Info.Tags())
	if in.Source != nil {
		tagOK := solver.TagAccept(ranker)
		accept := func(f source.File) bool { return in.Formats.Allows(f) && tagOK(f) }
		fl = &solver.SourceProvider{Source: in.Source, Fetcher: in.Fetcher, Context: ctx, Speculate: in.Fetcher != nil, Accept: accept, Rank: solver.TagRank(ranker), Sdists: in.Sdists,
			Reject: rejection(in.Formats, in.Info)}
	}
	installed := map[string]solver.Installed{}
	for _, d := range in.DB.Dists() {
		v, err := pep440.Parse(d.Version)
		if err != nil {
			continue
		}
		rp := ""
		var reqs []string
		if d.Metadata != nil {
			rp, reqs = d.Metadata.RequiresPython, d.Metadata.RequiresDist
		}
		installed[d.Key] = solver.Installed{Version: v, Requires: reqs, RequiresPython: rp}
	}
	// What stays installed keeps working: the requirements of installed
	// distributions that this command does not replace limit the versions
	// chosen (as constraints: they add nothing).
	constraints := append([]pep508.Requirement(nil), in.Constraints...)
	replaced := map[string]bool{}
	for _, r := range roots {
		replaced[r.NormalizedName()] = true
	}
	env := in.Info.MarkerEnvironment()
	from := map[string][]string{} // constraint text -> installed distributions
	for _, d := range in.DB.Dists() {
		if replaced[d.Key] || d.Metadata == nil {
			continue
		}
		for _, text := range d.Metadata.RequiresDist {
			r, err := pep508.ParseRequirement(text)
			if err != nil || r.URL != "" {
				continue
			}
			if ok, err := r.Marker.Evaluate(env); err != nil || !ok {
				continue // extras and markers that do not apply here
			}
			r.Extras, r.Marker = nil, pep508.Marker{}
			constraints = append(constraints, r)
			from[r.String()] = append(from[r.String()], d.Name+" "+d.Version)
		}
	}
	upgrade := map[string]bool{}
	for k := range in.Upgrade {
		upgrade[wheelname.Normalize(k)] = true
	}
	for k := range locals {
		upgrade[k] = true // the user's own files replace what is installed
	}
	req := solver.Request{
		Requirements: roots,
		Constraints:  constraints,
		Env:          in.Info.MarkerEnvironment(),
		Installed:    installed,
		Upgrade:      upgrade,
		UpgradeAll:   in.UpgradeAll,
		Pre:          in.Pre,
		NoDeps:       in.NoDeps,
		KnownNames:   func() []string { return localNames(in.Source) },
	}
	// First without asking the sources about installed projects that may
	// stay (as pip's only-if-needed: no index is read for what is already
	// satisfied); if that has no solution, again with every version.
	only := map[string]bool{}
	if !in.UpgradeAll {
		for name := range installed {
			if !upgrade[name] && !(in.Reinstall && replaced[name]) {
				only[name] = true
			}
		}
	}
	// Listing the roots' versions up front lets the provider fetch their
	// metadata in parallel (Speculate) while the solver works one project
	// at a time.
	if sp, ok := fl.(*solver.SourceProvider); ok && sp.Speculate {
		for _, r := range roots {
			if !only[r.NormalizedName()] && !names[r.NormalizedName()] {
				sp.Versions(r.NormalizedName())
			}
		}
	}
	// The attempts, most preferred first: with --prefer-binary the
	// versions that have only sdists are hidden; installed projects that
	// may stay are first not asked about. Each later attempt runs only when
	// the one before has no solution; the last one's error is reported.
	type attempt struct{ prefer, installedOnly bool }
	var attempts []attempt
	sp, _ := fl.(*solver.SourceProvider)
	for _, prefer := range []bool{true, false} {
		if prefer && (sp == nil || !in.PreferBinary) {
			continue
		}
		if len(only) > 0 && fl != nil {
			attempts = append(attempts, attempt{prefer, true})
		}
		attempts = append(attempts, attempt{prefer, false})
	}
	var res *solver.Resolution
	var err error
	for i, at := range attempts {
		if sp != nil {
			sp.PreferBinary = at.prefer
		}
		c := &composite{local: mem, names: names, fl: fl}
		if at.installedOnly {
			c.installedOnly = only
		}
		req.Provider = c
		res, err = solver.Resolve(ctx, req)
		var ns *solver.NoSolutionError
		if err == nil || !errors.As(err, &ns) || i == len(attempts)-1 {
			break
		}
	}
	if err != nil {
		var ns *solver.NoSolutionError
		if errors.As(err, &ns) {
			var notes []string
			for _, text := range ns.Constraints {
				if dists, ok := from[text]; ok {
					notes = append(notes, fmt.Sprintf("The constraint %s comes from what is installed: %s requires it.", text, strings.Join(dists, ", ")))
				}
			}
			if len(notes) > 0 {
				sort.Strings(notes)
				return nil, &InstalledConflict{Err: ns, Notes: notes}
			}
		}
		return nil, err
	}
	p := &Plan{Resolution: res, Changes: res.Changes(installed), reinstall: in.Reinstall}
	for _, pkg := range res.Packages {
		keep := pkg.Installed && !in.Reinstall
		if l := locals[pkg.Name]; l != nil {
			p.Steps = append(p.Steps, Step{Name: pkg.Name, Version: l.Version, Requested: true, Local: l})
			continue
		}
		if keep {
			continue
		}
		if pkg.Installed && in.Reinstall && !pkg.Requested {
			continue // --force-reinstall reinstalls what was named
		}
		if in.Source == nil {
			return nil, fmt.Errorf("%s %s: no find-links folder or index to take it from", pkg.Name, pkg.Version)
		}
		files, err := in.Source.Files(ctx, pkg.Name)
		if err != nil {
			return nil, err
		}
		spec, _ := pep440.ParseSpecifierSet("==" + pkg.Version.String())
		f, err := source.Choose(files, source.Want{Project: pkg.Name, Specifier: spec, Pre: true, Ranker: ranker,
			BestTag: in.Info.TagTarget().Best().String(), OnlyBinary: in.Formats.OnlyBinary(pkg.Name), NoBinary: in.Formats.NoBinary(pkg.Name)}, []string{in.Source.String()})
		if err != nil {
			return nil, err
		}
		p.Steps = append(p.Steps, Step{Name: pkg.Name, Version: pkg.Version.String(), Requested: pkg.Requested, File: f})
	}
	return p, nil
}

// InstalledConflict is a resolution that fails because of what is already
// installed: the distributions that stay keep their requirements.
type InstalledConflict struct {
	Err   *solver.NoSolutionError
	Notes []string
}

func (e *InstalledConflict) Error() string {
	return e.Err.Error() + "\n  " + strings.Join(e.Notes, "\n  ")
}

func (e *InstalledConflict) Hint() string {
	return "upgrade or uninstall the installed distribution named above together with this install (fwenv install -U NAME ...), or ask for a version that fits it"
}

func (e *InstalledConflict) Unwrap() error { return e.Err }

// rejection says why a file does not fit the target, for the report of a
// version whose every file is refused, and what to change.
func rejection(formats source.Formats, info *python.Info) func(source.File) solver.Rejection {
	var first []string
	for _, t := range info.Tags() {
		if len(first) == 3 {
			first = append(first, "...")
			break
		}
		first = append(first, t.String())
	}
	target := fmt.Sprintf("Python %s, tags %s", info.Version(), strings.Join(first, ", "))
	return func(f source.File) solver.Rejection {
		name := wheelname.Normalize(f.Project)
		switch {
		case f.Kind == source.Wheel && formats.NoBinary(f.Project):
			return solver.Rejection{Why: "--no-binary excludes its wheels",
				Hint: fmt.Sprintf("--no-binary excludes the wheels of %s and those versions have no sdist: drop %s from --no-binary, or require a version that has an sdist", name, name)}
		case f.Kind != source.Wheel && formats.OnlyBinary(f.Project):
			return solver.Rejection{Why: "--only-binary excludes its sdists",
				Hint: fmt.Sprintf("--only-binary excludes the sdists of %s and those versions have no wheel that fits: drop %s from --only-binary (--only-binary :none:), or require a version that has a wheel", name, name)}
		}
		return solver.Rejection{Why: "no wheel tag fits the target (" + target + ")",
			Hint: fmt.Sprintf("the wheels of those versions of %s are built for other interpreters or platforms than the target (%s): use an interpreter they support (fwenv create -p VERSION), or require a version that has a fitting wheel or an sdist", name, target)}
	}
}

// localNames lists the project names the find-links folders of src hold,
// for the solver's "did you mean" hint; indexes are not asked (their
// project lists are not cheap).
func localNames(src source.Source) []string {
	switch s := src.(type) {
	case *source.Multi:
		var out []string
		for _, l := range s.Local {
			out = append(out, localNames(l)...)
		}
		return out
	case interface{ Projects() ([]string, error) }:
		names, err := s.Projects()
		if err != nil {
			return nil
		}
		return names
	}
	return nil
}
