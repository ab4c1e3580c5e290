package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/install/lock"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/pylock"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

type installOptions struct {
	requirements []string
	src          sourceFlags
	requireHash  bool
	noDeps       bool
	compile      bool
	reinstall    bool
	pre          bool
	linkMode     string
	lockTimeout  time.Duration
	editables    []string
	formats      formatFlags
	fm           source.Formats // formats, merged with the requirement files'
	prefer       bool
	build        buildFlags
	constraints  []string
	report       string
	dryRun       bool
	upgrade      bool
	upgradePkgs  []string
}

func (a *app) installCmd() *cobra.Command {
	var o installOptions
	cmd := &cobra.Command{
		Use:   "install [WHEEL|NAME[SPEC]|DIR|SDIST]...",
		Short: "Install wheels, projects and requirements into the environment",
		Long: `Install into the selected environment: wheel files, names chosen from
find-links folders (-f DIR), requirements files (-r FILE), and projects
(source folders and sdists, built with their PEP 517 backend; -e DIR installs
in place).

Dependencies are resolved together with what is installed (installed versions
that fit are kept unless -U / --upgrade-package), from the -f folders; nothing
changes until resolution has succeeded, and a conflict is explained in
sentences. --no-deps installs only what is named. The whole command is one
transaction: if one distribution fails, the environment stays as it was.`,
		Example: `  fwenv install ./pkgs/framework-0.0.1-py3-none-any.whl
  fwenv install --no-index -f ./pkgs framework==0.0.1
  fwenv install -r requirements.txt -f ./pkgs`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.install(args, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.requirements, "requirement", "r", nil, "install from a requirements file (repeatable)")
	f.StringArrayVarP(&o.editables, "editable", "e", nil, "install a project folder in place (PEP 660; repeatable)")
	f.BoolVar(&o.requireHash, "require-hashes", false, "every distribution must match a --hash of the requirements files (implied by any --hash)")
	f.BoolVar(&o.noDeps, "no-deps", false, "install only what is named; do not follow dependencies")
	f.BoolVar(&o.compile, "compile", false, "byte-compile the installed modules")
	f.BoolVar(&o.reinstall, "force-reinstall", false, "reinstall distributions already installed at the same version")
	f.BoolVar(&o.pre, "pre", false, "allow pre-releases and development releases")
	f.StringVar(&o.linkMode, "link-mode", "auto", "how files get from the cache into the environment: auto, clone, hardlink or copy")
	config.WaitDurationVar(f, &o.lockTimeout, "lock-timeout", 0, "give up waiting for another fwenv using the environment after this long (0: wait)")
	f.StringArrayVarP(&o.constraints, "constraint", "c", nil, "limit versions with a constraints file (repeatable)")
	f.BoolVar(&o.dryRun, "dry-run", false, "print what would be installed, upgraded or removed, and change nothing")
	f.StringVar(&o.report, "report", "", "write pip's installation report (version 1) to FILE (- for standard output)")
	f.BoolVarP(&o.upgrade, "upgrade", "U", false, "upgrade the named projects to the newest allowed versions")
	f.StringArrayVar(&o.upgradePkgs, "upgrade-package", nil, "upgrade this project (and keep the others as they are; repeatable)")
	o.build.add(cmd)
	o.src.add(cmd)
	o.formats.add(cmd)
	config.MarkPath(f, "constraint")
	config.MarkPath(f, "requirement")
	config.MarkPath(f, "editable")
	return cmd
}

// installItem is one thing to install, before building.
type installItem struct {
	name     string // the name a "name @ URL" requirement gave, "" otherwise
	url      string // the URL the user gave (recorded in direct_url.json), "" for paths
	vcs      *install.VCSInfo
	hashes   []string
	hashFrom string
	wheel    string // a wheel file
	project  string // a source folder or sdist to build
	editable bool
	direct   bool // the user gave a file or folder (direct_url.json)
	what     string
}

func (a *app) install(args []string, o installOptions) error {
	c, err := a.openEnv()
	if err != nil {
		return err
	}
	// An interrupted transaction is finished or undone before the plan is
	// made, so that what is installed is judged whole (a run with nothing
	// to install would otherwise leave it half done). A dry run changes
	// nothing, this included.
	if ents, _ := os.ReadDir(filepath.Join(c.env.Dir, ".fwenv", "txn")); len(ents) > 0 && !o.dryRun {
		warns, err := install.Recover(a.installTarget(c), &install.Options{LockTimeout: o.lockTimeout, Progress: a.installProgress})
		if err != nil {
			return err
		}
		for _, w := range warns {
			a.logf("warning: %s\n", w)
		}
	}
	mode, err := cache.ParseLinkMode(o.linkMode)
	if err != nil {
		return usageError{err}
	}
	// Gather what to install: arguments, -e, -r files.
	var names, constraints []pep508.Requirement
	var items []installItem
	for _, path := range o.constraints {
		rf, err := (&requirements.Reader{Getenv: a.getenv}).ReadConstraints(a.abs(path))
		if err != nil {
			return err
		}
		for _, r := range rf.Requirements {
			if r.Req.Name == "" {
				return &cmdError{fmt.Sprintf("%s:%d: a constraint must name a project", r.File, r.Line), "constraints are NAME SPECIFIER lines"}
			}
			constraints = append(constraints, r.Req)
		}
	}
	// -r pylock.toml installs what the lock selects for this environment
	// (keeping whatever else is installed).
	for _, path := range o.requirements {
		if pylock.IsPylockName(path) {
			if len(o.requirements) > 1 || len(args) > 0 || len(o.editables) > 0 {
				return usageError{fmt.Errorf("-r %s: a pylock.toml is installed on its own, without other requirements", path)}
			}
			return a.applyLock(c, a.abs(path), syncOptions{findLinks: o.src.findLinks, offline: o.src.offline, linkMode: o.linkMode,
				lockTimeout: o.lockTimeout, build: o.build, dryRun: o.dryRun}, false)
		}
	}
	pre := o.pre
	var fileOpts []requirements.Options
	hashes := hashcheck.New(o.requireHash)
	var files []*requirements.File
	for _, path := range o.requirements {
		rf, err := (&requirements.Reader{Getenv: a.getenv}).Read(a.abs(path))
		if err != nil {
			return err
		}
		files = append(files, rf)
		fileOpts = append(fileOpts, rf.Options)
		pre = pre || rf.Options.Pre
	}
	if o.fm, o.prefer, err = o.formats.formats(fileOpts...); err != nil {
		return err
	}
	var sources *sourceSet
	if len(args) == 0 && len(files) == 0 && len(o.editables) == 0 {
		// fwenv install -f BUNDLE: what the bundle's manifest lists.
		bnames, bhashes, bsrc, found, err := a.bundleRestore(c, o.src)
		if err != nil {
			return err
		}
		if found {
			names, hashes, sources = bnames, bhashes, bsrc
		}
	}
	if sources == nil {
		sources, err = a.openSources(o.src, fileOpts...)
		if err != nil {
			return err
		}
	}
	w := wanted{names: names, constraints: constraints}
	if err := a.gatherFiles(c, files, c.info.MarkerEnvironment(), sources, hashes, gatherRules{}, &w); err != nil {
		return err
	}
	for _, e := range o.editables {
		it, err := a.editableItem(c, e, sources)
		if err != nil {
			return err
		}
		w.items = append(w.items, it)
	}
	if err := a.gatherArgs(c, args, sources, gatherRules{}, &w); err != nil {
		return err
	}
	names, constraints, items = w.names, w.constraints, w.items
	if len(names) == 0 && len(items) == 0 {
		return usageError{errors.New("nothing to install: give wheels, names, folders, -e DIR or -r FILE")}
	}
	if err := hashes.CheckItems(hashItems(items)); err != nil {
		return err
	}
	if o.noDeps && o.report != "" {
		return usageError{errors.New("--report needs a resolution: it cannot be used with --no-deps")}
	}
	var reqs []install.Request
	if o.noDeps {
		reqs, err = a.requestsNoDeps(c, names, items, sources, hashes, pre, o)
	} else {
		reqs, err = a.requestsResolved(c, names, constraints, items, sources, hashes, pre, o)
	}
	if err != nil || reqs == nil {
		return err
	}
	res, err := install.Install(a.installTarget(c), reqs, &install.Options{
		Cache:       cache.New(a.cacheRoot()),
		LinkMode:    mode,
		Compile:     o.compile,
		Reinstall:   o.reinstall,
		LockTimeout: o.lockTimeout,
		Progress:    a.installProgress,
		Context:     context.Background(),
	})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		a.logf("warning: %s\n", w)
	}
	a.reportChanges(res)
	a.reportRemovalDecisions(c.env.Dir, res.Kept, res.Refused, false)
	a.warnUnmet(c, o.noDeps)
	return nil
}

func (a *app) installTarget(c *envCtx) *install.Target {
	t, err := install.NewTarget(c.env.Dir, c.info)
	if err != nil {
		panic(err) // NewTarget only fails on an unusable probe, which openEnv refused
	}
	return t
}

func looksLikeFile(arg string) bool {
	if strings.HasSuffix(arg, ".whl") || strings.HasSuffix(arg, ".tar.gz") || strings.HasSuffix(arg, ".zip") ||
		strings.HasPrefix(arg, ".") || strings.HasPrefix(arg, "/") || strings.Contains(arg, string(os.PathSeparator)) {
		return true
	}
	_, err := os.Stat(arg)
	return err == nil
}

func (a *app) pathItem(path string, editable bool) (installItem, error) {
	st, err := os.Stat(path)
	if err != nil {
		return installItem{}, &cmdError{fmt.Sprintf("%s: no such file or folder", path), "check the path"}
	}
	it := installItem{direct: true, what: path, editable: editable}
	switch {
	case st.IsDir():
		it.project = path
	case editable:
		return it, &cmdError{fmt.Sprintf("-e %s: editable installs take a project folder, not a file", path), "give the folder holding pyproject.toml or setup.py"}
	case strings.HasSuffix(path, ".whl"):
		it.wheel = path
	default:
		it.project = path
	}
	return it, nil
}

func (a *app) installProgress(e install.Event) {
	switch e.Kind {
	case install.EventWaiting:
		if who := lock.Holder(e.Path); who != "" {
			a.logf("waiting for the environment lock held by %s (%s)…\n", who, e.Path)
		} else {
			a.logf("waiting for another fwenv to finish with this environment (%s)…\n", e.Path)
		}
	case install.EventCacheRepair:
		a.logf("warning: %s\n", e.Message)
	case install.EventCompile:
		if e.Message != "" {
			a.logf("%s\n", e.Message) // still running after a second
		}
	default:
		if e.Message != "" {
			a.debugf("%s\n", e.Message)
		}
	}
}

func (a *app) reportChanges(res *install.Result) {
	for _, ch := range res.Removed {
		v := ch.Version
		if v == "" {
			v = ch.OldVersion
		}
		a.logf("- %s %s\n", ch.Name, v)
	}
	for _, ch := range res.Installed {
		if ch.OldVersion != "" && ch.OldVersion != ch.Version {
			a.logf("+ %s %s (was %s)\n", ch.Name, ch.Version, ch.OldVersion)
		} else {
			a.logf("+ %s %s\n", ch.Name, ch.Version)
		}
	}
	for _, ch := range res.Skipped {
		a.logf("= %s %s already installed (--force-reinstall to reinstall)\n", ch.Name, ch.Version)
	}
	if res.LinkMode != "" {
		a.debugf("%d file operations, link mode %s\n", res.Files, res.LinkMode)
	} else {
		a.debugf("%d file operations\n", res.Files) // nothing linked (an uninstall)
	}
	for _, ph := range res.Phases {
		a.debugf("  %-24s %v\n", ph.Name, ph.Took.Round(time.Millisecond))
	}
}

// warnUnmet says which requirements the environment does not satisfy (after
// --no-deps, or because of what was installed before); the advice names
// --no-deps only when it was given.
func (a *app) warnUnmet(c *envCtx, noDeps bool) {
	db, err := c.db()
	if err != nil {
		return
	}
	for _, p := range site.CheckRequirements(db, c.info.MarkerEnvironment()) {
		advice := "install without --no-deps to bring dependencies"
		if !noDeps {
			advice = "fwenv check lists what the environment lacks"
			switch p.Kind {
			case site.ProblemMissing:
				advice = "fwenv install " + p.Dependency + " brings it"
			case site.ProblemConflict:
				advice = fmt.Sprintf("fwenv install %q brings a version that fits", p.Requirement)
			}
		}
		a.logf("warning: %s (%s)\n", p.String(), advice)
	}
}

func (a *app) uninstallCmd() *cobra.Command {
	var yes bool
	var lockTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "uninstall [-y] NAME...",
		Short: "Remove installed distributions (driven by their RECORD)",
		Long: `Remove distributions: every file their RECORD lists, their launchers and the
folders left empty. A file another installed distribution still lists (such as
a shared namespace __init__.py) is kept. Nothing outside the environment is
ever touched. On a terminal fwenv asks first unless -y.`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, names []string) error {
			c, db, err := a.openDB()
			if err != nil {
				return err
			}
			var present []string
			for _, n := range names {
				if db.Get(n) == nil {
					a.logf("warning: skipping %s: not installed\n", n)
					continue
				}
				present = append(present, n)
			}
			if len(present) == 0 {
				return nil
			}
			if !yes && a.stdin == os.Stdin && term.IsTerminal(int(os.Stdin.Fd())) {
				plan, err := site.PlanRemove(db, present)
				if err != nil {
					return err
				}
				for _, d := range plan.Dists {
					a.logf("Uninstalling %s %s:\n", d.Name, d.Version)
				}
				a.reportPlannedRemovals(plan.Remove)
				a.reportRemovalDecisions(db.Layout.Root, plan.Keep, plan.Refused, true)
				a.logf("Proceed (Y/n)? ")
				var answer string
				fmt.Fscanln(a.stdin, &answer)
				if s := strings.ToLower(strings.TrimSpace(answer)); s != "" && s != "y" && s != "yes" {
					return errors.New("cancelled; nothing was removed")
				}
			}
			res, err := install.Uninstall(a.installTarget(c), present, &install.Options{LockTimeout: lockTimeout, Progress: a.installProgress})
			if err != nil {
				return err
			}
			for _, w := range res.Warnings {
				a.logf("warning: %s\n", w)
			}
			a.reportChanges(res)
			a.reportRemovalDecisions(db.Layout.Root, res.Kept, res.Refused, false)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	config.WaitDurationVar(cmd.Flags(), &lockTimeout, "lock-timeout", 0, "give up waiting for another fwenv after this long (0: wait)")
	return cmd
}
