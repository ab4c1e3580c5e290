package ops

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/prepare"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/solver"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// InstallOptions are what `fwenv install` was asked.
type InstallOptions struct {
	Env EnvSelector
	// Args are wheels, names with specifiers, folders, sdists and URLs.
	Args, Requirements, Editables, Constraints []string
	Sources                                    set.Config
	Formats                                    Formats
	Build                                      BuildChoices
	RequireHashes, NoDeps, Compile, Reinstall  bool
	Pre, DryRun, Upgrade                       bool
	UpgradePackages                            []string
	LinkMode                                   string
	LockTimeout                                time.Duration
	// Report is where pip's installation report goes: a path, "-" for
	// InstallResult.Report, "" for none.
	Report string
}

// InstallResult is what an install did (or, with DryRun, would do).
type InstallResult struct {
	// Root is the environment's folder (paths are reported relative to it).
	Root string
	// Applied is the transaction's outcome; nil when nothing was applied.
	Applied *install.Result
	// DryRun is what would change, when asked; Report holds pip's
	// installation report when InstallOptions.Report was "-".
	DryRun *DryRun
	Report []byte
	// Satisfied: every requirement was already satisfied.
	Satisfied bool
	// Lock is set for `install -r pylock.toml`: what the lock's entries
	// did (a sync that removes nothing).
	Lock *SyncResult
	// Unmet are the requirements the environment does not satisfy after
	// the install (checked only when something was applied).
	Unmet []site.Problem
}

// DryRun is what a dry run would do: the changes of a resolved plan, or
// (--no-deps) the files and items that would be installed.
type DryRun struct {
	Changes []plan.Change
	Files   []source.File
	Items   []string
}

// Install installs into the selected environment.
func (s *Session) Install(o InstallOptions) (*InstallResult, error) {
	e, err := s.OpenEnv(o.Env)
	if err != nil {
		return nil, err
	}
	if !o.DryRun {
		s.changing()
		if err := s.recoverPending(e, install.Options{LockTimeout: o.LockTimeout}); err != nil {
			return nil, err
		}
	}
	mode, err := cache.ParseLinkMode(o.LinkMode)
	if err != nil {
		return nil, UsageError{err}
	}
	var constraints []pep508.Requirement
	for _, path := range o.Constraints {
		rf, err := (&requirements.Reader{Getenv: s.Getenv}).ReadConstraints(s.Abs(path))
		if err != nil {
			return nil, err
		}
		for _, r := range rf.Requirements {
			if r.Req.Name == "" {
				return nil, errorf("constraints are NAME SPECIFIER lines", fmt.Sprintf("%s:%d: a constraint must name a project", r.File, r.Line))
			}
			constraints = append(constraints, r.Req)
		}
	}
	// -r pylock.toml installs what the lock selects for this environment
	// (keeping whatever else is installed).
	for _, path := range o.Requirements {
		if f, pep751 := lock.FormatOf(path); f == lock.Pylock && pep751 {
			if len(o.Requirements) > 1 || len(o.Args) > 0 || len(o.Editables) > 0 {
				return nil, UsageError{fmt.Errorf("-r %s: a pylock.toml is installed on its own, without other requirements", path)}
			}
			if o.Report != "" || len(o.Constraints) > 0 || o.NoDeps || o.Upgrade || len(o.UpgradePackages) > 0 {
				return nil, UsageError{fmt.Errorf("-r %s: a pylock.toml installs exactly what it selects; --report, -c, --no-deps, -U and --upgrade-package do not apply", path)}
			}
			res, err := s.applyLock(e, s.Abs(path), SyncOptions{FindLinks: o.Sources.FindLinks, Offline: o.Sources.Offline, LinkMode: o.LinkMode,
				LockTimeout: o.LockTimeout, Build: o.Build, DryRun: o.DryRun, compile: o.Compile}, false)
			if err != nil {
				return nil, err
			}
			return &InstallResult{Applied: res.Applied, Lock: res}, nil
		}
	}
	files, fileOpts, pre, err := s.readFiles(o.Requirements, o.Pre)
	if err != nil {
		return nil, err
	}
	fm, prefer, err := o.Formats.resolve(fileOpts...)
	if err != nil {
		return nil, err
	}
	var names []pep508.Requirement
	hashes := hashcheck.New(o.RequireHashes)
	var src *set.Set
	var prep *prepare.Preparer
	newPrep := func(src *set.Set) error {
		prep, err = s.preparer(e, o.Build, prepare.Options{Fetcher: src.Fetcher, Offline: src.Offline})
		return err
	}
	if len(o.Args) == 0 && len(files) == 0 && len(o.Editables) == 0 {
		// fwenv install -f BUNDLE: what the bundle's manifest lists.
		link := func(paths []string) (string, error) {
			p, err := s.preparer(e, o.Build, prepare.Options{})
			if err != nil {
				return "", err
			}
			return p.LinkFolder(paths)
		}
		r, err := s.bundleRestore(e, o.Sources.FindLinks, link)
		if err != nil {
			return nil, err
		}
		if r != nil {
			names, hashes, src = r.names, r.hashes, r.src
		}
	}
	if src == nil {
		if src, err = s.openSources(o.Sources, fileOpts...); err != nil {
			return nil, err
		}
	}
	if err := newPrep(src); err != nil {
		return nil, err
	}
	g := &gatherer{s: s, src: src, prep: prep}
	w := wanted{names: names, constraints: constraints}
	if err := g.files(files, e.Info.MarkerEnvironment(), hashes, &w); err != nil {
		return nil, err
	}
	for _, ed := range o.Editables {
		it, err := g.editable(ed)
		if err != nil {
			return nil, err
		}
		w.items = append(w.items, it)
	}
	if err := g.args(o.Args, &w); err != nil {
		return nil, err
	}
	if len(w.names) == 0 && len(w.items) == 0 {
		return nil, UsageError{errors.New("nothing to install: give wheels, names, folders, -e DIR or -r FILE")}
	}
	if err := hashes.CheckItems(hashItems(w.items)); err != nil {
		return nil, err
	}
	if o.NoDeps && o.Report != "" {
		return nil, UsageError{errors.New("--report needs a resolution: it cannot be used with --no-deps")}
	}
	in := &installRun{s: s, e: e, o: o, src: src, prep: prep, hashes: hashes, pre: pre, fm: fm, prefer: prefer, res: &InstallResult{Root: e.Venv.Dir}}
	var reqs []install.Request
	if o.NoDeps {
		reqs, err = in.noDeps(w.names, w.items)
	} else {
		reqs, err = in.resolved(w.names, w.constraints, w.items)
	}
	if err != nil || reqs == nil {
		return in.res, err
	}
	progress, ended := s.installing(len(reqs))
	applied, err := install.Install(target(e), reqs, &install.Options{
		Cache:       cache.New(s.Cache()),
		LinkMode:    mode,
		Compile:     o.Compile,
		Reinstall:   o.Reinstall,
		LockTimeout: o.LockTimeout,
		Progress:    progress,
		Context:     s.ctx(),
		Committed:   s.committed,
	})
	ended()
	if err != nil {
		return nil, err
	}
	in.res.Applied = applied
	if db, err := e.DB(); err == nil {
		in.res.Unmet = site.CheckRequirements(db, e.Info.MarkerEnvironment())
	}
	return in.res, nil
}

// installRun is one install's state between the stages.
type installRun struct {
	s      *Session
	e      *Env
	o      InstallOptions
	src    *set.Set
	prep   *prepare.Preparer
	hashes *hashcheck.Policy
	pre    bool
	fm     source.Formats
	prefer bool
	res    *InstallResult
}

// noDeps installs exactly what was named: each name's best file from the
// sources, each item built if needed.
func (in *installRun) noDeps(names []pep508.Requirement, items []plan.Item) ([]install.Request, error) {
	e, src := in.e, in.src
	if len(names) > 0 {
		ranker := tags.NewRanker(e.Info.Tags())
		var chosen []source.File
		for _, r := range names {
			files, err := src.Source.Files(in.s.ctx(), r.Name)
			if err != nil {
				return nil, err
			}
			f, err := source.Choose(files, source.Want{Project: r.NormalizedName(), Specifier: r.Specifier, Pre: in.pre || r.Specifier.NamesPrerelease(),
				Ranker: ranker, BestTag: e.Info.TagTarget().Best().String(), OnlyBinary: in.fm.OnlyBinary(r.Name), NoBinary: in.fm.NoBinary(r.Name)}, []string{src.Describe})
			if err != nil {
				return nil, err
			}
			chosen = append(chosen, f)
		}
		if in.o.DryRun {
			in.res.DryRun = &DryRun{Files: chosen}
		} else {
			paths, err := in.prep.Fetch(chosen, in.hashes)
			if err != nil {
				return nil, err
			}
			for i, f := range chosen {
				it := plan.Item{What: names[i].String()}
				if f.Kind == source.Wheel {
					it.Wheel = paths[i]
				} else {
					it.Project = paths[i]
				}
				items = append(items, it)
			}
		}
	}
	if in.o.DryRun {
		if in.res.DryRun == nil {
			in.res.DryRun = &DryRun{}
		}
		for _, it := range items {
			in.res.DryRun.Items = append(in.res.DryRun.Items, it.What)
		}
		return nil, nil
	}
	var reqs []install.Request
	for _, it := range items {
		if it.Wheel == "" {
			w, err := in.prep.Build(it, src.LocalDirs)
			if err != nil {
				return nil, err
			}
			it.Wheel = w
		}
		req, err := prepare.Request(it, it.Wheel, true)
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, req)
	}
	return reqs, nil
}

// resolved resolves the names, the user's own files and their
// dependencies against the environment, then prepares what the plan needs.
func (in *installRun) resolved(names, constraints []pep508.Requirement, items []plan.Item) ([]install.Request, error) {
	e, src, o := in.e, in.src, in.o
	findLinks := src.LocalDirs
	// The user's own projects are built first: the resolution needs their
	// metadata.
	for i := range items {
		if items[i].Wheel == "" {
			w, err := in.prep.Build(items[i], findLinks)
			if err != nil {
				return nil, err
			}
			items[i].Wheel = w
		}
	}
	// Every local wheel is validated before anything is resolved, built or
	// downloaded for it, and handed to the install as it is (not opened
	// twice).
	opened, err := prepare.OpenWheels(items)
	defer func() {
		for _, w := range opened {
			w.Close() // those not handed to the install
		}
	}()
	if err != nil {
		return nil, err
	}
	metas := map[string]*metadata.Metadata{} // wheel path -> METADATA
	var locals []plan.Local
	for i := range items {
		it := &items[i]
		m := opened[it.Wheel].Wheel.Metadata
		metas[it.Wheel] = m
		locals = append(locals, plan.Local{Wheel: it.Wheel, Name: m.Name, Version: m.Version, Requires: m.RequiresDist, RequiresPython: m.RequiresPython, Extras: it.Extras, Item: it})
	}
	db, err := e.DB()
	if err != nil {
		return nil, err
	}
	upgrade := map[string]bool{}
	if o.Upgrade {
		for _, r := range names {
			upgrade[r.NormalizedName()] = true
		}
	}
	for _, n := range o.UpgradePackages {
		upgrade[n] = true
	}
	src.Prefetch(names)
	p, err := plan.Make(in.s.ctx(), plan.Input{
		Roots: names, Locals: locals, Constraints: constraints, Source: src.Source, Fetcher: src.Fetcher,
		Info: e.Info, DB: db, Upgrade: upgrade, Reinstall: o.Reinstall, Pre: in.pre, Formats: in.fm, PreferBinary: in.prefer,
		Sdists: solver.SdistBuilderFunc(in.hashes.Guard(in.prep.Sdists(findLinks).SdistMetadata)),
	})
	if err != nil {
		return nil, src.Explain(err)
	}
	in.s.resolutionWarnings(p)
	if o.DryRun && o.Report == "" {
		in.res.DryRun = &DryRun{Changes: p.DryRun()}
		return nil, nil
	}
	// The files the plan takes from find-links folders, pages and indexes
	// are fetched (and checked: hashes, and a wheel against the PEP 658
	// metadata the resolution read) before anything is reported or
	// installed; each sdist is built once, for the report and the install
	// alike.
	if err := in.hashes.CheckPlan(planned(p)); err != nil {
		return nil, err
	}
	var remote []source.File
	for _, st := range p.Steps {
		if st.Local == nil {
			remote = append(remote, st.File)
		}
	}
	paths, err := in.prep.Fetch(remote, in.hashes)
	if err != nil {
		return nil, err
	}
	fetched := map[string]string{} // file location -> local file
	wheels := map[string]string{}  // file location -> wheel (built for an sdist)
	for i, f := range remote {
		loc := f.Location()
		fetched[loc] = paths[i]
		wheels[loc] = paths[i]
		if f.Kind == source.Sdist {
			w, err := in.prep.BuildOnce(plan.Item{Project: paths[i], What: f.Project + " " + f.Version.String()}, findLinks)
			if err != nil {
				return nil, err
			}
			wheels[loc] = w
		}
	}
	if o.Report != "" {
		data, err := in.report(p, names, metas, fetched, wheels)
		if err != nil {
			return nil, err
		}
		if o.Report == "-" {
			in.res.Report = data
		} else if err := os.WriteFile(in.s.Abs(o.Report), data, 0o666); err != nil {
			return nil, err
		}
	}
	if o.DryRun {
		in.res.DryRun = &DryRun{Changes: p.DryRun()}
		return nil, nil
	}
	var reqs []install.Request
	handedOver := func() {
		for _, r := range reqs {
			if r.Opened != nil {
				r.Opened.Close()
			}
		}
	}
	for _, st := range p.Steps {
		if st.Local != nil {
			req, err := prepare.Request(*st.Local.Item, st.Local.Wheel, true)
			if err != nil {
				handedOver()
				return nil, err
			}
			if w := opened[st.Local.Wheel]; w != nil {
				req.Opened = w
				delete(opened, st.Local.Wheel)
			}
			reqs = append(reqs, req)
			continue
		}
		reqs = append(reqs, install.Request{Path: wheels[st.File.Location()], Requested: st.Requested})
	}
	if len(reqs) == 0 {
		in.res.Satisfied = true
		return nil, nil
	}
	return reqs, nil
}

// report is pip's installation report for the plan. fetched holds the
// local copy of each file the plan takes from a source (by
// source.File.Location), wheels the wheel installed for it (built for an
// sdist); remote files are reported by their URL, as pip does.
func (in *installRun) report(p *plan.Plan, names []pep508.Requirement, metas map[string]*metadata.Metadata, fetched, wheels map[string]string) ([]byte, error) {
	var items []plan.ReportItem
	for _, st := range p.Steps {
		var ri plan.ReportItem
		wheelPath := ""
		if st.Local != nil {
			it := st.Local.Item
			wheelPath = st.Local.Wheel
			ri.Direct, ri.Requested = it.Direct, true
			ri.Extras = requestedExtras(names, st.Name, st.Local.Extras)
			src := it.Source()
			if st2, err := os.Stat(src); err == nil && st2.IsDir() {
				ri.URL, ri.Dir, ri.Editable = source.FileURL(src), src, it.Editable
			} else {
				sum, err := source.FileSHA256(src)
				if err != nil {
					return nil, err
				}
				ri.URL, ri.SHA256 = source.FileURL(src), sum
			}
		} else {
			loc := st.File.Location()
			path := fetched[loc]
			wheelPath = wheels[loc]
			if path == "" || wheelPath == "" {
				return nil, fmt.Errorf("%s: not fetched before the report (a bug in fwenv)", st.File.Filename)
			}
			sum := strings.ToLower(st.File.Hashes["sha256"]) // verified by the fetch
			if sum == "" {
				var err error
				if sum, err = source.FileSHA256(path); err != nil {
					return nil, err
				}
			}
			ri.SHA256, ri.Requested = sum, st.Requested
			if st.Requested {
				ri.Extras = requestedExtras(names, st.Name, nil)
			}
			if st.File.Local() {
				ri.URL = source.FileURL(st.File.Path)
			} else {
				ri.URL = st.File.URL
			}
		}
		m := metas[wheelPath]
		if m == nil {
			var err error
			if m, err = prepare.WheelMetadata(wheelPath); err != nil {
				return nil, err
			}
		}
		ri.Metadata = m
		items = append(items, ri)
	}
	data, err := plan.Report(items, in.e.Info.MarkerEnvironment(), in.s.Version)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
