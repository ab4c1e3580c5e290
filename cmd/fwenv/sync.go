package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/env/plan"
)

func init() { register("sync", (*app).syncCmd) }

func (a *app) syncCmd() *cobra.Command {
	var o ops.SyncOptions
	var b buildFlags
	var yes bool
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
pylock.toml, in the current folder.

An editable install the lock lists as editable from the same folder, at the
same version, is kept. Replacing an editable install by a built copy, or the
reverse, is shown as "~ NAME VERSION (editable → wheel)" and asked first (read
from standard input when it is not a terminal; no answer refuses) unless -y.`,
		Example: `  fwenv sync
  fwenv sync --offline -f ./pkgs fwenv.lock
  fwenv sync pylock.toml`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Lock = args[0]
			}
			o.Env, o.Build = a.envSel(), b.choices()
			if !yes {
				o.Confirm = a.confirmSwitches
			}
			res, err := a.ops().Sync(o)
			if err != nil {
				return err
			}
			return a.renderSync(res)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.FindLinks, "find-links", "f", nil, "a folder holding the lock's files (repeatable)")
	f.BoolVar(&o.Offline, "offline", false, "use no network: files beside the lock, in -f folders and in the cache only")
	f.BoolVar(&o.Inexact, "inexact", false, "keep installed distributions the lock does not list")
	f.BoolVarP(&yes, "yes", "y", false, "replace editable installs by built copies (or the reverse) without asking")
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would change, and change nothing")
	f.StringArrayVar(&o.Extras, "extra", nil, "pylock.toml: install this extra (repeatable)")
	f.StringArrayVar(&o.Groups, "group", nil, "pylock.toml: install this dependency group (repeatable; default: the lock's default groups)")
	f.StringVar(&o.LinkMode, "link-mode", "auto", "how files get from the cache into the environment: auto, clone, hardlink or copy")
	config.WaitDurationVar(f, &o.LockTimeout, "lock-timeout", 0, "give up waiting for another fwenv using the environment after this long (0: wait)")
	b.add(cmd)
	config.MarkPath(f, "find-links")
	return cmd
}

// confirmSwitches shows the editable installs a sync would replace by
// built copies (or the reverse) and asks whether to go on: on a terminal,
// else read from standard input; no answer (end of input) is no.
func (a *app) confirmSwitches(switches []plan.Change) bool {
	for _, c := range switches {
		a.logf("%s\n", c)
	}
	a.logf("Replace? (y/N) ")
	var answer string
	answer = a.readAnswer()
	if f, ok := a.stdin.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		a.logf("\n")
	}
	s := strings.ToLower(strings.TrimSpace(answer))
	return s == "y" || s == "yes"
}

// renderSync shows what a sync did, or with --dry-run would do.
func (a *app) renderSync(res *ops.SyncResult) error {
	if res.Applied != nil {
		applied := *res.Applied
		if len(res.Switches) > 0 {
			// A switch is one "~" line, not a "+" line.
			switched := map[string]bool{}
			for _, c := range res.Switches {
				switched[wheelname.Normalize(c.Name)] = true
			}
			applied.Installed = nil
			for _, ch := range res.Applied.Installed {
				if !switched[wheelname.Normalize(ch.Name)] {
					applied.Installed = append(applied.Installed, ch)
				}
			}
		}
		a.renderApplied(&applied, res.Root)
		for _, c := range res.Switches {
			a.logf("%s\n", c)
		}
		return nil
	}
	if res.Matches {
		a.logf("the environment already matches %s\n", res.Lock)
		return nil
	}
	for _, c := range res.Changes {
		fmt.Fprintln(a.stdout, c)
	}
	return nil
}
