package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/env/ops"
)

type buildFlags struct {
	noIsolation    bool
	configSettings []string
	noBuildCache   bool
}

func (b *buildFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&b.noIsolation, "no-build-isolation", false, "build in the target environment instead of a separate build environment")
	f.StringArrayVar(&b.configSettings, "config-settings", nil, "KEY=VALUE passed to the build backend (repeatable)")
	f.BoolVar(&b.noBuildCache, "no-build-cache", false, "always run the build backend; do not reuse or store built files")
}

func (b buildFlags) choices() ops.BuildChoices {
	return ops.BuildChoices{NoIsolation: b.noIsolation, ConfigSettings: b.configSettings, NoBuildCache: b.noBuildCache}
}

func (a *app) buildCmd() *cobra.Command {
	var o ops.BuildOptions
	var b buildFlags
	cmd := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build a project's sdist and wheel (as python -m build does)",
		Long: `Build DIR (default: the current folder) with its PEP 517 backend: the sdist
from build_sdist, then the wheel built from that sdist. Projects with only
setup.py use setuptools' legacy backend, as pip does. Build requirements come
from -f folders, then the ensurepip bundles of the interpreters fwenv finds,
then Debian's wheel folder (see docs/build.md).

The interpreter is -p, else the selected environment's, else the default one.`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Dir = args[0]
			}
			o.Env, o.Build = a.envSel(), b.choices()
			res, err := a.ops().Build(o)
			if err != nil {
				return err
			}
			if res.Sdist != nil {
				fmt.Fprintln(a.stdout, res.Sdist.Path)
			}
			if res.Wheel != nil {
				fmt.Fprintln(a.stdout, res.Wheel.Path)
				a.debugf("wheel built from the %s\n", res.WheelFrom)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.Sdist, "sdist", false, "build the sdist only")
	f.BoolVar(&o.Wheel, "wheel", false, "build the wheel only (from the source tree)")
	f.StringVarP(&o.OutDir, "outdir", "o", "", "output folder (default DIR/dist)")
	f.StringVarP(&o.Python, "python", "p", "", "interpreter to build for")
	f.StringArrayVarP(&o.FindLinks, "find-links", "f", nil, "folder of wheels for build requirements (repeatable)")
	b.add(cmd)
	return cmd
}
