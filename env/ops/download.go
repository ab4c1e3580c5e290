package ops

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/prepare"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/bundle"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/solver"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// DownloadOptions are what `fwenv download` was asked.
type DownloadOptions struct {
	Env          EnvSelector
	Args         []string
	Requirements []string
	Dest         string
	Sources      set.Config
	// Python is -p; Host another machine's interpreter (wheels, and
	// pure-Python sdists whose dependencies are static metadata).
	Python  string
	Host    python.HostSpec
	Formats Formats
	Pre     bool
	NoDeps  bool
	// Lock saves what a lock file selects instead of resolving.
	Lock  string
	Build BuildChoices
}

// DownloadResult is what a download saved.
type DownloadResult struct {
	Dest, Manifest string
	// Files, Packages and BuildOnly count the manifest's entries.
	Files, Packages, BuildOnly int
	// FromLock is the lock file saved from, when --lock.
	FromLock string
}

// Download saves every distribution a set of requirements needs into a
// folder, with the manifest that makes it an offline bundle. A folder the
// command made is removed again when it fails while still empty.
func (s *Session) Download(o DownloadOptions) (*DownloadResult, error) {
	if o.Dest == "" {
		return nil, UsageError{errors.New("download needs -d DIR: the folder to save into")}
	}
	dest := s.Abs(o.Dest)
	_, statErr := os.Lstat(dest)
	res, err := s.downloadInto(dest, o)
	if err != nil && errors.Is(statErr, fs.ErrNotExist) {
		os.Remove(dest) // the folder this command made, if it is still empty
	}
	return res, err
}

// bundleRun is one download's state.
type bundleRun struct {
	s    *Session
	b    *bundle.Bundle
	src  *set.Set
	prep *prepare.Preparer
	e    *Env
	host bool
}

func (s *Session) downloadInto(dest string, o DownloadOptions) (*DownloadResult, error) {
	if err := os.MkdirAll(dest, 0o777); err != nil { // less the umask, as mkdir
		return nil, errorf("give a writable folder with -d", fmt.Sprintf("cannot make %s: %v", dest, err))
	}
	if o.Lock != "" && (len(o.Args) > 0 || len(o.Requirements) > 0) {
		return nil, UsageError{errors.New("--lock takes no other requirements")}
	}
	e, err := s.Interpreter(o.Python, o.Env)
	if err != nil {
		return nil, err
	}
	host := !o.Host.IsZero()
	local := e // this machine's interpreter: what builds run with
	if host {
		info, err := python.ForHost(e.Info, o.Host)
		if err != nil {
			return nil, UsageError{err}
		}
		e = &Env{Info: info}
		// Another machine's files are wheels, or sdists whose metadata is
		// static (PEP 643), checked by sdistMetadata.
		o.Formats.OtherTarget = true
	}
	files, fileOpts, pre, err := s.readFiles(o.Requirements, o.Pre)
	if err != nil {
		return nil, err
	}
	src, err := s.openSources(o.Sources, fileOpts...)
	if err != nil {
		return nil, err
	}
	formats, prefer, err := o.Formats.resolve(fileOpts...)
	if err != nil {
		return nil, err
	}
	hashes := hashcheck.New(false)
	g := &gatherer{s: s, src: src, rules: gatherRules{skipEditables: true}}
	w := wanted{}
	if err := g.files(files, e.Info.MarkerEnvironment(), hashes, &w); err != nil {
		return nil, err
	}
	g.rules = gatherRules{}
	if err := g.args(o.Args, &w); err != nil {
		return nil, err
	}
	r := &bundleRun{s: s, b: bundle.New(dest, s.Cache()), src: src, e: e, host: host}
	// Build requirements are resolved through the same sources (for the
	// bundle's target) and saved into the bundle; the bundle folder is then
	// the find-links folder the builds use, so whatever a build needs is in
	// it. Builds run with this machine's interpreter, also for another
	// machine's bundle (whose sdists are pure Python).
	if r.prep, err = s.preparer(&Env{Info: local.Info}, o.Build, prepare.Options{Fetcher: src.Fetcher, Offline: src.Offline, Provide: r.provide}); err != nil {
		return nil, err
	}
	if o.Lock != "" {
		return r.fromLock(s.Abs(o.Lock), dest)
	}
	if len(w.names) == 0 && len(w.items) == 0 {
		return nil, UsageError{errors.New("nothing to download: give requirements or -r FILE")}
	}
	if err := hashes.CheckItems(hashItems(w.items)); err != nil {
		return nil, err
	}
	// The user's own files.
	var locals []plan.Local
	for _, it := range w.items {
		path := it.Source()
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return nil, errorf("build an sdist of it first (fwenv build --sdist -o DIR) and download that", fmt.Sprintf("%s: a project folder is not downloaded", path))
		}
		wheelPath := it.Wheel
		if wheelPath == "" {
			if host {
				// As for the sdists the resolution finds: static metadata,
				// and a pure-Python wheel.
				if _, _, why, err := prepare.StaticRequires(path); err != nil {
					return nil, err
				} else if why != "" {
					return nil, notStatic(path, why)
				}
			}
			if wheelPath, err = r.build(path); err != nil {
				return nil, err
			}
			if host {
				if err := pureWheel(path, wheelPath); err != nil {
					return nil, err
				}
			}
		}
		m, err := prepare.WheelMetadata(wheelPath)
		if err != nil {
			return nil, err
		}
		srcInfo := lock.Source{FindLinks: "."}
		if it.URL != "" {
			srcInfo = lock.Source{Archive: &lock.Archive{URL: it.URL}}
		}
		if err := r.b.Add(m.Name, m.Version, path, "", srcInfo, false, true); err != nil {
			return nil, err
		}
		locals = append(locals, plan.Local{Wheel: wheelPath, Name: m.Name, Version: m.Version, Requires: m.RequiresDist, RequiresPython: m.RequiresPython, Extras: it.Extras})
	}
	src.Prefetch(w.names)
	sdistMeta := solver.SdistBuilderFunc(hashes.Guard(r.sdistMetadata))
	p, err := plan.Make(s.ctx(), plan.Input{Roots: w.names, Locals: locals, Constraints: w.constraints, Source: src.Source, Fetcher: src.Fetcher,
		Info: e.Info, DB: site.Nothing(), Pre: pre, Formats: formats, PreferBinary: prefer, NoDeps: o.NoDeps, Sdists: sdistMeta})
	if err != nil {
		return nil, src.Explain(err)
	}
	s.resolutionWarnings(p)
	if err := hashes.CheckPlan(planned(p)); err != nil {
		return nil, err
	}
	if err := r.save(p, hashes, false); err != nil {
		return nil, err
	}
	// Every sdist in the bundle is built once with the bundle as its only
	// source of build requirements, so what it needs is saved too; for
	// another machine, the wheel built must be pure Python.
	for _, sd := range r.b.Sdists() {
		w, err := r.build(sd)
		if err != nil {
			return nil, err
		}
		if host {
			if err := pureWheel(sd, w); err != nil {
				return nil, err
			}
		}
	}
	lk := r.b.Lock("fwenv "+s.Version, bundleTarget(e.Info, host), w.asked, dependencies(p))
	manifest := filepath.Join(dest, lock.Fwenv.FileName())
	if err := lockset.Save(lk, manifest, lock.Fwenv); err != nil {
		return nil, err
	}
	res := &DownloadResult{Dest: dest, Manifest: manifest, Packages: len(lk.Packages)}
	for _, pkg := range lk.Packages {
		res.Files += len(pkg.Artifacts)
		if pkg.BuildOnly {
			res.BuildOnly++
		}
	}
	return res, nil
}

// provide resolves build requirements through the command's sources and
// saves them into the bundle (build.Options.Provide): the bundle folder is
// then where the build finds them.
func (r *bundleRun) provide(ctx context.Context, reqs []string) ([]string, error) {
	var roots []pep508.Requirement
	for _, s := range reqs {
		req, err := pep508.ParseRequirement(s)
		if err != nil {
			return nil, err
		}
		roots = append(roots, req)
	}
	p, err := plan.Make(ctx, plan.Input{Roots: roots, Source: r.src.Source, Fetcher: r.src.Fetcher, Info: r.e.Info, DB: site.Nothing(),
		Sdists: solver.SdistBuilderFunc(r.sdistMetadata)})
	if err != nil {
		// Not in the sources: the build falls back to the wheels fwenv
		// finds on this machine, which are copied into the bundle after.
		r.s.debugf("build requirements %s not resolved from %s: %v", strings.Join(reqs, ", "), r.src.Describe, err)
		return nil, nil
	}
	// Build requirements are not hash-checked (as in pip): the
	// requirements files name what is installed, not how it is built.
	if err := r.save(p, hashcheck.New(false), true); err != nil {
		return nil, err
	}
	return []string{r.b.Dir()}, nil
}

// save fetches the plan's files and saves them into the bundle.
func (r *bundleRun) save(p *plan.Plan, hashes *hashcheck.Policy, buildOnly bool) error {
	var want, orig []source.File
	for _, st := range p.Steps {
		if st.Local != nil {
			continue
		}
		f := st.File
		orig = append(orig, f)
		// A file already in the bundle with the announced hash is not
		// fetched again.
		if sum := f.Hashes["sha256"]; sum != "" && !f.Local() {
			if have, err := source.FileSHA256(filepath.Join(r.b.Dir(), f.Filename)); err == nil && have == sum {
				f.Path = filepath.Join(r.b.Dir(), f.Filename)
			}
		}
		want = append(want, f)
	}
	paths, err := r.prep.Fetch(want, hashes)
	if err != nil {
		return err
	}
	for i, f := range want {
		// The name as the file spells it (the metadata's spelling, for
		// files made by current tools), the version as resolved.
		name, version := f.Project, f.Version.String()
		if w, err := wheelname.ParseWheel(f.Filename); err == nil {
			name = w.Name
		} else if s, err := wheelname.ParseSdist(f.Filename); err == nil {
			name = s.Name
		}
		requested := false
		for _, pkg := range p.Resolution.Packages {
			if pkg.Name == wheelname.Normalize(name) && pkg.Requested && !buildOnly {
				requested = true
			}
		}
		// The fetcher checked the announced sha256 (or the bundle's copy
		// was checked against it above).
		if err := r.b.Add(name, version, paths[i], want[i].Hashes["sha256"], bundle.Source(orig[i], r.b.Dir()), buildOnly, requested); err != nil {
			return err
		}
	}
	return nil
}

// sdistMetadata reads an sdist's dependencies: from its PKG-INFO when they
// are static (PEP 643), else by building it (saving what the build needs
// into the bundle). For another machine's interpreter an sdist is used only
// when they are static: its build here would say nothing of the target.
func (r *bundleRun) sdistMetadata(f source.File) ([]string, string, error) {
	requires, requiresPython, why, err := prepare.StaticRequires(f.Path)
	if err == nil && why == "" {
		return requires, requiresPython, nil
	}
	if r.host {
		if err != nil {
			return nil, "", err
		}
		return nil, "", notStatic(f.Filename, why)
	}
	w, err := r.build(f.Path)
	if err != nil {
		return nil, "", err
	}
	return prepare.WheelRequires(w)
}

// notStatic refuses an sdist for another machine's interpreter whose
// dependencies are known only by building it (why says so).
func notStatic(sdist, why string) error {
	return errorf("give a wheel that fits that interpreter (-f DIR), or download for this machine (without --platform, --python-version, --implementation, --abi)",
		fmt.Sprintf("%s: an sdist is used for another machine's interpreter only when its dependencies are static metadata (PEP 643), and %s", filepath.Base(sdist), why))
}

// pureWheel refuses the wheel built from sdist for another machine's bundle
// unless it is pure Python (py3-none-any): one built for this machine's
// interpreter says nothing of the target's.
func pureWheel(sdist, wheelPath string) error {
	w, err := wheelname.ParseWheel(filepath.Base(wheelPath))
	if err != nil {
		return err
	}
	for _, t := range w.Tags() {
		if t.ABI != "none" || t.Platform != "any" {
			return errorf("give a wheel built for that interpreter (-f DIR), or download for this machine (without --platform, --python-version, --implementation, --abi)",
				fmt.Sprintf("%s: its wheel is not pure Python (%s), so the sdist cannot be used for another machine's interpreter", filepath.Base(sdist), filepath.Base(wheelPath)))
		}
	}
	return nil
}

// build builds an sdist's wheel and saves every wheel its build
// environment used into the bundle, as build-only packages.
func (r *bundleRun) build(path string) (string, error) {
	done, err := r.b.Building(path)
	if err != nil {
		return "", err
	}
	defer done()
	tmp, err := r.s.TempDir("", "fwenv-download-")
	if err != nil {
		return "", err
	}
	r.s.debugf("building %s to read its metadata and its build requirements", filepath.Base(path))
	defer r.s.building(filepath.Base(path))()
	res, err := build.BuildWheelFromSdist(r.s.ctx(), path, tmp, r.prep.BuildOptions(append([]string{r.b.Dir()}, r.src.LocalDirs...)))
	if err != nil {
		return "", err
	}
	r.prep.ReportLegacy(res)
	for _, req := range res.Requirements {
		w, err := wheelname.ParseWheel(filepath.Base(req.Path))
		if err != nil {
			return "", err
		}
		if err := r.b.Add(w.Name, w.Version, req.Path, "", lock.Source{FindLinks: "."}, true, false); err != nil {
			return "", err
		}
		for _, sk := range req.Skipped {
			if r.prep.FirstFallback(sk, "skipped") {
				r.s.infof("skipped %s; saved %s instead", sk, req)
			}
		}
		if req.Origin != build.FromFindLinks {
			if r.prep.FirstFallback(req.Requirement, string(req.Origin)) {
				r.s.infof("build requirement %s saved from the %s fallback (%s)", req.Requirement, req.Origin, filepath.Base(req.Path))
			}
			r.s.debugf("build requirement %s for %s saved from the %s fallback: %s", req.Requirement, filepath.Base(path), req.Origin, req.Path)
		}
	}
	return res.Path, nil
}

// fromLock makes a bundle of what a lock selects for the target: each
// package's file (checked against the lock's sha256) and the build
// requirements of the sdists.
func (r *bundleRun) fromLock(path, dest string) (*DownloadResult, error) {
	items, warnings, err := lockset.Read(path, lockTarget(r.e.Info), nil, nil)
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		r.s.warnf("%s: %s", path, w)
	}
	// Refused before any file is copied into the folder.
	for _, l := range items {
		if l.Dir != "" {
			return nil, errorf("build an sdist of it (fwenv build --sdist), lock that, and download again", fmt.Sprintf("%s: package %s is a project folder (%s), which a bundle cannot hold", path, l.Name, l.Dir))
		}
		if l.VCS != "" {
			return nil, errorf("build an sdist of a checkout of that commit (fwenv build --sdist), lock that, and download again", fmt.Sprintf("%s: package %s comes from git (%s), which a bundle cannot hold", path, l.Name, l.VCS))
		}
	}
	var asked []string
	for _, l := range items {
		p, err := locateEntry(l, r.src.LocalDirs, r.src, r.src.Offline)
		if err != nil {
			return nil, err
		}
		if l.Sdist && r.host {
			return nil, errorf("lock with wheels for that host", fmt.Sprintf("package %s: only an sdist, which cannot be used for another host", l.Name))
		}
		if err := r.b.Add(l.Name, l.Version, p, l.SHA256, l.Origin, l.BuildOnly, l.Requested && !l.BuildOnly); err != nil {
			return nil, err
		}
		if l.Requested {
			asked = append(asked, l.Name+"=="+l.Version)
		}
	}
	if !r.host {
		for _, sd := range r.b.Sdists() {
			if _, err := r.build(sd); err != nil {
				return nil, err
			}
		}
	}
	lk := r.b.Lock("fwenv "+r.s.Version, bundleTarget(r.e.Info, false), asked, nil)
	manifest := filepath.Join(dest, lock.Fwenv.FileName())
	if err := lockset.Save(lk, manifest, lock.Fwenv); err != nil {
		return nil, err
	}
	return &DownloadResult{Dest: dest, Manifest: manifest, Packages: len(lk.Packages), FromLock: path}, nil
}

// bundleTarget is the interpreter a bundle is made for, as its manifest
// records it; for another host (host), with the one tag it was made for.
func bundleTarget(info *python.Info, host bool) lock.Target {
	t := lockTargetOf(info)
	if host {
		t.Tags = []string{info.TagTarget().Best().String()}
	}
	return t
}

// lockTargetOf is the interpreter as a lock file records it.
func lockTargetOf(info *python.Info) lock.Target {
	return lock.Target{Python: info.Version(), Implementation: info.Implementation, Platform: strings.ReplaceAll(info.Platform, "-", "_"), Markers: info.Markers}
}

// dependencies inverts the resolution's reasons: project -> what it
// requires.
func dependencies(p *plan.Plan) map[string][]string {
	deps := map[string][]string{}
	for _, pkg := range p.Resolution.Packages {
		for _, why := range pkg.Why {
			if why.ByProject != "" {
				deps[why.ByProject] = append(deps[why.ByProject], pkg.Name)
			}
		}
	}
	for k, v := range deps {
		deps[k] = slices.Compact(slices.Sorted(slices.Values(v)))
	}
	return deps
}
