package ops

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/prepare"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// SyncOptions are what `fwenv sync` was asked.
type SyncOptions struct {
	Env EnvSelector
	// Lock is the lock file; "" means fwenv.lock, else pylock.toml, in the
	// session's folder.
	Lock        string
	FindLinks   []string
	Offline     bool
	Inexact     bool
	DryRun      bool
	Extras      []string
	Groups      []string
	LinkMode    string
	LockTimeout time.Duration
	Build       BuildChoices
	// Confirm, when set, is shown the changes that replace an editable
	// install by a built copy or the reverse (plan.Change.Switch) and says
	// whether to make them; without it they are made (sync -y). Nothing
	// else is asked.
	Confirm func(switches []plan.Change) bool
	// compile byte-compiles what is installed (install -r pylock.toml
	// --compile).
	compile bool
}

// SyncResult is what a sync did (or, with DryRun, would do).
type SyncResult struct {
	Lock    string // the lock file read
	Root    string // the environment's folder
	Applied *install.Result
	// Changes are what a dry run would do.
	Changes []plan.Change
	// Switches are the editable installs replaced by built copies, or the
	// reverse (plan.Change.Switch), that a sync made.
	Switches []plan.Change
	// Matches: the environment already was what the lock says.
	Matches bool
}

// Sync makes the selected environment what a lock file says.
func (s *Session) Sync(o SyncOptions) (*SyncResult, error) {
	path := o.Lock
	if path == "" {
		p, err := s.defaultLock()
		if err != nil {
			return nil, err
		}
		path = p
	} else {
		path = s.Abs(path)
	}
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
	return s.applyLock(e, path, o, !o.Inexact)
}

// defaultLock is fwenv.lock, else pylock.toml, in the session's folder. A
// lock found this way is used only when it is a regular file (or a link to
// one): a FIFO, device or folder under that name is refused before it is
// opened, where reading it could wait forever; a lock named on the command
// line may be a pipe.
func (s *Session) defaultLock() (string, error) {
	for _, n := range []string{lock.Fwenv.FileName(), lock.Pylock.FileName()} {
		p := s.Abs(n)
		if st, err := os.Stat(p); err == nil {
			if !st.Mode().IsRegular() {
				return "", errorf("replace it with the lock file, or give the lock to read (fwenv sync FILE; a named lock may be a pipe)",
					fmt.Sprintf("%s is not a regular file (%s), so it is not read as the lock file", p, bounded.Kind(st.Mode())))
			}
			return p, nil
		}
	}
	return "", errorf("give the lock file (fwenv sync FILE), or make one with fwenv lock", "no lock file: neither fwenv.lock nor pylock.toml in "+s.Cwd)
}

// lockTarget is the interpreter as a lock is read for it.
func lockTarget(info *python.Info) lock.Interpreter {
	return lock.Interpreter{Tags: info.Tags(), Env: info.MarkerEnvironment(), BestTag: info.TagTarget().Best().String()}
}

// locateEntry finds a locked file (lock.Entry.Locate), fetching it with the
// command's sources when the lock gives only its URL.
func locateEntry(l lock.Entry, dirs []string, src *set.Set, offline bool) (string, error) {
	return l.Locate(dirs, offline, func(f source.File) (string, error) { return src.Fetcher.Fetch(context.Background(), f) })
}

// applyLock installs what the lock at path selects for the environment
// (and, when exact, removes what it does not list).
func (s *Session) applyLock(e *Env, path string, o SyncOptions, exact bool) (*SyncResult, error) {
	res := &SyncResult{Lock: path, Root: e.Venv.Dir}
	mode, err := cache.ParseLinkMode(o.LinkMode)
	if err != nil {
		return nil, UsageError{err}
	}
	items, warnings, err := lockset.Read(path, lockTarget(e.Info), o.Extras, o.Groups)
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		s.warnf("%s: %s", path, w)
	}
	db, err := e.DB()
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, f := range o.FindLinks {
		dirs = append(dirs, s.Abs(f))
	}
	src, err := s.openSources(set.Config{NoIndex: true, Offline: o.Offline, Timeout: 20 * time.Second, Retries: 3})
	if err != nil {
		return nil, err
	}
	prep, err := s.preparer(e, o.Build, prepare.Options{Fetcher: src.Fetcher, Offline: o.Offline})
	if err != nil {
		return nil, err
	}
	// What a bundle keeps to build its sdists is checked like the rest and
	// is then the only source of build requirements (a folder of links to
	// the checked files), so nothing unlisted beside the lock is built with.
	var buildOnly, runtime []lock.Entry
	for _, l := range items {
		if l.BuildOnly {
			buildOnly = append(buildOnly, l)
		} else {
			runtime = append(runtime, l)
		}
	}
	lp := plan.FromLock(runtime, db, exact)
	todo, remove := lp.Install, lp.Remove
	if o.DryRun {
		res.Changes = lp.Changes
		return res, nil
	}
	res.Switches = lp.Switches()
	if len(res.Switches) > 0 && o.Confirm != nil && !o.Confirm(res.Switches) {
		return nil, errorf("pass -y (fwenv sync -y) to replace them without asking, or answer y at the prompt (off a terminal, on standard input: `yes | fwenv sync …`)",
			"cancelled (no yes to \"Replace? (y/N)\"); nothing was changed: "+switchNames(res.Switches))
	}
	// Every file found and checked, every sdist and folder built, before
	// anything changes.
	buildDirs := dirs
	if len(buildOnly) > 0 {
		var paths []string
		for _, l := range buildOnly {
			p, err := locateEntry(l, dirs, src, o.Offline)
			if err != nil {
				return nil, err
			}
			paths = append(paths, p)
		}
		vdir, err := prep.LinkFolder(paths)
		if err != nil {
			return nil, err
		}
		buildDirs = []string{vdir}
	}
	var reqs []install.Request
	for _, l := range todo {
		if l.VCS != "" {
			checkout, info, err := prep.Checkout(l.VCS, false)
			if err != nil {
				return nil, err
			}
			if info.CommitID != l.Commit {
				return nil, errorf("give the full commit id in the lock file", fmt.Sprintf("package %s: the checkout of %s is at commit %s, not %s", l.Name, l.VCS, info.CommitID, l.Commit))
			}
			project := checkout
			if info.Subdirectory != "" {
				project = filepath.Join(checkout, filepath.FromSlash(info.Subdirectory))
			}
			req, err := buildLocked(prep, l, plan.Item{Project: project, Direct: true, VCS: info, What: l.VCS}, buildDirs)
			if err != nil {
				return nil, err
			}
			reqs = append(reqs, req)
			continue
		}
		if l.Dir != "" {
			req, err := buildLocked(prep, l, plan.Item{Project: l.Dir, Editable: l.Editable, Direct: true, What: l.Dir}, buildDirs)
			if err != nil {
				return nil, err
			}
			reqs = append(reqs, req)
			continue
		}
		p, err := locateEntry(l, dirs, src, o.Offline)
		if err != nil {
			return nil, err
		}
		if l.Sdist {
			w, err := prep.Build(plan.Item{Project: p, What: l.Name + " " + l.Version}, buildDirs)
			if err != nil {
				return nil, err
			}
			p = w
		}
		reqs = append(reqs, install.Request{Path: p, Requested: l.Requested, Reinstall: true})
	}
	if len(reqs) == 0 && len(remove) == 0 {
		res.Matches = true
		return res, nil
	}
	// One transaction: the installs and the removals happen together or
	// not at all.
	progress, ended := s.installing(len(reqs))
	applied, err := install.Install(target(e), reqs, &install.Options{Cache: cache.New(s.Cache()), LinkMode: mode, LockTimeout: o.LockTimeout, Compile: o.compile,
		Progress: progress, Context: s.ctx(), Remove: remove, Committed: s.committed})
	ended()
	if err != nil {
		return nil, err
	}
	res.Applied = applied
	return res, nil
}

// switchNames lists the switches ("framework 0.0.1 (editable → wheel)"),
// comma-separated.
func switchNames(cs []plan.Change) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = strings.TrimPrefix(c.String(), "~ ")
	}
	return strings.Join(names, ", ")
}

// buildLocked builds a lock entry's project (a folder or a git checkout),
// checks that it is the package the lock names, and makes its request.
func buildLocked(prep *prepare.Preparer, l lock.Entry, it plan.Item, buildDirs []string) (install.Request, error) {
	w, err := prep.Build(it, buildDirs)
	if err != nil {
		return install.Request{}, err
	}
	if err := l.CheckBuilt(w); err != nil {
		return install.Request{}, err
	}
	return prepare.Request(it, w, l.Requested)
}
