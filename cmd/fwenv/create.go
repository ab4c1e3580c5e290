package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/fwenv/fwenv/env/ops"
	"github.com/spf13/cobra"
)

type createOptions struct {
	python     string
	prompt     string
	clear      bool
	systemSite bool
	copies     bool
	seed       bool
	noSetup    bool
}

func (a *app) createCmd() *cobra.Command {
	var o createOptions
	cmd := &cobra.Command{
		Use:   "create [DIR]",
		Short: "Create a virtual environment (default: .venv)",
		Long: `Create a PEP 405 virtual environment in DIR (default: --env, else .venv) for
the chosen interpreter. The environment is built in a temporary folder beside
DIR and renamed into place, so a failed create leaves nothing behind.

DIR must not exist, or be an empty folder, or (with --clear) an existing
environment. A folder that is not an environment is never replaced.`,
		Example: `  fwenv create venv
  fwenv create -p 3.12 .venv
  fwenv create --prompt plugins --clear venv`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := a.createDir(args)
			if err != nil {
				return err
			}
			return a.create(dir, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.python, "python", "p", "", "interpreter: a path, a command (python3.12), a version (3.12, cpython3.11.7) or a range (>=3.9,<3.13)")
	f.StringVar(&o.prompt, "prompt", "", "prompt name shown while active (default: the folder name; '.' means the current folder's name)")
	f.BoolVar(&o.clear, "clear", false, "replace an existing environment (or an empty folder) at DIR")
	f.BoolVar(&o.systemSite, "system-site-packages", false, "let the environment see the base interpreter's site-packages")
	f.BoolVar(&o.copies, "copies", false, "copy the interpreter into the environment instead of linking to it")
	f.BoolVar(&o.seed, "seed", false, "install pip (and setuptools for Python 3.11 and older) from the interpreter's ensurepip bundle, offline")
	f.BoolVar(&o.noSetup, "no-setuptools", false, "do not install setuptools: the one (pkg_resources) create installs below Python 3.8, and with --seed the one beside pip")
	return cmd
}

// createDir is the folder create makes: DIR, else --env (or the env
// setting of the configuration), else .venv. --env X with a different
// DIR is a usage error: the two name the environment twice.
func (a *app) createDir(args []string) (string, error) {
	if len(args) == 0 {
		if a.envDir != "" {
			return a.envDir, nil
		}
		return ".venv", nil
	}
	dir := args[0]
	if a.envDir != "" && a.sources["env"].Kind == "flag" && a.abs(a.envDir) != a.abs(dir) {
		return "", usageError{fmt.Errorf("--env %s and the folder %s name two different environments: give one of them", a.envDir, dir)}
	}
	return dir, nil
}

func (a *app) create(dir string, o createOptions) error {
	exe, _ := os.Executable()
	command := []string{shellQuote(exe), "create"}
	if o.python != "" {
		command = append(command, "-p", shellQuote(o.python))
	}
	if o.prompt != "" {
		command = append(command, "--prompt", shellQuote(o.prompt))
	}
	if o.systemSite {
		command = append(command, "--system-site-packages")
	}
	if o.copies {
		command = append(command, "--copies")
	}
	if o.seed {
		command = append(command, "--seed")
	}
	if o.noSetup {
		command = append(command, "--no-setuptools")
	}
	command = append(command, shellQuote(a.abs(dir)))
	res, err := a.ops().Create(ops.CreateOptions{Dir: dir, Python: o.python, Prompt: o.prompt, Clear: o.clear, SystemSite: o.systemSite,
		Copies: o.copies, Seed: o.seed, NoSetuptools: o.noSetup, Command: strings.Join(command, " ")})
	if err != nil {
		return err
	}
	if res.Seeded != nil {
		a.reportChanges(res.Seeded)
	}
	if e := res.NotSeeded; e != nil {
		a.logf("warning: setuptools not seeded: the interpreter %s has no setuptools wheel in its ensurepip bundle (%s), so %s has no pkg_resources, which frameworks use below Python 3.8 to find entry points; add it with `fwenv install --env %s setuptools` (offline: `--no-index -f DIR`, DIR holding a setuptools wheel), or create with --no-setuptools not to be told\n",
			e.Interp, e.Bundle, dir, shellQuote(dir))
	}
	if res.ForRuntime {
		a.logf("Seeded setuptools from the interpreter's bundle: Python %s has no importlib.metadata, so frameworks find entry points with pkg_resources (--no-setuptools leaves it out)\n", res.Info.MajorMinor())
	}
	a.logf("Created %s with %s\n", dir, res.Info.Label())
	if res.NoPip {
		a.logf("note: %s has no pip (its `pip` only says so); install with `fwenv install`, or get pip with `--seed` (always: `seed: true` in the configuration, or FWENV_SEED=1) or `fwenv install -f DIR pip`\n", dir)
	}
	a.logf("Activate it with: source %s/bin/activate   (or: fwenv activate %s)\n", shellQuote(dir), shellQuote(dir))
	return nil
}
