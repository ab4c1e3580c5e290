package main

import (
	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/ops"
)

func init() { register("download", (*app).downloadCmd) }

type downloadOptions struct {
	ops.DownloadOptions
	src     sourceFlags
	formats formatFlags
	build   buildFlags
}

func (a *app) downloadCmd() *cobra.Command {
	var o downloadOptions
	cmd := &cobra.Command{
		Use:   "download [-r FILE] [REQ...] -d DIR",
		Short: "Save every distribution a set of requirements needs into a folder (an offline bundle)",
		Long: `Resolve the requirements for a target and save every distribution file needed
into DIR — including the build requirements of every sdist (setuptools,
wheel, other backends, recursively), which pip download leaves out — and
write DIR/fwenv.lock, a manifest of what is there with sha256 hashes. The
folder is then a self-describing offline bundle:

  fwenv install -f DIR                     installs what the manifest lists
  fwenv install --no-index -f DIR -r FILE  installs FILE's requirements from it

The target is the selected environment's interpreter, else -p PYTHON, else
the default interpreter; or another host described by --python-version,
--platform, --implementation and --abi (then wheels, and pure-Python sdists
whose dependencies are static metadata, PEP 643).
Files already in DIR with the right hash are not fetched again.`,
		Example: `  fwenv freeze > requirements.txt
  fwenv download -r requirements.txt -d pkgs
  fwenv download -d wheels --python-version 3.12 --platform manylinux_2_28_x86_64 framework`,
		RunE: func(cmd *cobra.Command, args []string) error {
			d := o.DownloadOptions
			d.Env, d.Args, d.Sources, d.Formats, d.Build = a.envSel(), args, o.src.config(), o.formats.choice(), o.build.choices()
			res, err := a.ops().Download(d)
			if err != nil {
				return err
			}
			if res.FromLock != "" {
				a.logf("saved %d %s of %s into %s; manifest %s\n", res.Packages, plural(res.Packages, "package", "packages"), res.FromLock, res.Dest, res.Manifest)
			} else {
				a.logf("saved %d %s for %d %s (%d only to build sdists) into %s; manifest %s\n", res.Files, plural(res.Files, "file", "files"),
					res.Packages, plural(res.Packages, "package", "packages"), res.BuildOnly, res.Dest, res.Manifest)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.Requirements, "requirement", "r", nil, "download what a requirements file lists (repeatable)")
	f.StringVarP(&o.Dest, "dest", "d", "", "the folder to save into (required)")
	f.StringVarP(&o.Python, "python", "p", "", "resolve for this interpreter")
	f.StringVar(&o.Host.PythonVersion, "python-version", "", "resolve for another host's Python version (3.12)")
	f.StringVar(&o.Host.Platform, "platform", "", "resolve for another host's platform tag (manylinux_2_28_x86_64, macosx_11_0_arm64, ...)")
	f.StringVar(&o.Host.Implementation, "implementation", "", "resolve for another host's implementation (cp, pp)")
	f.StringVar(&o.Host.ABI, "abi", "", "resolve for another host's ABI tag (cp312)")
	f.BoolVar(&o.Pre, "pre", false, "allow pre-releases and development releases")
	f.BoolVar(&o.NoDeps, "no-deps", false, "save only what is named (and the build requirements of its sdists)")
	f.StringVar(&o.Lock, "lock", "", "save what a lock file (fwenv.lock or pylock.toml) selects for the target, instead of resolving")
	o.src.add(cmd)
	o.formats.add(cmd)
	o.build.add(cmd)
	config.MarkPath(f, "requirement")
	config.MarkPath(f, "dest")
	return cmd
}
