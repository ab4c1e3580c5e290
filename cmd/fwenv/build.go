package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/python"
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

// buildOptions are the build choices for interpreter info (and, without
// isolation, the environment envDir).
func (a *app) buildOptions(info *python.Info, envDir string, findLinks []string, b buildFlags) (build.Options, error) {
	settings := map[string][]string{}
	for _, kv := range b.configSettings {
		k, v, ok := cutEq(kv)
		if !ok {
			return build.Options{}, usageError{fmt.Errorf("--config-settings %q: expected KEY=VALUE", kv)}
		}
		settings[k] = append(settings[k], v)
	}
	if len(settings) == 0 {
		settings = nil
	}
	root := a.cacheRoot()
	var verbose io.Writer
	if a.verbose {
		verbose = a.stderr
	}
	return build.Options{
		Interp:         info,
		Env:            envDir,
		CacheDir:       root,
		FindLinks:      findLinks,
		Interpreters:   build.Discovered(a.finder().List),
		ConfigSettings: settings,
		NoIsolation:    b.noIsolation,
		NoCache:        b.noBuildCache,
		Verbose:        verbose,
		Events:         a.buildEvents,
		Populate: func(ctx context.Context, envDir string, info *python.Info, wheels []string) error {
			t, err := install.NewTarget(envDir, info)
			if err != nil {
				return err
			}
			reqs := make([]install.Request, len(wheels))
			for i, w := range wheels {
				reqs[i] = install.Request{Path: w}
			}
			_, err = install.Install(t, reqs, &install.Options{Cache: cache.New(root), Context: ctx})
			return err
		},
	}, nil
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], i > 0
		}
	}
	return "", "", false
}

// buildEvents says on stderr what a build waits for: a backend that runs
// for more than a second (it has no time limit), another fwenv making the
// same build environment.
func (a *app) buildEvents(e build.Event) {
	switch e.Kind {
	case build.HookRunning:
		a.logf("waiting for the build backend of %s (%s, %s)…\n", filepath.Base(e.Project), e.Backend, e.Hook)
	case build.Waiting:
		a.logf("waiting for another fwenv making the same build environment (%s)…\n", e.Dir)
	}
}

// reportBuild says which fallback served which build requirement.
func (a *app) reportBuild(r *build.Result) {
	for _, f := range r.Fallbacks() {
		a.logf("build requirement %s for %s taken from the %s fallback: %s\n", f.Requirement, filepath.Base(r.Project), f.Origin, f.Path)
	}
	if r.Cached {
		a.debugf("%s: unchanged since the last build, reused %s\n", r.Project, filepath.Base(r.Path))
	}
}

// buildForInstall turns a project folder or sdist into a wheel.
func (a *app) buildForInstall(c *envCtx, it installItem, findLinks []string, b buildFlags) (string, error) {
	envDir := "" // no environment: an interpreter only (fwenv lock -p)
	if c.env != nil {
		envDir = c.env.Dir
	}
	opts, err := a.buildOptions(c.info, envDir, findLinks, b)
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "fwenv-build-")
	if err != nil {
		return "", err
	}
	a.cleanups = append(a.cleanups, func() { os.RemoveAll(tmp) })
	out := filepath.Join(tmp, "out")
	var r *build.Result
	switch st, serr := os.Stat(it.project); {
	case serr == nil && !st.IsDir():
		// An sdist: unpacked safely (archive/sdist) and built; the built
		// wheel is cached by the sdist's sha256.
		a.logf("building %s\n", it.what)
		r, err = build.BuildWheelFromSdist(context.Background(), it.project, out, opts)
	case it.editable:
		a.logf("building %s in place (editable)\n", it.what)
		r, err = build.BuildEditable(context.Background(), it.project, out, opts)
	default:
		a.logf("building %s\n", it.what)
		r, err = build.BuildWheel(context.Background(), it.project, out, opts)
	}
	if err != nil {
		return "", err
	}
	a.reportBuild(r)
	return r.Path, nil
}

func (a *app) buildCmd() *cobra.Command {
	var sdistOnly, wheelOnly bool
	var outDir, py string
	var findLinks []string
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
			dir := a.cwd
			if len(args) == 1 {
				dir = a.abs(args[0])
			}
			var info *python.Info
			var envDir string
			if py != "" {
				i, err := a.findPython(py)
				if err != nil {
					return err
				}
				info = i
			} else if c, err := a.openEnv(); err == nil {
				info, envDir = c.info, c.env.Dir
			} else {
				i, err := a.findPython("")
				if err != nil {
					return err
				}
				info = i
			}
			opts, err := a.buildOptions(info, envDir, findLinks, b)
			if err != nil {
				return err
			}
			if outDir != "" {
				outDir = a.abs(outDir)
			}
			res, err := build.Build(context.Background(), dir, build.BuildOptions{Options: opts, Sdist: sdistOnly, Wheel: wheelOnly, OutDir: outDir})
			if err != nil {
				return err
			}
			for _, r := range []*build.Result{res.Sdist, res.Wheel} {
				if r == nil {
					continue
				}
				a.reportBuild(r)
				fmt.Fprintln(a.stdout, r.Path)
			}
			if res.Wheel != nil {
				a.debugf("wheel built from the %s\n", res.WheelFrom)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&sdistOnly, "sdist", false, "build the sdist only")
	f.BoolVar(&wheelOnly, "wheel", false, "build the wheel only (from the source tree)")
	f.StringVarP(&outDir, "outdir", "o", "", "output folder (default DIR/dist)")
	f.StringVarP(&py, "python", "p", "", "interpreter to build for")
	f.StringArrayVarP(&findLinks, "find-links", "f", nil, "folder of wheels for build requirements (repeatable)")
	b.add(cmd)
	return cmd
}
