package main

import (
	"context"
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/source"
)

func init() { register("sync", (*app).syncCmd) }

type syncOptions struct {
	findLinks   []string
	offline     bool
	inexact     bool
	dryRun      bool
	extras      []string
	groups      []string
	linkMode    string
	lockTimeout time.Duration
	build       buildFlags
}

func (a *app) syncCmd() *cobra.Command {
	var o syncOptions
	cmd := &cobra.Command{
		Use:   "sync [LOCKFILE]",
		Short: "Make the environment exactly what a lock file says (fwenv.lock or pylock.toml)",
		Long: `Make the selected environment exactly the lock: install what is missing,
change versions, and remove what the lock does not list (pip, setuptools and
wheel stay unless the lock lists them; --inexact keeps every extra). Each
package's markers are evaluated for the environment; for each, the best wheel
for the interpreter is taken, else the sdist (built). Every file is checked
against the lock's sha256 before anything changes: a file that is missing
(offline) or does not match fails the whole command, naming the package.

Files are found, in order: beside the lock (a bundle), in -f folders, then at
their URL (not with --offline). LOCKFILE defaults to fwenv.lock, else
pylock.toml, in the current folder.`,
		Example: `  fwenv sync
  fwenv sync --offline -f ./pkgs fwenv.lock
  fwenv sync pylock.toml`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = a.abs(args[0])
			}
			return a.sync(path, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.findLinks, "find-links", "f", nil, "a folder holding the lock's files (repeatable)")
	f.BoolVar(&o.offline, "offline", false, "use no network: files beside the lock, in -f folders and in the cache only")
	f.BoolVar(&o.inexact, "inexact", false, "keep installed distributions the lock does not list")
	f.BoolVar(&o.dryRun, "dry-run", false, "print what would change, and change nothing")
	f.StringArrayVar(&o.extras, "extra", nil, "pylock.toml: install this extra (repeatable)")
	f.StringArrayVar(&o.groups, "group", nil, "pylock.toml: install this dependency group (repeatable; default: the lock's default groups)")
	f.StringVar(&o.linkMode, "link-mode", "auto", "how files get from the cache into the environment: auto, clone, hardlink or copy")
	config.WaitDurationVar(f, &o.lockTimeout, "lock-timeout", 0, "give up waiting for another fwenv using the environment after this long (0: wait)")
	o.build.add(cmd)
	config.MarkPath(f, "find-links")
	return cmd
}

// defaultLock is fwenv.lock, else pylock.toml, in the current folder. A
// lock found this way is used only when it is a regular file (or a link to
// one): a FIFO, device or folder under that name is refused before it is
// opened, where reading it could wait forever; a lock named on the command
// line may be a pipe.
func (a *app) defaultLock() (string, error) {
	for _, n := range []string{fwlock.FileName, "pylock.toml"} {
		p := a.abs(n)
		if st, err := os.Stat(p); err == nil {
			if !st.Mode().IsRegular() {
				return "", &cmdError{fmt.Sprintf("%s is not a regular file (%s), so it is not read as the lock file", p, bounded.Kind(st.Mode())),
					"replace it with the lock file, or give the lock to read (fwenv sync FILE; a named lock may be a pipe)"}
			}
			return p, nil
		}
	}
	return "", &cmdError{"no lock file: neither fwenv.lock nor pylock.toml in " + a.cwd, "give the lock file (fwenv sync FILE), or make one with fwenv lock"}
}

// locate finds a locked file (lockset.Entry.Locate), fetching it with the
// command's sources when the lock gives only its URL.
func (a *app) locate(l lockset.Entry, dirs []string, src *sourceSet, offline bool) (string, error) {
	return l.Locate(dirs, offline, func(f source.File) (string, error) { return src.fetcher.Fetch(context.Background(), f) })
}

func (a *app) sync(path string, o syncOptions) error {
	if path == "" {
		p, err := a.defaultLock()
		if err != nil {
			return err
		}
		path = p
	}
	c, err := a.openEnv()
	if err != nil {
		return err
	}
	return a.applyLock(c, path, o, !o.inexact)
}

// applyLock installs what the lock at path selects for the environment
// (and, when exact, removes what it does not list).
func (a *app) applyLock(c *envCtx, path string, o syncOptions, exact bool) error {
	mode, err := cache.ParseLinkMode(o.linkMode)
	if err != nil {
		return usageError{err}
	}
	items, warnings, err := lockset.Read(path, lockTarget(c.info), o.extras, o.groups)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		a.logf("warning: %s: %s\n", path, w)
	}
	db, err := c.db()
	if err != nil {
		return err
	}
	var dirs []string
	for _, f := range o.findLinks {
		dirs = append(dirs, a.abs(f))
	}
	src, err := a.openSources(sourceFlags{noIndex: true, offline: o.offline, timeout: 20 * time.Second, retries: 3})
	if err != nil {
		return err
	}
	// What a bundle keeps to build its sdists is checked like the rest and
	// is then the only source of build requirements (a folder of links to
	// the checked files), so nothing unlisted beside the lock is built with.
	var build []lockset.Entry
	var runtime []lockset.Entry
	for _, l := range items {
		if l.BuildOnly {
			build = append(build, l)
		} else {
			runtime = append(runtime, l)
		}
	}
	items = runtime
	want := map[string]bool{}
	var todo []lockset.Entry
	for _, l := range items {
		key := wheelname.Normalize(l.Name)
		want[key] = true
		if d := db.Get(l.Name); d != nil && pep440.SameVersion(d.Version, l.Version) && l.Dir == "" && l.VCS == "" {
			if _, editable := d.Editable(); !editable {
				continue // already as locked
			}
		}
		if d := db.Get(l.Name); d != nil && l.VCS != "" && d.InstalledFromGit(l.Repo, l.RepoSubdir, l.Commit) {
			continue // already at the locked commit
		}
		todo = append(todo, l)
	}
	keep := map[string]bool{"pip": true, "setuptools": true, "wheel": true, "distribute": true}
	var remove []string
	if exact {
		for _, d := range db.Dists() {
			if !want[d.Key] && !keep[d.Key] {
				remove = append(remove, d.Name)
			}
		}
		sort.Strings(remove)
	}
	if o.dryRun {
		for _, l := range todo {
			what := l.File
			if l.Dir != "" {
				what = l.Dir
			} else if l.VCS != "" {
				what = l.VCS
			}
			fmt.Fprintf(a.stdout, "install %s (%s)\n", strings.TrimSpace(l.Name+" "+l.Version), what)
		}
		for _, n := range remove {
			fmt.Fprintf(a.stdout, "remove %s\n", n)
		}
		return nil
	}
	// Every file found and checked, every sdist and folder built, before
	// anything changes.
	buildDirs := dirs
	if len(build) > 0 {
		var paths []string
		for _, l := range build {
			p, err := a.locate(l, dirs, src, o.offline)
			if err != nil {
				return err
			}
			paths = append(paths, p)
		}
		vdir, err := a.linkFolder(paths)
		if err != nil {
			return err
		}
		buildDirs = []string{vdir}
	}
	var reqs []install.Request
	for _, l := range todo {
		if l.VCS != "" {
			checkout, info, err := a.checkoutVCSWith(c, l.VCS, false, o.offline)
			if err != nil {
				return err
			}
			if info.CommitID != l.Commit {
				return &cmdError{fmt.Sprintf("package %s: the checkout of %s is at commit %s, not %s", l.Name, l.VCS, info.CommitID, l.Commit), "give the full commit id in the lock file"}
			}
			project := checkout
			if info.Subdirectory != "" {
				project = filepath.Join(checkout, filepath.FromSlash(info.Subdirectory))
			}
			req, err := a.buildLocked(c, l, installItem{project: project, direct: true, vcs: info, what: l.VCS}, buildDirs, o.build)
			if err != nil {
				return err
			}
			reqs = append(reqs, req)
			continue
		}
		if l.Dir != "" {
			req, err := a.buildLocked(c, l, installItem{project: l.Dir, editable: l.Editable, direct: true, what: l.Dir}, buildDirs, o.build)
			if err != nil {
				return err
			}
			reqs = append(reqs, req)
			continue
		}
		p, err := a.locate(l, dirs, src, o.offline)
		if err != nil {
			return err
		}
		if l.Sdist {
			w, err := a.buildForInstall(c, installItem{project: p, what: l.Name + " " + l.Version}, buildDirs, o.build)
			if err != nil {
				return err
			}
			p = w
		}
		reqs = append(reqs, install.Request{Path: p, Requested: l.Requested, Reinstall: true})
	}
	// One transaction: the installs and the removals happen together or
	// not at all.
	opts := &install.Options{Cache: cache.New(a.cacheRoot()), LinkMode: mode, LockTimeout: o.lockTimeout, Progress: a.installProgress, Context: context.Background(), Remove: remove}
	if len(reqs) > 0 || len(remove) > 0 {
		res, err := install.Install(a.installTarget(c), reqs, opts)
		if err != nil {
			return err
		}
		for _, w := range res.Warnings {
			a.logf("warning: %s\n", w)
		}
		a.reportChanges(res)
		a.reportRemovalDecisions(c.env.Dir, res.Kept, res.Refused, false)
	}
	if len(reqs) == 0 && len(remove) == 0 {
		a.logf("the environment already matches %s\n", path)
	}
	return nil
}

// linkFolder makes a temporary folder of symbolic links to files that were
// checked, removed when the command ends: the find-links folder of builds
// that must use those files and nothing else.
func (a *app) linkFolder(paths []string) (string, error) {
	dir, err := os.MkdirTemp("", "fwenv-checked-")
	if err != nil {
		return "", err
	}
	a.cleanups = append(a.cleanups, func() { os.RemoveAll(dir) })
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if err := os.Symlink(abs, filepath.Join(dir, filepath.Base(p))); err != nil && !os.IsExist(err) {
			return "", err
		}
	}
	return dir, nil
}

// buildLocked builds a lock entry's project (a folder or a git checkout),
// checks that it is the package the lock names, and makes its request.
func (a *app) buildLocked(c *envCtx, l lockset.Entry, it installItem, buildDirs []string, b buildFlags) (install.Request, error) {
	w, err := a.buildForInstall(c, it, buildDirs, b)
	if err != nil {
		return install.Request{}, err
	}
	if err := l.CheckBuilt(w); err != nil {
		return install.Request{}, err
	}
	return itemRequest(it, w, l.Requested)
}

// lockTarget is the interpreter as a lock is read for it.
func lockTarget(info *python.Info) lockset.Target {
	return lockset.Target{Tags: info.Tags(), Env: info.MarkerEnvironment(), BestTag: info.TagTarget().Best().String()}
}
