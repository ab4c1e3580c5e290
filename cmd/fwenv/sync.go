package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/fwenv/fwenv/resolver/source/vcs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/pylock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
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
	f.DurationVar(&o.lockTimeout, "lock-timeout", 0, "give up waiting for another fwenv using the environment after this long (0: wait)")
	o.build.add(cmd)
	config.MarkPath(f, "find-links")
	return cmd
}

// locked is one package a lock wants installed here, with the artifact
// chosen for this interpreter.
type locked struct {
	name, version string
	requested     bool
	// One of: a file (wheel or sdist) with its sha256, or a project folder.
	file     string
	sha256   string
	path     string // where the lock says the file is, "" when only a URL
	url      string
	sdist    bool
	dir      string
	editable bool
	// vcs is a git+URL@COMMIT requirement (pylock.toml's vcs packages),
	// built from a checkout of commit.
	vcs, commit string
	// origin is where the lock says the package comes from.
	origin fwlock.Source
	// buildOnly marks what a bundle keeps only to build its sdists.
	buildOnly bool
}

// defaultLock is fwenv.lock, else pylock.toml, in the current folder.
func (a *app) defaultLock() (string, error) {
	for _, n := range []string{fwlock.FileName, "pylock.toml"} {
		p := a.abs(n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", &cmdError{"no lock file: neither fwenv.lock nor pylock.toml in " + a.cwd, "give the lock file (fwenv sync FILE), or make one with fwenv lock"}
}

// readLock reads fwenv.lock or pylock.toml and picks, for info, each
// package and its artifact.
func readLock(path string, info *python.Info, extras, groups []string) ([]locked, []string, error) {
	dir := filepath.Dir(path)
	ranker := tags.NewRanker(info.Tags())
	rank := func(name string) (int, bool) {
		w, err := wheelname.ParseWheel(name)
		if err != nil {
			return 0, false
		}
		return ranker.Rank(w.Tags())
	}
	if pylock.IsPylockName(path) || strings.HasSuffix(path, ".toml") {
		pl, err := pylock.Load(path)
		if err != nil {
			return nil, nil, err
		}
		sel, err := pl.Select(info.Markers, extras, groups, rank)
		if err != nil {
			return nil, nil, err
		}
		// Requested: what the lock says (fwenv's own tool table), else what
		// no other selected package depends on.
		needed := map[string]bool{}
		for _, s := range sel {
			for _, d := range s.Package.Dependencies {
				if n, ok := d["name"].(string); ok {
					needed[wheelname.Normalize(n)] = true
				}
			}
		}
		var out []locked
		for _, s := range sel {
			requested := !needed[wheelname.Normalize(s.Package.Name)]
			if t, ok := s.Package.Tool["fwenv"].(map[string]any); ok {
				if r, ok := t["requested"].(bool); ok {
					requested = r
				}
			}
			origin := fwlock.Source{Index: s.Package.Index}
			if origin.Index == "" {
				origin = fwlock.Source{FindLinks: "."}
			}
			l := locked{name: s.Package.Name, version: s.Package.Version, requested: requested, origin: origin}
			switch {
			case s.Wheel != nil || s.Sdist != nil:
				f := s.Wheel
				if f == nil {
					f, l.sdist = s.Sdist, true
				}
				l.file, l.sha256, l.url = f.Name, f.Hashes["sha256"], f.URL
				if f.Path != "" {
					l.path = f.Resolve(dir)
				}
				if l.sha256 == "" {
					return nil, nil, &cmdError{fmt.Sprintf("%s: package %s: %s has no sha256 hash", path, l.name, f.Name), "fwenv checks every file by sha256; regenerate the lock with sha256 hashes"}
				}
			case s.Archive != nil:
				l.file, l.sha256, l.url = filepath.Base(s.Archive.URL+s.Archive.Path), s.Archive.Hashes["sha256"], s.Archive.URL
				if s.Archive.Path != "" {
					l.path = s.Archive.Resolve(dir)
				}
				l.sdist = !strings.HasSuffix(l.file, ".whl")
				if l.sha256 == "" {
					return nil, nil, &cmdError{fmt.Sprintf("%s: package %s: the archive has no sha256 hash", path, l.name), "regenerate the lock with sha256 hashes"}
				}
			case s.Directory != nil:
				l.dir, l.editable = filepath.Join(s.Directory.Resolve(dir), filepath.FromSlash(s.Directory.Subdirectory)), s.Directory.Editable
			case s.VCS != nil:
				v := s.VCS
				if v.Type != "git" {
					return nil, nil, &cmdError{fmt.Sprintf("%s: package %s comes from a %s repository; fwenv checks out git repositories only", path, l.name, v.Type), "install it yourself, then sync with --inexact"}
				}
				repo := v.URL
				if repo == "" {
					repo = (&url.URL{Scheme: "file", Path: filepath.ToSlash(v.Resolve(dir))}).String()
				}
				// The exact commit: what the lock recorded, nothing newer.
				req, commit, err := gitRequirement(repo, v.CommitID, v.Subdirectory)
				if err != nil {
					return nil, nil, &cmdError{fmt.Sprintf("%s: package %s: %v", path, l.name, err), "regenerate the lock: a git package needs its repository URL and full commit id"}
				}
				l.vcs, l.commit = req, commit
			}
			out = append(out, l)
		}
		return out, pl.Warnings, nil
	}
	lk, err := fwlock.Load(path)
	if err != nil {
		return nil, nil, err
	}
	sel, err := lk.Select(info.MarkerEnvironment(), rank, info.TagTarget().Best().String())
	if err != nil {
		var fe *fwlock.Error
		if errors.As(err, &fe) && fe.File == "" {
			fe.File = path
		}
		return nil, nil, err
	}
	var out []locked
	for _, s := range sel {
		p := s.Package
		l := locked{name: p.Name, version: p.Version, requested: p.Requested, origin: p.Source, buildOnly: p.BuildOnly}
		if s.Artifact == nil && p.Source.VCS != "" { // a git checkout
			commit, err := fwlock.VCSCommit(p.Source.VCS)
			if err != nil {
				return nil, nil, &cmdError{fmt.Sprintf("%s: package %s: %v", path, p.Name, err), "regenerate the lock"}
			}
			l.vcs, l.commit = p.Source.VCS, commit
			out = append(out, l)
			continue
		}
		if s.Artifact == nil { // a project folder
			d := p.Source.Editable + p.Source.Directory
			if !filepath.IsAbs(d) {
				d = filepath.Join(dir, filepath.FromSlash(d))
			}
			l.dir, l.editable = d, p.Source.Editable != ""
			out = append(out, l)
			continue
		}
		art := s.Artifact
		l.file, l.sha256, l.url, l.sdist = art.File, art.SHA256, art.URL, art.Kind == fwlock.ArtifactSdist
		if art.Path != "" {
			p, err := art.Resolve(dir)
			if err != nil {
				return nil, nil, err
			}
			l.path = p
		}
		out = append(out, l)
	}
	return out, nil, nil
}

// locate finds a locked file: beside the lock, in the folders, in the
// cache or at its URL; the sha256 is always checked.
func (a *app) locate(l locked, dirs []string, src *sourceSet, offline bool) (string, error) {
	var tried []string
	check := func(p string) (string, bool, error) {
		if _, err := os.Stat(p); err != nil {
			return "", false, nil
		}
		if _, err := source.VerifyFile(p, []string{"sha256:" + l.sha256}, "the lock"); err != nil {
			if hm, ok := err.(*source.HashMismatchError); ok {
				hm.File = p + " (package " + l.name + ")"
			}
			return "", true, err
		}
		return p, true, nil
	}
	cands := []string{}
	if l.path != "" {
		cands = append(cands, l.path)
	}
	for _, d := range dirs {
		cands = append(cands, filepath.Join(d, l.file))
	}
	for _, c := range cands {
		p, found, err := check(c)
		if err != nil {
			return "", err
		}
		if found {
			return p, nil
		}
		tried = append(tried, c)
	}
	if l.url != "" {
		if p, ok := site.FileURLPath(l.url); ok {
			pp, found, err := check(p)
			if err != nil {
				return "", err
			}
			if found {
				return pp, nil
			}
			tried = append(tried, p)
		} else {
			f, ok, _ := source.ParseFilename(l.file)
			if !ok {
				f = source.File{Filename: l.file}
			}
			f.URL, f.Hashes, f.Path = l.url, map[string]string{"sha256": l.sha256}, ""
			p, err := src.fetcher.Fetch(context.Background(), f)
			if err == nil {
				return p, nil
			}
			var off *fetch.OfflineError
			if !errors.As(err, &off) {
				return "", fmt.Errorf("package %s: %w", l.name, err)
			}
			tried = append(tried, fetch.Redact(l.url)+" (offline)")
		}
	}
	hint := "give the folder that holds it with -f DIR (fwenv download --lock LOCK -d DIR makes one)"
	if offline {
		hint = "the file is not here and --offline forbids fetching it: " + hint
	}
	return "", &cmdError{fmt.Sprintf("package %s %s: %s not found (looked in %s)", l.name, l.version, l.file, strings.Join(tried, ", ")), hint}
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
	items, warnings, err := readLock(path, c.info, o.extras, o.groups)
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
	var build []locked
	var runtime []locked
	for _, l := range items {
		if l.buildOnly {
			build = append(build, l)
		} else {
			runtime = append(runtime, l)
		}
	}
	items = runtime
	want := map[string]bool{}
	var todo []locked
	for _, l := range items {
		key := wheelname.Normalize(l.name)
		want[key] = true
		if d := db.Get(l.name); d != nil && sameVersion(d.Version, l.version) && l.dir == "" && l.vcs == "" {
			if _, editable := d.Editable(); !editable {
				continue // already as locked
			}
		}
		if d := db.Get(l.name); d != nil && l.vcs != "" && sameGitInstall(d, l.vcs, l.commit) {
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
			what := l.file
			if l.dir != "" {
				what = l.dir
			} else if l.vcs != "" {
				what = l.vcs
			}
			fmt.Fprintf(a.stdout, "install %s (%s)\n", strings.TrimSpace(l.name+" "+l.version), what)
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
		if l.vcs != "" {
			checkout, info, err := a.checkoutVCSWith(c, l.vcs, false, o.offline)
			if err != nil {
				return err
			}
			if info.CommitID != l.commit {
				return &cmdError{fmt.Sprintf("package %s: the checkout of %s is at commit %s, not %s", l.name, l.vcs, info.CommitID, l.commit), "give the full commit id in the lock file"}
			}
			project := checkout
			if info.Subdirectory != "" {
				project = filepath.Join(checkout, filepath.FromSlash(info.Subdirectory))
			}
			req, err := a.buildLocked(c, l, installItem{project: project, direct: true, vcs: info, what: l.vcs}, buildDirs, o.build)
			if err != nil {
				return err
			}
			reqs = append(reqs, req)
			continue
		}
		if l.dir != "" {
			req, err := a.buildLocked(c, l, installItem{project: l.dir, editable: l.editable, direct: true, what: l.dir}, buildDirs, o.build)
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
		if l.sdist {
			w, err := a.buildForInstall(c, installItem{project: p, what: l.name + " " + l.version}, buildDirs, o.build)
			if err != nil {
				return err
			}
			p = w
		}
		reqs = append(reqs, install.Request{Path: p, Requested: l.requested, Reinstall: true})
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

// sameVersion compares versions by PEP 440 ("1.0" and "1.0.0" are equal),
// by text when either is not a PEP 440 version.
func sameVersion(a, b string) bool {
	va, errA := pep440.Parse(a)
	vb, errB := pep440.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return va.Equal(vb)
}

// gitRequirement is vcs.Pinned, also checked as a lock's vcs source; it
// returns the requirement and its (lower-cased) commit.
func gitRequirement(repo, commit, subdir string) (string, string, error) {
	req, err := vcs.Pinned(repo, commit, subdir)
	if err != nil {
		return "", "", err
	}
	c, err := fwlock.VCSCommit(req)
	return req, c, err
}

// sameGitInstall reports whether d was installed (not editable) from the
// git requirement req at commit: same repository, commit and subdirectory.
func sameGitInstall(d *site.Dist, req, commit string) bool {
	du := d.DirectURL
	if du == nil || du.VCSInfo == nil || du.VCSInfo.VCS != "git" || du.VCSInfo.CommitID != commit {
		return false
	}
	if _, editable := d.Editable(); editable {
		return false
	}
	spec, err := vcs.Parse(req)
	if err != nil {
		return false
	}
	return strings.TrimPrefix(du.URL, "git+") == spec.Redacted() && du.Subdirectory == spec.Subdirectory
}

// buildLocked builds a lock entry's project (a folder or a git checkout),
// checks that it is the package the lock names, and makes its request.
func (a *app) buildLocked(c *envCtx, l locked, it installItem, buildDirs []string, b buildFlags) (install.Request, error) {
	w, err := a.buildForInstall(c, it, buildDirs, b)
	if err != nil {
		return install.Request{}, err
	}
	if err := checkBuilt(l, w); err != nil {
		return install.Request{}, err
	}
	return itemRequest(it, w, l.requested)
}

// checkBuilt refuses a wheel built for a lock entry that is not the
// package the lock names (another project, or another version).
func checkBuilt(l locked, wheelPath string) error {
	w, err := wheelname.ParseWheel(filepath.Base(wheelPath))
	if err != nil {
		return err
	}
	if wheelname.Normalize(w.Name) != wheelname.Normalize(l.name) || l.version != "" && !sameVersion(w.Version, l.version) {
		what := l.vcs
		if what == "" {
			what = l.dir
		}
		return &cmdError{fmt.Sprintf("package %s %s: %s builds %s %s", l.name, l.version, what, w.Name, w.Version), "regenerate the lock from what the source builds"}
	}
	return nil
}
