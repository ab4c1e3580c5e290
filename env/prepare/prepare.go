package prepare

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/sdist"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/solver"
	"github.com/fwenv/fwenv/resolver/source"
)

// EventKind says what an Event reports.
type EventKind int

const (
	Building       EventKind = iota // a build starts, maybe served by the built-file cache (Name the item)
	Built                           // a build returned, built or failed (Name as in Building)
	BuildFallback                   // a build requirement came from a fallback pool
	BuildReused                     // a build was not run: the last result still holds
	BuildWaiting                    // a backend runs long, or another fwenv makes the same build environment
	CheckingOut                     // a git checkout starts
	CheckedOut                      // a checkout is done (details)
	CheckoutReused                  // an editable checkout was reused and moved to the revision
	Fetched                         // a file of a Fetch call is ready (Done of Total, Name)
	Note                            // a detail worth showing with --verbose
	Waiting                         // a wait someone else causes (git, the network)
	BuildRunning                    // a build's backend really runs (Message says what, Name the item): not for a cached wheel
)

// Event is one report of the preparing stage.
type Event struct {
	Kind        EventKind
	Message     string
	Name        string
	Done, Total int
}

// Build are the build choices of a command.
type Build struct {
	NoIsolation    bool
	ConfigSettings map[string][]string
	NoCache        bool
}

// Options are what a Preparer works with.
type Options struct {
	// Context, when set, stops the builds, fetches and checkouts under way
	// when it is cancelled (the command was interrupted).
	Context context.Context
	// Interp is the interpreter wheels are built for; EnvDir its
	// environment ("" for an interpreter alone: builds without isolation
	// then use the interpreter itself).
	Interp *python.Info
	EnvDir string
	// CacheDir is the cache folder ("" for none).
	CacheDir string
	// Fetcher gets files the plan takes from sources.
	Fetcher source.Fetcher
	// Offline: git checkouts use the cache's mirror alone.
	Offline bool
	Build   Build
	// Interpreters lists discovered interpreters, whose ensurepip bundles
	// serve build requirements (build.Options.Interpreters).
	Interpreters func() []*python.Info
	// Populate fills build environments (the install engine).
	Populate build.Populate
	// Provide, when set, is asked for build requirements first
	// (build.Options.Provide).
	Provide func(ctx context.Context, requirements []string) ([]string, error)
	// BuildLog receives the backends' output as they print it; may be nil.
	BuildLog io.Writer
	// TempDir makes a temporary folder removed when the command ends.
	TempDir func(parent, pattern string) (string, error)
	// Events receives reports; may be nil.
	Events func(Event)
}

// Preparer fetches and builds for one command.
type Preparer struct {
	o      Options
	mu     sync.Mutex
	wheels map[string]string // sdist sha256 -> built wheel

	fallbackMu sync.Mutex
	fallbacks  map[string]bool // requirement + origin already reported
}

// New makes a Preparer.
func New(o Options) *Preparer { return &Preparer{o: o} }

// ctx is Options.Context, or Background when none was given.
func (p *Preparer) ctx() context.Context {
	if p.o.Context != nil {
		return p.o.Context
	}
	return context.Background()
}

func (p *Preparer) emit(e Event) {
	if p.o.Events != nil {
		p.o.Events(e)
	}
}

// BuildOptions are the build.Options for builds whose requirements come from
// findLinks first.
func (p *Preparer) BuildOptions(findLinks []string) build.Options {
	settings := p.o.Build.ConfigSettings
	if len(settings) == 0 {
		settings = nil
	}
	return build.Options{
		Interp:         p.o.Interp,
		Env:            p.o.EnvDir,
		CacheDir:       p.o.CacheDir,
		FindLinks:      findLinks,
		Interpreters:   p.o.Interpreters,
		ConfigSettings: settings,
		NoIsolation:    p.o.Build.NoIsolation,
		NoCache:        p.o.Build.NoCache,
		Verbose:        p.o.BuildLog,
		Events:         p.buildEvent,
		Populate:       p.o.Populate,
		Provide:        p.o.Provide,
	}
}

// buildEvent says what a build waits for: a backend that runs for more
// than a second (it has no time limit), another fwenv making the same build
// environment.
func (p *Preparer) buildEvent(e build.Event) {
	switch e.Kind {
	case build.HookRunning:
		p.emit(Event{Kind: BuildWaiting, Message: fmt.Sprintf("waiting for the build backend of %s (%s, %s)…", filepath.Base(e.Project), e.Backend, build.HookLabel(e.Hook))})
	case build.Waiting:
		p.emit(Event{Kind: BuildWaiting, Message: fmt.Sprintf("waiting for another fwenv making the same build environment (%s)…", e.Dir)})
	}
}

// Report says which fallback served which build requirement, and whether
// the build was reused (also for builds the caller ran, fwenv build). A
// requirement served by one fallback is said once per command (the wheel's
// file name); each build's line, with the full path, is a Note (-v).
func (p *Preparer) Report(r *build.Result) {
	// A wheel given with -f that cannot work on the target (Debian's
	// patched setuptools, say) was passed over: said once per command.
	for _, w := range r.Requirements {
		for _, sk := range w.Skipped {
			if p.FirstFallback(sk, "skipped") {
				p.emit(Event{Kind: BuildFallback, Message: fmt.Sprintf("skipped %s; using %s", sk, w)})
			}
		}
	}
	p.ReportLegacy(r)
	for _, f := range r.Fallbacks() {
		if p.FirstFallback(f.Requirement, string(f.Origin)) {
			p.emit(Event{Kind: BuildFallback, Message: fmt.Sprintf("build requirement %s taken from the %s fallback (%s)", f.Requirement, f.Origin, filepath.Base(f.Path))})
		}
		p.emit(Event{Kind: Note, Message: fmt.Sprintf("build requirement %s for %s taken from the %s fallback: %s", f.Requirement, filepath.Base(r.Project), f.Origin, f.Path)})
	}
	if r.Cached {
		p.emit(Event{Kind: BuildReused, Message: fmt.Sprintf("%s: unchanged since the last build, reused %s", r.Project, filepath.Base(r.Path))})
	}
}

// ReportLegacy says, once per command, that a build took the legacy
// setup.py path (build.Result.Legacy); a wheel the built-file cache served
// is no build.
func (p *Preparer) ReportLegacy(r *build.Result) {
	if r.Legacy != "" && !r.Cached && p.FirstFallback("legacy setup.py path", "") {
		p.emit(Event{Kind: BuildFallback, Message: r.LegacyNote()})
	}
}

// FirstFallback says whether this is the command's first report of a
// build requirement served by the fallback origin: callers say it once.
func (p *Preparer) FirstFallback(requirement, origin string) bool {
	p.fallbackMu.Lock()
	defer p.fallbackMu.Unlock()
	key := requirement + "\x00" + origin
	if p.fallbacks[key] {
		return false
	}
	if p.fallbacks == nil {
		p.fallbacks = map[string]bool{}
	}
	p.fallbacks[key] = true
	return true
}

// Build turns an item's project folder or sdist into a wheel.
func (p *Preparer) Build(it plan.Item, findLinks []string) (string, error) {
	opts := p.BuildOptions(findLinks)
	tmp, err := p.o.TempDir("", "fwenv-build-")
	if err != nil {
		return "", err
	}
	out := filepath.Join(tmp, "out")
	var r *build.Result
	msg := "building " + it.What
	if it.Editable {
		msg += " in place (editable)"
	}
	// "building X" is said when a backend's first hook starts: a wheel the
	// built-file cache serves is not a build (-v says it was reused).
	var said sync.Once
	opts.Events = func(e build.Event) {
		if e.Kind == build.HookStart {
			said.Do(func() { p.emit(Event{Kind: BuildRunning, Message: msg, Name: it.What}) })
		}
		p.buildEvent(e)
	}
	p.emit(Event{Kind: Building, Name: it.What})
	switch st, serr := os.Stat(it.Project); {
	case serr == nil && !st.IsDir():
		// An sdist: unpacked safely (archive/sdist) and built; the built
		// wheel is cached by the sdist's sha256.
		r, err = build.BuildWheelFromSdist(p.ctx(), it.Project, out, opts)
	case it.Editable:
		r, err = build.BuildEditable(p.ctx(), it.Project, out, opts)
	default:
		r, err = build.BuildWheel(p.ctx(), it.Project, out, opts)
	}
	p.emit(Event{Kind: Built, Name: it.What})
	if err != nil {
		return "", err
	}
	p.Report(r)
	return r.Path, nil
}

// BuildOnce builds an sdist once per command, by its sha256: the
// resolution's metadata build, the report and the install share the wheel
// (with --no-cache there is no wheel cache to share it otherwise).
func (p *Preparer) BuildOnce(it plan.Item, findLinks []string) (string, error) {
	sum, err := source.FileSHA256(it.Project)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if w, ok := p.wheels[sum]; ok {
		return w, nil
	}
	w, err := p.Build(it, findLinks)
	if err != nil {
		return "", err
	}
	if p.wheels == nil {
		p.wheels = map[string]string{}
	}
	p.wheels[sum] = w
	return w, nil
}

// Sdists reads an sdist's dependencies: from its PKG-INFO when PEP 643
// makes them static (StaticRequires), else by building its wheel (once per
// command, cached by the sdist) and reading the wheel's METADATA, with
// build requirements from findLinks first: what the resolution asks for a
// project that has only sdists.
func (p *Preparer) Sdists(findLinks []string) solver.SdistBuilder {
	return sdists{p, findLinks}
}

type sdists struct {
	p         *Preparer
	findLinks []string
}

func (s sdists) SdistMetadata(f source.File) ([]string, string, error) {
	if requires, requiresPython, why, err := StaticRequires(f.Path); err == nil && why == "" {
		s.p.emit(Event{Kind: Note, Message: f.Filename + ": dependencies read from its PKG-INFO (static metadata, PEP 643), not built", Name: f.Filename})
		return requires, requiresPython, nil
	}
	// An sdist that cannot be opened fails in the build as it always did.
	w, err := s.p.BuildOnce(plan.Item{Project: f.Path, What: f.Filename}, s.findLinks)
	if err != nil {
		return nil, "", err
	}
	return WheelRequires(w)
}

// StaticRequires reads the sdist at path's Requires-Dist and
// Requires-Python from its PKG-INFO when PEP 643 makes them static
// (Metadata-Version 2.2 or later, neither field marked Dynamic): what a
// build would give, without one. Otherwise why says what is missing; err is
// an sdist that cannot be opened.
func StaticRequires(path string) (requires []string, requiresPython, why string, err error) {
	sd, err := sdist.Open(path, nil)
	if err != nil {
		return nil, "", "", err
	}
	defer sd.Close()
	md, why := sd.StaticMetadata()
	if md == nil {
		return nil, "", why, nil
	}
	return md.RequiresDist, md.RequiresPython, "", nil
}

// WheelRequires reads a wheel's Requires-Dist and Requires-Python.
func WheelRequires(path string) ([]string, string, error) {
	m, err := WheelMetadata(path)
	if err != nil {
		return nil, "", err
	}
	return m.RequiresDist, m.RequiresPython, nil
}

// WheelMetadata reads a wheel's METADATA (the archive's other members are
// checked when it is installed).
func WheelMetadata(path string) (*metadata.Metadata, error) {
	whl, err := wheel.Open(path, &wheel.Options{DeferContentCheck: true})
	if err != nil {
		return nil, err
	}
	defer whl.Close()
	return whl.Metadata, nil
}

// Fetch turns source files into local paths, fetching remote ones in
// parallel (hashes announced by the source are checked by the fetcher) and
// checking the requirements' hashes; every file is checked before any is
// used. Each file ready is reported as a Fetched event.
func (p *Preparer) Fetch(files []source.File, hashes *hashcheck.Policy) ([]string, error) {
	paths := make([]string, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	step := func(name string) {
		mu.Lock()
		done++
		p.emit(Event{Kind: Fetched, Name: name, Done: done, Total: len(files)})
		mu.Unlock()
	}
	sem := make(chan struct{}, 8)
	for i, f := range files {
		if f.Local() && len(f.Hashes) == 0 {
			paths[i] = f.Path
			step(f.Filename)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			paths[i], errs[i] = p.o.Fetcher.Fetch(p.ctx(), f)
			step(f.Filename)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, err
		}
		if err := hashes.Verify(files[i], paths[i]); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// OpenWheels opens and validates the items' wheels (as the install engine
// does, two at a time), keyed by path; on an error, the first in the items'
// order, the map holds what was opened so the caller can close it.
func OpenWheels(items []plan.Item) (map[string]*install.Opened, error) {
	op := &install.Opener{}
	ws := make([]*install.Opened, len(items))
	errs := make([]error, len(items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ws[i], errs[i] = op.Open(items[i].Wheel)
		}()
	}
	wg.Wait()
	out := map[string]*install.Opened{}
	for i, w := range ws {
		if w == nil {
			continue
		}
		if out[items[i].Wheel] != nil {
			w.Close() // the same file named twice
			continue
		}
		out[items[i].Wheel] = w
	}
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// Request turns the wheel for an item into an install request, recording
// where the user's own files came from (direct_url.json).
func Request(it plan.Item, wheelPath string, requested bool) (install.Request, error) {
	req := install.Request{Path: wheelPath, Requested: requested, DirectURL: it.Direct}
	if it.VCS != nil {
		req.VCS, req.Editable = it.VCS, it.Editable
		req.Dir, req.Reinstall = it.Project, true
		return req, nil
	}
	if it.URL != "" {
		sum, err := source.FileSHA256(it.Source())
		if err != nil {
			return req, err
		}
		req.URL, req.ArchiveSHA256 = it.URL, sum
		return req, nil
	}
	if it.Direct && it.Project != "" {
		if st, err := os.Stat(it.Project); err == nil && st.IsDir() {
			req.Dir, req.Editable, req.Reinstall = it.Project, it.Editable, true
		} else {
			sum, err := source.FileSHA256(it.Project)
			if err != nil {
				return req, err
			}
			req.URL, req.ArchiveSHA256 = source.FileURL(it.Project), sum
		}
	}
	return req, nil
}

// LinkFolder makes a temporary folder of symbolic links to files that were
// checked: the find-links folder of builds that must use those files and
// nothing else.
func (p *Preparer) LinkFolder(paths []string) (string, error) {
	dir, err := p.o.TempDir("", "fwenv-checked-")
	if err != nil {
		return "", err
	}
	for _, f := range paths {
		abs, err := filepath.Abs(f)
		if err != nil {
			return "", err
		}
		if err := os.Symlink(abs, filepath.Join(dir, filepath.Base(f))); err != nil && !os.IsExist(err) {
			return "", err
		}
	}
	return dir, nil
}
