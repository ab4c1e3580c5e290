package install

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/install/lock"
	"github.com/fwenv/fwenv/env/site"
)

type installer struct {
	t      *Target
	o      Options
	rep    *reporter
	x      *txn
	cache  *cache.Cache
	linker *cache.Linker
	res    *Result
	nstage int
	mu     sync.Mutex
	opener Opener
	going  []*site.Dist   // removed by Options.Remove
	nreqs  int            // the requests' staging indexes are below it
	toSeal []*cache.Entry // cache entries linked from, sealed after the commit
}

func (in *installer) staged() {
	if testHookStaged == nil {
		return
	}
	in.mu.Lock()
	in.nstage++
	n := in.nstage
	in.mu.Unlock()
	testHookStaged(n)
}

// LockPath is the environment's lock file.
func LockPath(t *Target) string { return filepath.Join(t.Layout.Root, stateDir, "lock") }

// withLock runs fn under the environment's lock, after recovering any
// interrupted transaction.
func withLock(t *Target, o *Options, rep *reporter, res *Result, fn func() error) error {
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if _, err := os.Stat(t.Layout.Root); err != nil {
		return &Error{Member: t.Layout.Root, Reason: "no environment here", Err: err, hint: "create it first with `fwenv create`"}
	}
	lk, err := lock.Acquire(ctx, LockPath(t), lock.Options{
		Timeout: o.LockTimeout,
		Waiting: func(p string) {
			rep.emit(Event{Kind: EventWaiting, Path: p, Message: "waiting for another fwenv to finish with this environment"})
		},
	})
	if err != nil {
		return err
	}
	defer lk.Release()
	msgs, err := recoverAll(t)
	for _, m := range msgs {
		rep.emit(Event{Kind: EventRecover, Message: m})
		if res != nil {
			res.Warnings = append(res.Warnings, m)
		}
	}
	if err != nil {
		return err
	}
	return fn()
}

// Recover takes the environment's lock and finishes or rolls back any
// transaction an interrupted fwenv left. It returns what it did, in words.
// Install and Uninstall call it themselves.
func Recover(t *Target, o *Options) ([]string, error) {
	if o == nil {
		o = &Options{}
	}
	res := &Result{}
	err := withLock(t, o, &reporter{fn: o.Progress}, res, func() error { return nil })
	return res.Warnings, err
}

// Install installs the wheels of reqs into the environment, all or nothing.
func Install(t *Target, reqs []Request, o *Options) (*Result, error) {
	if o == nil {
		o = &Options{}
	}
	defer func() {
		for _, r := range reqs {
			if r.Opened != nil {
				r.Opened.Close()
			}
		}
	}()
	mode, err := cache.ParseLinkMode(string(o.LinkMode))
	if err != nil {
		return nil, err
	}
	res := &Result{}
	rep := &reporter{fn: o.Progress}
	err = withLock(t, o, rep, res, func() error {
		what := "install"
		if len(reqs) == 0 {
			what = "uninstall"
		}
		x, err := newTxn(t, what)
		if err != nil {
			return err
		}
		in := &installer{t: t, o: *o, rep: rep, x: x, res: res, linker: &cache.Linker{Mode: mode}}
		in.cache = o.Cache
		if in.cache == nil {
			in.cache = cache.New(filepath.Join(x.dir, "cache"))
		}
		err = in.run(reqs)
		if err != nil {
			if _, statErr := os.Stat(filepath.Join(x.dir, journalName)); statErr != nil {
				os.RemoveAll(x.dir) // nothing was moved
			}
		}
		res.LinkMode = in.linker.Used()
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (in *installer) run(reqs []Request) error {
	if len(reqs) == 0 && len(in.o.Remove) == 0 {
		return nil
	}
	phase := in.phaser()
	db, err := site.Open(in.t.Layout)
	if err != nil {
		return err
	}
	// What Options.Remove names must be installed, and removable: checked
	// before any work.
	going := map[string]*site.Dist{}
	for _, n := range in.o.Remove {
		d := db.Get(n)
		if d == nil {
			return &Error{Dist: n, Reason: "is not installed in " + in.t.Layout.Root, hint: "see what is installed with `fwenv list`"}
		}
		if d.Legacy {
			return &Error{Dist: d.Name, Reason: "is a legacy egg-info install (" + d.Dir + ") without a reliable file list", hint: "remove it with the tool that installed it"}
		}
		going[d.Key] = d
	}
	in.going = sortedDists(going)
	phase("read installed")
	in.nreqs = len(reqs)
	ps := make([]*prepared, len(reqs))
	for i, r := range reqs {
		ps[i] = &prepared{req: r, stage: i}
	}
	defer func() {
		for _, p := range ps {
			if p.wheel != nil && p.req.Opened == nil { // Install closes those
				p.wheel.Close()
			}
		}
	}()
	// 1. open and check every wheel. Nothing is unpacked into the cache
	// and nothing reaches the environment before all pass; a wheel the
	// cache already holds is staged (linked into the transaction folder,
	// which a failure removes) as soon as it passed, so the checking of
	// the others overlaps that file system work.
	early := !in.o.Compile
	if err := in.parallel(ps, func(p *prepared) error {
		if err := in.open(p); err != nil {
			return err
		}
		in.rep.emit(Event{Kind: EventOpen, Dist: p.name, Version: p.version, Wheel: p.wheel.Filename})
		if !early || in.skipped(db, p) {
			return nil
		}
		ok, err := in.stageCached(p)
		if err != nil || !ok {
			return err
		}
		p.staged = true
		if err := in.finishDistInfo(p); err != nil {
			return err
		}
		p.finished = true
		return nil
	}); err != nil {
		return err
	}
	phase("open (and stage cache hits)")
	seen := map[string]*prepared{}
	var todo []*prepared
	for _, p := range ps {
		if q := seen[p.key]; q != nil {
			return &Error{Wheel: p.wheel.Filename, Reason: fmt.Sprintf("%s is given twice (also %s)", p.name, q.wheel.Filename), hint: "name each distribution once"}
		}
		seen[p.key] = p
		for _, d := range in.going {
			if d.Key == p.key {
				return &Error{Dist: d.Name, Reason: "is both installed and removed by one command", hint: "name it once"}
			}
		}
		for _, w := range p.wheel.Warnings {
			in.warn(p.wheel.Filename + ": " + w)
		}
		if in.skipped(db, p) {
			old := db.Get(p.key)
			in.res.Skipped = append(in.res.Skipped, Change{Name: p.name, Version: p.version, OldVersion: old.Version, Wheel: p.wheel.Filename})
			in.rep.emit(Event{Kind: EventSkipped, Dist: p.name, Version: p.version, Wheel: p.wheel.Filename, Message: "already installed"})
			continue
		}
		todo = append(todo, p)
	}
	if len(todo) == 0 && len(in.o.Remove) == 0 {
		os.RemoveAll(in.x.dir)
		return nil
	}
	// 2. unpack into the cache and stage what is not staged yet.
	if err := in.parallel(todo, func(p *prepared) error {
		if p.staged {
			return nil
		}
		return in.stage(p)
	}); err != nil {
		return err
	}
	phase("unpack and stage")
	if in.o.Compile {
		if err := in.compile(todo); err != nil {
			return err
		}
		phase("compile")
	}
	if err := in.parallel(todo, func(p *prepared) error {
		if p.finished {
			return nil
		}
		return in.finishDistInfo(p)
	}); err != nil {
		return err
	}
	phase("write dist-info")
	// 3. plan against what is installed.
	if err := in.plan(db, todo); err != nil {
		return err
	}
	phase("plan")
	// 4. commit.
	if in.o.Committed != nil {
		in.x.onCommit = func() { in.o.Committed(len(todo), len(in.going)) }
	}
	err = in.x.commit(in.o.Context, func(n, total int) {
		in.rep.emit(Event{Kind: EventCommit, N: n, Total: total})
	})
	if err != nil {
		return err
	}
	for _, e := range in.toSeal {
		in.cache.Seal(e)
	}
	phase("commit")
	for _, d := range in.going {
		in.res.Removed = append(in.res.Removed, Change{Name: d.Name, OldVersion: d.Version})
		in.rep.emit(Event{Kind: EventRemoved, Dist: d.Name, Version: d.Version})
	}
	for _, p := range todo {
		c := Change{Name: p.name, Version: p.version, Wheel: p.wheel.Filename, CacheHit: p.hit}
		if old := db.Get(p.key); old != nil {
			c.OldVersion = old.Version
		}
		in.res.Installed = append(in.res.Installed, c)
		in.rep.emit(Event{Kind: EventDone, Dist: p.name, Version: p.version, Wheel: p.wheel.Filename})
	}
	return nil
}

// skipped reports whether p is installed already in the same version and
// nothing asks for a reinstall.
func (in *installer) skipped(db *site.DB, p *prepared) bool {
	old := db.Get(p.key)
	return old != nil && !in.o.Reinstall && !p.req.Reinstall && old.Version == p.version
}

// phaser returns a function that records the time since its last call
// under a phase name in Result.Phases.
func (in *installer) phaser() func(string) {
	last := time.Now()
	return func(name string) {
		now := time.Now()
		in.res.Phases = append(in.res.Phases, Phase{Name: name, Took: now.Sub(last)})
		last = now
	}
}

func (in *installer) warn(msg string) {
	in.mu.Lock()
	in.res.Warnings = append(in.res.Warnings, msg)
	in.mu.Unlock()
	in.rep.emit(Event{Kind: EventWarning, Message: msg})
}

// parallel runs fn on every p with a bounded number of goroutines and
// returns the first error in input order.
func (in *installer) parallel(ps []*prepared, fn func(*prepared) error) error {
	n := in.o.Workers
	if n <= 0 {
		n = max(4, 2*runtime.GOMAXPROCS(0))
	}
	ctx := in.o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	errs := make([]error, len(ps))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, p := range ps {
		if err := ctx.Err(); err != nil {
			errs[i] = err
			break
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = fn(p)
		}()
	}
	wg.Wait()
	return errors.Join(firstErr(errs))
}

func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// plan turns the staged distributions into operations: puts for their
// files, deletions for the files of the versions they replace.
func (in *installer) plan(db *site.DB, todo []*prepared) error {
	replaced := map[string]*site.Dist{}
	for _, d := range in.going {
		replaced[d.Key] = d
	}
	for _, p := range todo {
		if old := db.Get(p.key); old != nil {
			if old.Legacy {
				return &Error{Wheel: p.wheel.Filename, Dist: old.Name, Reason: fmt.Sprintf("%s %s is installed as a legacy egg-info (%s), which fwenv cannot remove cleanly", old.Name, old.Version, old.Dir),
					hint: "remove it with the tool that installed it, then install again"}
			}
			replaced[old.Key] = old
		}
	}
	type put struct {
		stage int
		f     instFile
		by    *prepared
	}
	puts := map[string]*put{}
	var order []string
	for _, p := range todo {
		for _, f := range p.files {
			if q := puts[f.dest]; q != nil {
				if !q.f.hash.Equal(f.hash) && !q.f.hash.IsZero() {
					in.warn(fmt.Sprintf("%s: the file of %s is overwritten by a different one of %s", relTo(in.t.Layout.Root, f.dest), q.by.name, p.name))
				}
				q.stage, q.f, q.by = p.stage, f, p
				continue
			}
			puts[f.dest] = &put{stage: p.stage, f: f, by: p}
			order = append(order, f.dest)
		}
	}
	// Every destination, generated files and byte-code included, is judged
	// on what the kernel sees (guard.go): no linked folder on the way, none
	// of the environment's own files. Nothing has moved yet.
	g := in.x.guard
	for _, dest := range order {
		if r := g.check(dest, puts[dest].by.name); r != nil {
			return guardError(puts[dest].by.wheel.Filename, puts[dest].f.rel, r)
		}
	}
	// Folders that do not exist yet are moved in whole when a single
	// distribution fills them.
	l := in.t.Layout
	exists := func(d string) bool {
		st := g.folder(d) // cached: the checks above looked at every parent
		return st.exists || st.bad != nil
	}
	type group struct {
		stage int
		mixed bool
		dests []string
	}
	groups := map[string]*group{}
	var groupOrder []string
	var fileOps []string
	for _, dest := range order {
		parent := filepath.Dir(dest)
		if parent == l.Root || exists(parent) {
			fileOps = append(fileOps, dest)
			continue
		}
		top := parent
		for {
			up := filepath.Dir(top)
			if up == l.Root || !inside(l.Root, up) || exists(up) {
				break
			}
			top = up
		}
		g := groups[top]
		if g == nil {
			g = &group{stage: puts[dest].stage}
			groups[top] = g
			groupOrder = append(groupOrder, top)
		}
		if g.stage != puts[dest].stage {
			g.mixed = true
		}
		g.dests = append(g.dests, dest)
	}
	for _, top := range groupOrder {
		g := groups[top]
		if g.mixed {
			for _, dest := range g.dests {
				in.x.ops = append(in.x.ops, op{Put: true, Rel: puts[dest].f.rel, Stage: puts[dest].stage})
			}
			continue
		}
		in.x.ops = append(in.x.ops, op{Put: true, Dir: true, Rel: relTo(l.Root, top), Stage: g.stage})
	}
	files := 0
	for _, dest := range fileOps {
		pu := puts[dest]
		o := op{Put: true, Rel: pu.f.rel, Stage: pu.stage}
		fi, err := os.Lstat(dest)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return &Error{Wheel: pu.by.wheel.Filename, Member: dest, Reason: "cannot inspect", Err: err}
		case fi.IsDir():
			return &Error{Wheel: pu.by.wheel.Filename, Member: dest, Reason: "would replace a folder with a file", hint: "another distribution uses this path as a folder; uninstall it first"}
		case fi.Mode()&fs.ModeSymlink != 0 && isDir(dest):
			// A link is replaced, never written through; but a link to a
			// folder (lib64 -> lib, a developer's linked project) is a
			// folder to whoever uses it.
			target, _ := os.Readlink(dest)
			return &Error{Wheel: pu.by.wheel.Filename, Member: pu.f.rel, Reason: "would replace the symbolic link " + dest + " -> " + target + ", which leads to a folder, with a file",
				hint: "another distribution or the environment uses this path as a folder; uninstall it or remove the link first"}
		default:
			o.Had = true
			var others []string
			for _, d := range db.Owners(dest) {
				if replaced[d.Key] == nil {
					others = append(others, d.Name)
				}
			}
			if len(others) > 0 && !pu.f.hash.IsZero() {
				// Only a regular file can be the same file: a FIFO, a
				// device or a link (to /dev/zero...) is never read.
				if fi.Mode().IsRegular() {
					if h, _, err := hashFile(dest); err == nil && h.Equal(pu.f.hash) {
						continue // identical shared file: keep it
					}
				}
				in.warn(fmt.Sprintf("%s: %s overwrites a different file of %s", relTo(in.t.Layout.Root, dest), pu.by.name, strings.Join(others, ", ")))
			}
		}
		in.x.ops = append(in.x.ops, o)
		files++
	}
	for _, g := range groups {
		files += len(g.dests)
	}
	// pip's stand-ins come back when pip goes (standins.go).
	pipIn, going := false, map[string]bool{}
	for _, p := range todo {
		pipIn = pipIn || p.key == "pip"
	}
	for _, d := range in.going {
		going[d.Key] = true
	}
	si := planStandIns(in.t, db, pipIn, going)
	keep := puts2set(puts)
	for p := range si.keep {
		keep[p] = true
	}
	dels, err := removals(db, sortedDists(replaced), keep, in.res)
	if err != nil {
		return err
	}
	for _, d := range dels {
		in.x.ops = append(in.x.ops, op{Rel: relTo(in.t.Layout.Root, d)})
	}
	sops, err := si.ops(in.x, in.nreqs)
	if err != nil {
		return err
	}
	in.x.ops = append(in.x.ops, sops...)
	in.res.Files = files + len(dels) + len(sops)
	return nil
}

// isDir reports whether p is a folder, following links.
func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func puts2set[T any](m map[string]T) map[string]bool {
	s := make(map[string]bool, len(m))
	for k := range m {
		s[k] = true
	}
	return s
}

func sortedDists(m map[string]*site.Dist) []*site.Dist {
	var ds []*site.Dist
	for _, d := range m {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Key < ds[j].Key })
	return ds
}

// removals lists the files to delete when dists go away (site.PlanRemove:
// every file their RECORD lists that no remaining distribution lists, the
// byte-code of removed modules, everything in their metadata folders),
// minus the files in keep (about to be written by the same transaction).
// Uninstalls, upgrades, --force-reinstall and sync all remove through it,
// so all obey site.PlanRemove's rule: decisions on real paths, nothing
// outside the environment, none of its own files, nothing another
// distribution still owns. What it keeps or refuses goes to res.
func removals(db *site.DB, dists []*site.Dist, keep map[string]bool, res *Result) ([]string, error) {
	if len(dists) == 0 {
		return nil, nil
	}
	names := make([]string, len(dists))
	for i, d := range dists {
		names[i] = d.Key
	}
	plan, err := site.PlanRemove(db, names)
	if err != nil {
		return nil, err
	}
	res.Kept = append(res.Kept, plan.Keep...)
	res.Refused = append(res.Refused, plan.Refused...)
	// keep is spelled as the installer writes; the plan's paths have their
	// folders resolved (lib64 -> lib): compare in the plan's form, or a
	// file just written through one spelling is deleted through the other.
	kept := make(map[string]bool, len(keep))
	for p := range keep {
		kept[plan.Canonical(p)] = true
	}
	var out []string
	for _, p := range plan.Remove {
		if !kept[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// Uninstall removes the named distributions (all or nothing), driven by
// their RECORD: files another remaining distribution lists stay.
func Uninstall(t *Target, names []string, o *Options) (*Result, error) {
	if o == nil {
		o = &Options{}
	}
	res := &Result{}
	rep := &reporter{fn: o.Progress}
	err := withLock(t, o, rep, res, func() error {
		db, err := site.Open(t.Layout)
		if err != nil {
			return err
		}
		going := map[string]*site.Dist{}
		for _, n := range names {
			d := db.Get(n)
			if d == nil {
				return &Error{Dist: n, Reason: "is not installed in " + t.Layout.Root, hint: "see what is installed with `fwenv list`"}
			}
			if d.Legacy {
				return &Error{Dist: d.Name, Reason: "is a legacy egg-info install (" + d.Dir + ") without a reliable file list", hint: "remove it with the tool that installed it"}
			}
			going[d.Key] = d
		}
		ds := sortedDists(going)
		gone := map[string]bool{}
		for k := range going {
			gone[k] = true
		}
		si := planStandIns(t, db, false, gone)
		dels, err := removals(db, ds, si.keep, res)
		if err != nil {
			return err
		}
		x, err := newTxn(t, "uninstall")
		if err != nil {
			return err
		}
		for _, d := range dels {
			x.ops = append(x.ops, op{Rel: relTo(t.Layout.Root, d)})
		}
		sops, err := si.ops(x, 0)
		if err != nil {
			os.RemoveAll(x.dir)
			return err
		}
		x.ops = append(x.ops, sops...)
		if o.Committed != nil {
			x.onCommit = func() { o.Committed(0, len(ds)) }
		}
		if err := x.commit(o.Context, func(n, total int) { rep.emit(Event{Kind: EventCommit, N: n, Total: total}) }); err != nil {
			return err
		}
		res.Files = len(dels) + len(sops)
		for _, d := range ds {
			res.Removed = append(res.Removed, Change{Name: d.Name, OldVersion: d.Version})
			rep.emit(Event{Kind: EventRemoved, Dist: d.Name, Version: d.Version})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
