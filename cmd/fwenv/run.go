package main

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/env/venv"
)

func (a *app) runCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "run [--env DIR] [--] CMD [ARGS...]",
		Short: "Run one command inside the environment without activating it",
		Long: `Run CMD with the environment active for it alone: VIRTUAL_ENV set, the
environment's bin folder first on PATH, PYTHONHOME unset. The command's exit
status is fwenv's exit status. fwenv's own flags come before CMD; everything
from CMD on is CMD's (so -- is needed only when CMD starts with a dash).`,
		Example: `  fwenv run python -c 'import sys; print(sys.prefix)'
  fwenv run --env venv -- framework --help`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := a.env()
			if err != nil {
				return err
			}
			environ := env.Environ(os.Environ())
			path, err := venv.LookPath(args[0], environ)
			if err != nil {
				return err
			}
			c := exec.Command(path, args[1:]...)
			c.Args[0] = args[0]
			c.Env = environ
			return a.runChild(c)
		},
	}
	// As env(1) and uv run: flags after CMD are CMD's own.
	c.Flags().SetInterspersed(false)
	return c
}

// runChild runs c on fwenv's own streams and passes its exit status through.
// Interrupts go to the child (it shares the terminal's process group); fwenv
// waits for it instead of dying first.
func (a *app) runChild(c *exec.Cmd) error {
	if c.Stdin == nil {
		c.Stdin = a.stdin
	}
	if c.Stdout == nil {
		c.Stdout = a.stdout
	}
	if c.Stderr == nil {
		c.Stderr = a.stderr
	}
	if a.intr != nil {
		a.intr.own.Store(true) // the child decides
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err := c.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				if s == syscall.SIGTERM || s == syscall.SIGHUP {
					_ = c.Process.Signal(s)
				}
			case <-done:
				return
			}
		}
	}()
	err := c.Wait()
	close(done)
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return exitError{128 + int(ws.Signal())}
		}
		return exitError{ee.ExitCode()}
	}
	return err
}
