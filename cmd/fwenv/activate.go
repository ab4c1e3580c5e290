package main

import (
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/fwenv/fwenv/env/activate"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/env/venv"
)

func (a *app) activateCmd() *cobra.Command {
	var print bool
	var shell string
	cmd := &cobra.Command{
		Use:   "activate [DIR]",
		Short: "Start a shell with the environment active, or print activation code",
		Long: `On a terminal, start your shell ($SHELL) with the environment active; leaving
the shell leaves the environment. With --print, or when standard output is not
a terminal, print code that activates the environment in the current shell:

  eval "$(fwenv activate --print)"                 # bash, zsh, sh
  fwenv activate --print --shell fish | source     # fish

Without DIR the environment is chosen as for every command (--env, then
$VIRTUAL_ENV, then the nearest .venv or venv).`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var env *venv.Env
			var err error
			if len(args) == 1 {
				env, err = a.session().SelectUsableEnv(ops.EnvSelector{Flag: a.abs(args[0])})
			} else {
				env, err = a.env()
			}
			if err != nil {
				return err
			}
			if shell == "" {
				shell = activate.DetectShell(a.getenv("SHELL"))
			}
			opts := activate.Options{EnvDir: env.Dir, Prompt: env.Prompt()}
			if !print && a.stdout == os.Stdout && term.IsTerminal(int(os.Stdout.Fd())) {
				return a.subshell(shell, opts)
			}
			code, err := activate.PrintCode(shell, opts)
			if err != nil {
				return usageError{err}
			}
			_, err = a.stdout.Write(code)
			return err
		},
	}
	cmd.Flags().BoolVar(&print, "print", false, "print activation code instead of starting a shell")
	cmd.Flags().StringVar(&shell, "shell", "", "shell to write code for: bash, zsh, sh, fish, csh, tcsh, pwsh, nu (default: from $SHELL)")
	return cmd
}

func (a *app) subshell(shell string, opts activate.Options) error {
	shellPath := a.getenv("SHELL")
	if shellPath == "" {
		shellPath = "/bin/sh"
	}
	c, cleanup, err := activate.Subshell(shell, shellPath, opts, os.Environ())
	if err != nil {
		return err
	}
	defer cleanup()
	a.logf("Entering %s with %s active; type `exit` to leave.\n", shellPath, opts.EnvDir)
	return a.runChild(c)
}
