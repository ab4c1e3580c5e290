package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/env/site"
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

func (a *app) install(args []string, o installOptions) error {
	res, err := a.ops().Install(ops.InstallOptions{
		Env: a.envSel(), Args: args, Requirements: o.requirements, Editables: o.editables, Constraints: o.constraints,
		Sources: o.src.config(), Formats: o.formats.choice(), Build: o.build.choices(),
		RequireHashes: o.requireHash, NoDeps: o.noDeps, Compile: o.compile, Reinstall: o.reinstall,
		Pre: o.pre, DryRun: o.dryRun, Upgrade: o.upgrade, UpgradePackages: o.upgradePkgs,
		LinkMode: o.linkMode, LockTimeout: o.lockTimeout, Report: o.report,
	})
	if err != nil {
		return err
	}
	if res.Lock != nil {
		return a.renderSync(res.Lock)
	}
	if res.Report != nil {
		if _, err := a.stdout.Write(res.Report); err != nil {
			return err
		}
	}
	if d := res.DryRun; d != nil {
		for _, f := range d.Files {
			fmt.Fprintf(a.stdout, "would install %s %s (%s)\n", f.Project, f.Version, f.Filename)
		}
		for _, what := range d.Items {
			fmt.Fprintf(a.stdout, "would install %s\n", what)
		}
		for _, c := range d.Changes {
			fmt.Fprintln(a.stdout, c)
		}
		return nil
	}
	if res.Satisfied {
		a.logf("nothing to do: every requirement is already satisfied\n")
		return nil
	}
	if res.Applied == nil {
		return nil
	}
	a.renderApplied(res.Applied, res.Root)
	for _, p := range res.Unmet {
		advice := "install without --no-deps to bring dependencies"
		if !o.noDeps {
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
	return nil
}

// renderApplied says what a transaction changed, with its warnings first
// and what an uninstall left alone last.
func (a *app) renderApplied(res *install.Result, root string) {
	for _, w := range res.Warnings {
		a.logf("warning: %s\n", w)
	}
	a.reportChanges(res)
	a.reportRemovalDecisions(root, res.Kept, res.Refused, false)
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

func (a *app) uninstallCmd() *cobra.Command {
	var yes bool
	var lockTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "uninstall [-y] NAME...",
		Short: "Remove installed distributions (driven by their RECORD)",
		Long: `Remove distributions: every file their RECORD lists, their launchers and the
folders left empty. A file another installed distribution still lists (such as
a shared namespace __init__.py) is kept. Nothing outside the environment is
ever touched. fwenv asks first unless -y: on a terminal, or on standard
input as pip does (yes | fwenv uninstall NAME); no answer removes nothing.`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, names []string) error {
			o := ops.UninstallOptions{Env: a.envSel(), Names: names, LockTimeout: lockTimeout}
			noAnswer := false
			if !yes {
				interactive := a.stdin == os.Stdin && term.IsTerminal(int(os.Stdin.Fd()))
				o.Confirm = func(root string, p *site.RemovePlan) bool {
					ok, answered := a.askRemoval(root, p, interactive)
					noAnswer = !answered
					return ok
				}
			}
			res, err := a.ops().Uninstall(o)
			if err != nil && noAnswer {
				return noAnswerError()
			}
			if err != nil || res.Applied == nil {
				return err
			}
			a.renderApplied(res.Applied, res.Root)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	config.WaitDurationVar(cmd.Flags(), &lockTimeout, "lock-timeout", 0, "give up waiting for another fwenv after this long (0: wait)")
	return cmd
}
