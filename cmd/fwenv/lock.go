package main

import (
	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/ops"
)

func init() { register("lock", (*app).lockCmd) }

type lockOptions struct {
	ops.LockOptions
	src     sourceFlags
	formats formatFlags
	build   buildFlags
}

func (a *app) lockCmd() *cobra.Command {
	var o lockOptions
	cmd := &cobra.Command{
		Use:   "lock [-r FILE] [REQ...] [-o fwenv.lock]",
		Short: "Resolve requirements and write an exact, verifiable lock file",
		Long: `Resolve the requirements for the target interpreter (the selected
environment's, else -p, else the default one) and write a lock file: every
package with its version, where it comes from (index URL, find-links folder,
project folder), every file of that version with its sha256 and size, and its
dependencies. The output is deterministic: the same inputs give the same bytes.

--from-env locks what the selected environment has installed: each
distribution's files are looked up in the sources (and the cache); a
distribution with no file anywhere is an error naming it.

-o NAME.toml (or --format pylock) writes PEP 751's pylock.toml instead of
fwenv.lock. fwenv sync makes an environment exactly what a lock says.`,
		Example: `  fwenv lock -r requirements.txt -f ./pkgs
  fwenv lock --from-env -f ./pkgs -o pylock.toml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			l := o.LockOptions
			l.Env, l.Args, l.Sources, l.Formats, l.Build = a.envSel(), args, o.src.config(), o.formats.choice(), o.build.choices()
			res, err := a.ops().Lock(l)
			if err != nil {
				return err
			}
			a.logf("locked %d %s into %s\n", res.Packages, plural(res.Packages, "package", "packages"), res.Path)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.Requirements, "requirement", "r", nil, "lock what a requirements file lists (repeatable)")
	f.StringVarP(&o.Output, "output", "o", "", "the lock file to write (default fwenv.lock; *.toml is written as pylock.toml)")
	f.StringVar(&o.Format, "format", "", "fwenv (YAML fwenv.lock) or pylock (PEP 751); default from the output name")
	f.BoolVar(&o.FromEnv, "from-env", false, "lock what the selected environment has installed")
	f.BoolVar(&o.All, "all", false, "with --from-env, lock pip, setuptools and wheel too")
	f.StringVarP(&o.Python, "python", "p", "", "resolve for this interpreter")
	f.BoolVar(&o.Pre, "pre", false, "allow pre-releases and development releases")
	o.src.add(cmd)
	o.formats.add(cmd)
	o.build.add(cmd)
	config.MarkPath(f, "requirement")
	config.MarkPath(f, "output")
	return cmd
}
