package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/cmd/internal/progress"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/venv"
	"github.com/fwenv/fwenv/resolver/secret"
)

// app holds the streams and settings shared by all commands.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	cwd            string

	// global flags
	envDir   string
	cacheDir string
	noCache  bool
	cfgFile  string
	verbose  bool
	quiet    bool

	// cleanups run when the command ends (temporary build folders).
	cleanups []func()
	// noCacheDir is the temporary cache of --no-cache, once made.
	noCacheDir string

	cfg     *config.Config
	sources map[string]config.Source
	root    *cobra.Command

	// disp draws the session's progress on a terminal; bars maps its
	// events onto it (progress.go).
	disp *progress.Display
	bars *bars
	// sess is the operations' session (session).
	sess *ops.Session
	// intr takes Ctrl-C and SIGTERM (interrupt.go).
	intr *interrupts
	// fakeOps replaces the session's operations in tests of flag parsing.
	fakeOps operations
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	cwd, _ := os.Getwd()
	if p := getenv("PWD"); p != "" && filepath.IsAbs(p) {
		if a, err := os.Stat(p); err == nil {
			if b, err := os.Stat(cwd); err == nil && os.SameFile(a, b) {
				cwd = p
			}
		}
	}
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, cwd: cwd}
}

func (a *app) rootCmd(args []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "fwenv",
		Short: "Virtual environments and plugin installs for Python frameworks",
		Long: `fwenv creates Python virtual environments and installs framework plugins into
them, as virtualenv and pip do, in one fast binary.

The environment a command acts on is --env DIR, else $VIRTUAL_ENV, else the
nearest .venv or venv folder in the current folder or its parents.`,
		Version:           version,
		SilenceErrors:     true,
		SilenceUsage:      true,
		PersistentPreRunE: a.loadConfig,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate("fwenv {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&a.envDir, "env", "", "the environment to act on (default: $VIRTUAL_ENV, else the nearest .venv or venv)")
	pf.StringVar(&a.cacheDir, "cache-dir", "", "cache folder (default: $XDG_CACHE_HOME/fwenv)")
	pf.BoolVar(&a.noCache, "no-cache", false, "use a fresh temporary cache, removed when the command ends")
	pf.StringVar(&a.cfgFile, "config", "", "user configuration file (default: $XDG_CONFIG_HOME/fwenv/config.yaml)")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "say more")
	pf.BoolVarP(&a.quiet, "quiet", "q", false, "say only errors")
	config.MarkPath(pf, "env")
	config.MarkPath(pf, "cache-dir")
	config.MarkPath(pf, "config")
	cmds := a.commands(args)
	for _, c := range cmds {
		root.AddCommand(c())
	}
	// cobra's own completion command is only needed when it may be the one
	// run: help, completion and unknown names build every command.
	root.CompletionOptions.DisableDefaultCmd = len(cmds) == 1
	a.root = root
	return root
}

// commands are the constructors of the subcommands args needs: only the
// one named (building all of them is a tenth of a short command's time),
// or all of them for help, completion and anything unrecognised.
func (a *app) commands(args []string) []func() *cobra.Command {
	all := map[string]func() *cobra.Command{
		"create": a.createCmd, "activate": a.activateCmd, "run": a.runCmd, "python": a.pythonCmd,
		"config": a.configCmd, "install": a.installCmd, "uninstall": a.uninstallCmd, "list": a.listCmd,
		"show": a.showCmd, "freeze": a.freezeCmd, "entry-points": a.entryPointsCmd, "check": a.checkCmd,
		"build": a.buildCmd,
	}
	order := []string{"create", "activate", "run", "python", "config", "install", "uninstall", "list",
		"show", "freeze", "entry-points", "check", "build"}
	for _, r := range registered {
		all[r.name] = func() *cobra.Command { return r.make(a) }
		order = append(order, r.name)
	}
	if name := commandName(args); name != "" {
		if c, ok := all[name]; ok {
			return []func() *cobra.Command{c}
		}
	}
	out := make([]func() *cobra.Command, 0, len(order))
	for _, n := range order {
		out = append(out, all[n])
	}
	return out
}

// registered are the commands defined in files of their own, which add
// themselves with register from an init function.
var registered []struct {
	name string
	make func(*app) *cobra.Command
}

// register adds a command (name as typed, constructor) after the built-in
// ones; help lists them in registration order (file name order).
func register(name string, make func(*app) *cobra.Command) {
	registered = append(registered, struct {
		name string
		make func(*app) *cobra.Command
	}{name, make})
}

// commandName is the first argument that is not a global flag or its value
// ("" when there is none, or args is nil: build every command).
func commandName(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return ""
		case a == "--env" || a == "--cache-dir" || a == "--config":
			i++ // the flag's value
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}

// loadConfig fills every flag the user did not give from FWENV_* variables
// and the configuration files.
func (a *app) loadConfig(cmd *cobra.Command, _ []string) error {
	cfg, err := config.Load(a.cfgFile, a.cwd, a.getenv, a.knownKeys)
	if err != nil {
		return err
	}
	a.cfg = cfg
	src, err := a.cfg.Apply(cmd.Flags())
	a.sources = src
	if err != nil {
		return err
	}
	if a.quiet && a.verbose {
		return usageError{fmt.Errorf("--quiet and --verbose cannot be used together")}
	}
	return nil
}

// allFlags lists every long flag of every command, by name, from a tree of
// all commands built apart (defining flags resets the variables they bind).
func (a *app) allFlags() map[string]*pflag.Flag {
	full := newApp(a.stdin, a.stdout, a.stderr, a.getenv)
	full.rootCmd(nil)
	out := map[string]*pflag.Flag{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" || f.Name == "version" {
				return
			}
			if _, ok := out[f.Name]; !ok {
				out[f.Name] = f
			}
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(full.root)
	return out
}

func (a *app) knownKeys() map[string]bool {
	out := map[string]bool{}
	for k := range a.allFlags() {
		out[k] = true
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// logf prints a message unless --quiet, credentials hidden.
func (a *app) logf(format string, args ...any) {
	if !a.quiet {
		fmt.Fprint(a.messages(), outputSafe(fmt.Sprintf(format, args...)))
	}
}

// debugf prints only with --verbose, credentials hidden.
func (a *app) debugf(format string, args ...any) {
	if a.verbose {
		fmt.Fprint(a.messages(), outputSafe(fmt.Sprintf(format, args...)))
	}
}

// outputSafe is text as fwenv shows it on the terminal: credentials hidden
// (resolver/secret), then every line escaped (archive/printable) but the
// line breaks between lines kept. Messages carry what subprocesses (git,
// interpreters, build backends), servers and distributions wrote, so escape
// sequences in them must not reach the terminal. Escaping is idempotent:
// text escaped before is left as it is.
func outputSafe(s string) string { return printable.Lines(secret.Redact(s)) }

// cacheRoot is the cache folder a command reads and fills: with --no-cache
// a temporary one removed when the command ends, else the user's
// (cache.go). The session tags it as a cache on first use.
func (a *app) cacheRoot() string {
	if a.noCache {
		return a.tempCacheRoot()
	}
	return a.userCacheDir()
}

// session is the command's one ops.Session: its events are rendered on
// stderr, its temporary folders removed when the command ends.
func (a *app) session() *ops.Session {
	if a.sess == nil {
		a.display()
		a.sess = &ops.Session{Cwd: a.cwd, Getenv: a.getenv, CacheDir: a.cacheRoot(), Version: version, Events: a.event}
		if a.intr != nil {
			a.sess.Context = a.intr.ctx
			a.intr.sess.Store(a.sess)
		}
		if a.verbose {
			a.sess.BuildLog = a.messages()
		}
		a.cleanups = append(a.cleanups, a.sess.Close)
	}
	return a.sess
}

// envSel is how the user chose the environment.
func (a *app) envSel() ops.EnvSelector { return ops.EnvSelector{Flag: a.envDir} }

// event renders an operation's event: messages on stderr (debug ones with
// -v only, none with -q), progress as bars on a terminal (progress.go).
func (a *app) event(e ops.Event) {
	if e.Progress != nil {
		a.bars.update(e.Progress)
		return
	}
	switch e.Level {
	case ops.Debug:
		a.debugf("%s\n", e.Message)
	case ops.Info:
		a.logf("%s\n", e.Message)
	case ops.Warning:
		a.logf("warning: %s\n", e.Message)
	}
}

func (a *app) finder() *python.Finder { return a.session().Finder() }

func (a *app) findPython(req string) (*python.Info, error) { return a.session().FindPython(req) }

// env selects the environment the command acts on.
func (a *app) env() (*venv.Env, error) { return a.session().SelectUsableEnv(a.envSel()) }

func (a *app) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(a.cwd, p)
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '=' || r == ':' || r == ',' || r == '+' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// flagError makes a flag parsing error a usage error (exit status 2); a
// value the flag refuses (config.ValueError) keeps its own hint; an unknown
// flag gets the nearest flags of the command as suggestions.
func flagError(cmd *cobra.Command, err error) error {
	var ive *pflag.InvalidValueError
	var ve *config.ValueError
	if errors.As(err, &ive) && errors.As(err, &ve) {
		return &flagValueError{msg: fmt.Sprintf("invalid argument %q for \"--%s\" flag: %s", ive.GetValue(), ive.GetFlag().Name, ve.Msg), hint: ve.Hint()}
	}
	return usageError{suggestFlag(cmd, err)}
}

// flagValueError is a refused flag value; its message starts as pflag's
// do ("invalid argument"), which makes it a usage error.
type flagValueError struct{ msg, hint string }

func (e *flagValueError) Error() string { return e.msg }
func (e *flagValueError) Hint() string  { return e.hint }

// args wraps cobra's argument checks as usage errors.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}
