package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/ops"
)

func init() { register("sync", (*app).syncCmd) }

func (a *app) syncCmd() *cobra.Command {
	var o ops.SyncOptions
	var b buildFlags
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
			if len(args) == 1 {
				o.Lock = args[0]
			}
			o.Env, o.Build = a.envSel(), b.choices()
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
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would change, and change nothing")
	f.StringArrayVar(&o.Extras, "extra", nil, "pylock.toml: install this extra (repeatable)")
	f.StringArrayVar(&o.Groups, "group", nil, "pylock.toml: install this dependency group (repeatable; default: the lock's default groups)")
	f.StringVar(&o.LinkMode, "link-mode", "auto", "how files get from the cache into the environment: auto, clone, hardlink or copy")
	config.WaitDurationVar(f, &o.LockTimeout, "lock-timeout", 0, "give up waiting for another fwenv using the environment after this long (0: wait)")
	b.add(cmd)
	config.MarkPath(f, "find-links")
	return cmd
}

// renderSync shows what a sync did, or with --dry-run would do.
func (a *app) renderSync(res *ops.SyncResult) error {
	if res.Applied != nil {
		a.renderApplied(res.Applied, res.Root)
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
