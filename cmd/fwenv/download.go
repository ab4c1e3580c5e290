package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/fwenv/fwenv/archive/printable"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/bundle"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

func init() { register("download", (*app).downloadCmd) }

type downloadOptions struct {
	requirements []string
	dest         string
	src          sourceFlags
	python       string
	host         python.HostSpec
	formats      formatFlags
	pre          bool
	noDeps       bool
	lock         string
	build        buildFlags
}

func (a *app) downloadCmd() *cobra.Command {
	var o downloadOptions
	cmd := &cobra.Command{
		Use:   "download [-r FILE] [REQ...] -d DIR",
		Short: "Save every distribution a set of requirements needs into a folder (an offline bundle)",
		Long: `Resolve the requirements for a target and save every distribution file needed
into DIR — including the build requirements of every sdist (setuptools,
wheel, other backends, recursively), which pip download leaves out — and
write DIR/fwenv.lock, a manifest of what is there with sha256 hashes. The
folder is then a self-describing offline bundle:

  fwenv install -f DIR                     installs what the manifest lists
  fwenv install --no-index -f DIR -r FILE  installs FILE's requirements from it

The target is the selected environment's interpreter, else -p PYTHON, else
the default interpreter; or another host described by --python-version,
--platform, --implementation and --abi (then only wheels can be used).
Files already in DIR with the right hash are not fetched again.`,
		Example: `  fwenv freeze > requirements.txt
  fwenv download -r requirements.txt -d pkgs
  fwenv download -d wheels --python-version 3.12 --platform manylinux_2_28_x86_64 framework`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.download(args, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.requirements, "requirement", "r", nil, "download what a requirements file lists (repeatable)")
	f.StringVarP(&o.dest, "dest", "d", "", "the folder to save into (required)")
	f.StringVarP(&o.python, "python", "p", "", "resolve for this interpreter")
	f.StringVar(&o.host.PythonVersion, "python-version", "", "resolve for another host's Python version (3.12); wheels only")
	f.StringVar(&o.host.Platform, "platform", "", "resolve for another host's platform tag (manylinux_2_28_x86_64, macosx_11_0_arm64, ...); wheels only")
	f.StringVar(&o.host.Implementation, "implementation", "", "resolve for another host's implementation (cp, pp); wheels only")
	f.StringVar(&o.host.ABI, "abi", "", "resolve for another host's ABI tag (cp312); wheels only")
	f.BoolVar(&o.pre, "pre", false, "allow pre-releases and development releases")
	f.BoolVar(&o.noDeps, "no-deps", false, "save only what is named (and the build requirements of its sdists)")
	f.StringVar(&o.lock, "lock", "", "save what a lock file (fwenv.lock or pylock.toml) selects for the target, instead of resolving")
	o.src.add(cmd)
	o.formats.add(cmd)
	o.build.add(cmd)
	config.MarkPath(f, "requirement")
	config.MarkPath(f, "dest")
	return cmd
}

func (a *app) download(args []string, o downloadOptions) error {
	if o.dest == "" {
		return usageError{errors.New("download needs -d DIR: the folder to save into")}
	}
	dest := a.abs(o.dest)
	_, statErr := os.Lstat(dest)
	err := a.downloadInto(dest, args, o)
	if err != nil && errors.Is(statErr, fs.ErrNotExist) {
		os.Remove(dest) // the folder this command made, if it is still empty
	}
	return err
}

func (a *app) downloadInto(dest string, args []string, o downloadOptions) error {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return &cmdError{fmt.Sprintf("cannot make %s: %v", dest, err), "give a writable folder with -d"}
	}
	if o.lock != "" && (len(args) > 0 || len(o.requirements) > 0) {
		return usageError{errors.New("--lock takes no other requirements")}
	}
	// The target.
	var info *python.Info
	var err error
	switch {
	case o.python != "":
		info, err = a.findPython(o.python)
	default:
		if c, e := a.openEnv(); e == nil {
			info = c.info
		} else {
			info, err = a.findPython("")
		}
	}
	if err != nil {
		return err
	}
	host := !o.host.IsZero()
	if host {
		info, err = python.ForHost(info, o.host)
		if err != nil {
			return usageError{err}
		}
		o.formats.wheelsOnly = true // another machine's files cannot be built here
	}
	// The requirements.
	var files []*requirements.File
	var fileOpts []requirements.Options
	hashes := hashcheck.New(false)
	pre := o.pre
	for _, path := range o.requirements {
		rf, err := (&requirements.Reader{Getenv: a.getenv}).Read(a.abs(path))
		if err != nil {
			return err
		}
		files = append(files, rf)
		fileOpts = append(fileOpts, rf.Options)
		pre = pre || rf.Options.Pre
	}
	src, err := a.openSources(o.src, fileOpts...)
	if err != nil {
		return err
	}
	formats, prefer, err := o.formats.formats(fileOpts...)
	if err != nil {
		return err
	}
	w := wanted{}
	if err := a.gatherFiles(nil, files, info.MarkerEnvironment(), src, hashes, gatherRules{skipEditables: true}, &w); err != nil {
		return err
	}
	if err := a.gatherArgs(nil, args, src, gatherRules{}, &w); err != nil {
		return err
	}
	names, constraints, items, asked := w.names, w.constraints, w.items, w.asked
	if o.lock != "" {
		return a.downloadLock(a.abs(o.lock), dest, info, src, host, o)
	}
	if len(names) == 0 && len(items) == 0 {
		return usageError{errors.New("nothing to download: give requirements or -r FILE")}
	}
	if err := hashes.CheckItems(hashItems(items)); err != nil {
		return err
	}
	b := bundle.New(dest, a.cacheRoot())
	ctx := context.Background()
	prog := a.newProgress()
	defer prog.done()

	// Build requirements are resolved through the same sources and saved
	// into the bundle; the bundle folder is then the find-links folder the
	// builds use, so whatever a build needs is in it.
	var provide func(ctx context.Context, reqs []string) ([]string, error)
	var buildOpts build.Options
	provide = func(ctx context.Context, reqs []string) ([]string, error) {
		var roots []pep508.Requirement
		for _, s := range reqs {
			r, err := pep508.ParseRequirement(s)
			if err != nil {
				return nil, err
			}
			roots = append(roots, r)
		}
		p, err := plan.Make(ctx, plan.Input{Roots: roots, Source: src.src, Fetcher: src.fetcher, Info: info, DB: &site.DB{},
			SdistMetadata: func(f source.File) ([]string, string, error) { return a.bundleSdist(b, f.Path, buildOpts) }})
		if err != nil {
			// Not in the sources: the build falls back to the wheels fwenv
			// finds on this machine, which are copied into the bundle after.
			a.debugf("build requirements %s not resolved from %s: %v\n", strings.Join(reqs, ", "), src.describe, err)
			return nil, nil
		}
		// Build requirements are not hash-checked (as in pip): the
		// requirements files name what is installed, not how it is built.
		if err := a.saveSteps(b, src, p, hashcheck.New(false), prog, true); err != nil {
			return nil, err
		}
		return []string{dest}, nil
	}
	if !host {
		buildOpts, err = a.buildOptions(info, "", append([]string{dest}, src.localDirs...), o.build)
		if err != nil {
			return err
		}
		buildOpts.Provide = provide
	}
	// The user's own files.
	var locals []plan.Local
	for _, it := range items {
		path := it.wheel
		if it.project != "" {
			path = it.project
		}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return &cmdError{fmt.Sprintf("%s: a project folder is not downloaded", path), "build an sdist of it first (fwenv build --sdist -o DIR) and download that"}
		}
		var wheelPath string
		if it.wheel != "" {
			wheelPath = it.wheel
		} else {
			if host {
				return &cmdError{fmt.Sprintf("%s: an sdist cannot be used for another host", path), "give a wheel, or drop --python-version/--platform"}
			}
			w, err := a.bundleBuild(b, path, buildOpts)
			if err != nil {
				return err
			}
			wheelPath = w
		}
		w, err := wheel.Open(wheelPath, &wheel.Options{DeferContentCheck: true})
		if err != nil {
			return err
		}
		m := w.Metadata
		w.Close()
		srcInfo := fwlock.Source{FindLinks: "."}
		if it.url != "" {
			srcInfo = fwlock.Source{URL: it.url}
		}
		if err := b.Add(m.Name, m.Version, path, "", srcInfo, false, true); err != nil {
			return err
		}
		locals = append(locals, plan.Local{Wheel: wheelPath, Name: m.Name, Version: m.Version, Requires: m.RequiresDist, RequiresPython: m.RequiresPython})
	}
	src.prefetch(names)
	var sdistMeta func(source.File) ([]string, string, error)
	if !host {
		sdistMeta = hashes.Guard(func(f source.File) ([]string, string, error) { return a.bundleSdist(b, f.Path, buildOpts) })
	}
	p, err := plan.Make(ctx, plan.Input{Roots: names, Locals: locals, Constraints: constraints, Source: src.src, Fetcher: src.fetcher,
		Info: info, DB: &site.DB{}, Pre: pre, Formats: formats, PreferBinary: prefer, NoDeps: o.noDeps, SdistMetadata: sdistMeta})
	if err != nil {
		return err
	}
	if err := hashes.CheckPlan(planned(p)); err != nil {
		return err
	}
	if err := a.saveSteps(b, src, p, hashes, prog, false); err != nil {
		return err
	}
	// Every sdist in the bundle is built once with the bundle as its only
	// source of build requirements, so what it needs is saved too.
	if !host {
		for _, sd := range b.Sdists() {
			if _, err := a.bundleBuild(b, sd, buildOpts); err != nil {
				return err
			}
		}
	}
	deps := dependencies(p)
	lock := b.Lock("fwenv "+version, bundleTarget(info, host), asked, deps)
	if err := lock.Save(filepath.Join(dest, fwlock.FileName)); err != nil {
		return err
	}
	prog.done()
	nFiles, nBuild := 0, 0
	for _, pkg := range lock.Packages {
		nFiles += len(pkg.Artifacts)
		if pkg.BuildOnly {
			nBuild++
		}
	}
	a.logf("saved %d files for %d packages (%d only to build sdists) into %s; manifest %s\n", nFiles, len(lock.Packages), nBuild, dest, filepath.Join(dest, fwlock.FileName))
	return nil
}

// saveSteps fetches the plan's files and saves them into the bundle.
func (a *app) saveSteps(b *bundle.Bundle, src *sourceSet, p *plan.Plan, hashes *hashcheck.Policy, prog *progress, buildOnly bool) error {
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
			if have, err := cache.HashFile(filepath.Join(b.Dir(), f.Filename)); err == nil && have == sum {
				f.Path = filepath.Join(b.Dir(), f.Filename)
			}
		}
		want = append(want, f)
	}
	prog.add(len(want))
	paths, err := a.fetchFiles(src, want, hashes)
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
		if err := b.Add(name, version, paths[i], want[i].Hashes["sha256"], bundle.Source(orig[i], b.Dir()), buildOnly, requested); err != nil {
			return err
		}
		prog.step(f.Filename)
	}
	return nil
}

// bundleSdist reads an sdist's dependencies by building it (saving what the
// build needs into the bundle).
func (a *app) bundleSdist(b *bundle.Bundle, path string, o build.Options) ([]string, string, error) {
	w, err := a.bundleBuild(b, path, o)
	if err != nil {
		return nil, "", err
	}
	whl, err := wheel.Open(w, &wheel.Options{DeferContentCheck: true})
	if err != nil {
		return nil, "", err
	}
	defer whl.Close()
	return whl.Metadata.RequiresDist, whl.Metadata.RequiresPython, nil
}

// bundleBuild builds an sdist's wheel and saves every wheel its build
// environment used into the bundle, as build-only packages.
func (a *app) bundleBuild(b *bundle.Bundle, path string, o build.Options) (string, error) {
	done, err := b.Building(path)
	if err != nil {
		return "", err
	}
	defer done()
	tmp, err := os.MkdirTemp("", "fwenv-download-")
	if err != nil {
		return "", err
	}
	a.cleanups = append(a.cleanups, func() { os.RemoveAll(tmp) })
	a.debugf("building %s to read its metadata and its build requirements\n", filepath.Base(path))
	r, err := build.BuildWheelFromSdist(context.Background(), path, tmp, o)
	if err != nil {
		return "", err
	}
	for _, req := range r.Requirements {
		w, err := wheelname.ParseWheel(filepath.Base(req.Path))
		if err != nil {
			return "", err
		}
		if err := b.Add(w.Name, w.Version, req.Path, "", fwlock.Source{FindLinks: "."}, true, false); err != nil {
			return "", err
		}
		if req.Origin != build.FromFindLinks {
			a.logf("build requirement %s for %s saved from the %s fallback: %s\n", req.Requirement, filepath.Base(path), req.Origin, req.Path)
		}
	}
	return r.Path, nil
}

// progress is a one-line counter on a terminal, nothing otherwise.
type progress struct {
	a     *app
	on    bool
	mu    sync.Mutex
	total int
	n     int
}

func (a *app) newProgress() *progress {
	on := false
	if f, ok := a.stderr.(*os.File); ok && !a.quiet {
		on = term.IsTerminal(int(f.Fd()))
	}
	return &progress{a: a, on: on}
}

func (p *progress) add(n int) {
	p.mu.Lock()
	p.total += n
	p.mu.Unlock()
}

func (p *progress) step(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.on {
		fmt.Fprintf(p.a.stderr, "\r\033[K[%d/%d] %s", p.n, p.total, printable.Escape(name)) // a file name an index chose
	}
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.on && p.n > 0 {
		fmt.Fprint(p.a.stderr, "\r\033[K")
		p.on = false
	}
}

// downloadLock makes a bundle of what a lock selects for the target: each
// package's file (checked against the lock's sha256) and the build
// requirements of the sdists.
func (a *app) downloadLock(path, dest string, info *python.Info, src *sourceSet, host bool, o downloadOptions) error {
	items, warnings, err := lockset.Read(path, lockTarget(info), nil, nil)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		a.logf("warning: %s: %s\n", path, w)
	}
	b := bundle.New(dest, a.cacheRoot())
	var buildOpts build.Options
	if !host {
		if buildOpts, err = a.buildOptions(info, "", append([]string{dest}, src.localDirs...), o.build); err != nil {
			return err
		}
	}
	// Refused before any file is copied into the folder.
	for _, l := range items {
		if l.Dir != "" {
			return &cmdError{fmt.Sprintf("%s: package %s is a project folder (%s), which a bundle cannot hold", path, l.Name, l.Dir), "build an sdist of it (fwenv build --sdist), lock that, and download again"}
		}
		if l.VCS != "" {
			return &cmdError{fmt.Sprintf("%s: package %s comes from git (%s), which a bundle cannot hold", path, l.Name, l.VCS), "build an sdist of a checkout of that commit (fwenv build --sdist), lock that, and download again"}
		}
	}
	var asked []string
	for _, l := range items {
		p, err := a.locate(l, src.localDirs, src, src.offline)
		if err != nil {
			return err
		}
		if l.Sdist && host {
			return &cmdError{fmt.Sprintf("package %s: only an sdist, which cannot be used for another host", l.Name), "lock with wheels for that host"}
		}
		if err := b.Add(l.Name, l.Version, p, l.SHA256, l.Origin, l.BuildOnly, l.Requested && !l.BuildOnly); err != nil {
			return err
		}
		if l.Requested {
			asked = append(asked, l.Name+"=="+l.Version)
		}
	}
	if !host {
		for _, sd := range b.Sdists() {
			if _, err := a.bundleBuild(b, sd, buildOpts); err != nil {
				return err
			}
		}
	}
	lock := b.Lock("fwenv "+version, bundleTarget(info, false), asked, nil)
	if err := lock.Save(filepath.Join(dest, fwlock.FileName)); err != nil {
		return err
	}
	a.logf("saved %d packages of %s into %s; manifest %s\n", len(lock.Packages), path, dest, filepath.Join(dest, fwlock.FileName))
	return nil
}

// bundleTarget is the interpreter a bundle is made for, as its manifest
// records it; for another host (host), with the one tag it was made for.
func bundleTarget(info *python.Info, host bool) fwlock.Target {
	t := fwlock.Target{Python: info.Version(), Implementation: info.Implementation, Platform: strings.ReplaceAll(info.Platform, "-", "_"), Markers: info.Markers}
	if host {
		t.Tags = []string{info.TagTarget().Best().String()}
	}
	return t
}
