package activate

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Subshell prepares an interactive shell with the environment active. shell
// is one of Shells (see DetectShell); shellPath is the shell's executable
// ($SHELL), or empty to look the shell up on PATH (as it is also when
// shellPath names another known shell, e.g. $SHELL is bash and shell is
// fish); environ is the
// environment to start it with (usually os.Environ()).
//
// The returned command inherits the terminal (its Stdin, Stdout and Stderr
// are those of this process; the caller may change them) and is not started.
// Leaving the shell leaves the environment; inside it, deactivate works as
// after sourcing the scripts (except for csh and tcsh, see below). The
// caller must call cleanup after the shell has exited: it removes the
// temporary files the shell reads at start-up.
//
// How the environment is activated:
//   - bash: --rcfile with a temporary file that sources ~/.bashrc, then the
//     activate script;
//   - zsh: ZDOTDIR is a temporary directory whose .zshenv and .zshrc source
//     the user's own files (from the user's ZDOTDIR or HOME), then activate;
//   - sh (dash, ksh, ...): ENV names a temporary file that sources the
//     user's $ENV file, then activate;
//   - fish: --init-command sources activate.fish after the user's config;
//   - pwsh: -NoExit -Command dot-sources Activate.ps1 (not tested: there is no
//     PowerShell on the test machines);
//   - nu: --execute runs "overlay use" of activate.nu (not tested either);
//   - csh, tcsh: they have no option to read an extra start-up file, so only
//     the environment is changed: VIRTUAL_ENV, VIRTUAL_ENV_PROMPT and PATH are
//     set and PYTHONHOME removed. The prompt is not changed and there is no
//     deactivate alias: "exit" leaves the environment.
func Subshell(shell, shellPath string, o Options, environ []string) (cmd *exec.Cmd, cleanup func(), err error) {
	shell = normalizeShell(shell)
	s, err := scriptFor(shell)
	if err != nil {
		return nil, nil, err
	}
	o, err = o.validate()
	if err != nil {
		return nil, nil, err
	}
	// A $SHELL of another known shell (fwenv activate --shell fish, run
	// from bash) is not the binary to start: look the asked shell up.
	if k, known := knownShell(shellPath); shellPath != "" && known && shellFamily(k) != shellFamily(shell) {
		shellPath = ""
	}
	if shellPath == "" {
		shellPath, err = exec.LookPath(shell)
		if err != nil {
			return nil, nil, fmt.Errorf("activate: cannot find the shell %s: %w\nhint: set SHELL to the shell's path", shell, err)
		}
	}
	environ = append([]string(nil), environ...)

	tmp, err := os.MkdirTemp("", "fwenv-activate-")
	if err != nil {
		return nil, nil, fmt.Errorf("activate: %w", err)
	}
	cleanup = func() { os.RemoveAll(tmp) }
	fail := func(err error) (*exec.Cmd, func(), error) {
		cleanup()
		return nil, nil, fmt.Errorf("activate: %w", err)
	}
	code, err := s.render(o)
	if err != nil {
		return fail(err)
	}
	write := func(name string, data []byte) (string, error) {
		p := filepath.Join(tmp, name)
		return p, os.WriteFile(p, data, 0o600)
	}

	var args []string
	switch shell {
	case "bash":
		rc, err := write("bashrc", append([]byte("if [ -f ~/.bashrc ]; then . ~/.bashrc; fi\n"), code...))
		if err != nil {
			return fail(err)
		}
		args = []string{"--rcfile", rc, "-i"}
	case "zsh":
		if err := writeZshFiles(tmp, environ, code); err != nil {
			return fail(err)
		}
		environ = setEnv(environ, "ZDOTDIR", tmp)
		args = []string{"-i"}
	case "sh":
		var rc strings.Builder
		if v, ok := getEnv(environ, "ENV"); ok {
			fmt.Fprintf(&rc, "ENV=%s; export ENV\n", quoteSh(v))
			rc.WriteString("if [ -n \"$ENV\" ] && [ -r \"$ENV\" ]; then . \"$ENV\"; fi\n")
		} else {
			rc.WriteString("unset ENV\n")
		}
		rc.Write(code)
		p, err := write("shrc", []byte(rc.String()))
		if err != nil {
			return fail(err)
		}
		environ = setEnv(environ, "ENV", p)
		args = []string{"-i"}
	case "fish":
		p, err := write("activate.fish", code)
		if err != nil {
			return fail(err)
		}
		args = []string{"-i", "--init-command", "source " + quoteFish(p)}
	case "pwsh":
		p, err := write("Activate.ps1", code)
		if err != nil {
			return fail(err)
		}
		args = []string{"-NoExit", "-Command", ". " + quotePwsh(p)}
	case "nu":
		// The overlay is named after the file, and deactivate hides
		// "activate": the file must be called activate.nu.
		p, err := write("activate.nu", code)
		if err != nil {
			return fail(err)
		}
		args = []string{"--execute", "overlay use " + quoteNu(p)}
	default: // csh, tcsh
		environ = activatedEnviron(environ, o)
	}

	cmd = exec.Command(shellPath, args...)
	cmd.Env = environ
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd, cleanup, nil
}

// knownShell names the shell of an executable path, if it is one of Shells.
func knownShell(shellPath string) (string, bool) {
	s := normalizeShell(filepath.Base(shellPath))
	for _, k := range Shells {
		if s == k {
			return s, true
		}
	}
	return "", false
}

// shellFamily groups shells that run the same start-up mechanism.
func shellFamily(shell string) string {
	if shell == "tcsh" {
		return "csh"
	}
	return shell
}

// writeZshFiles writes the .zshenv and .zshrc that zsh reads from the
// temporary ZDOTDIR. They put the user's ZDOTDIR back (or unset it) before
// sourcing the user's files, so those see what they would normally see.
func writeZshFiles(tmp string, environ []string, code []byte) error {
	restore := "unset ZDOTDIR\n"
	if v, ok := getEnv(environ, "ZDOTDIR"); ok {
		restore = "ZDOTDIR=" + quoteSh(v) + "; export ZDOTDIR\n"
	}
	zshenv := restore +
		"if [ -f \"${ZDOTDIR:-$HOME}/.zshenv\" ]; then . \"${ZDOTDIR:-$HOME}/.zshenv\"; fi\n" +
		// The user's .zshenv may set ZDOTDIR; remember it for .zshrc.
		"if [ -n \"${ZDOTDIR+x}\" ]; then _fwenv_user_zdotdir=$ZDOTDIR; else unset _fwenv_user_zdotdir; fi\n" +
		"ZDOTDIR=" + quoteSh(tmp) + "; export ZDOTDIR\n"
	zshrc := "if [ -n \"${_fwenv_user_zdotdir+x}\" ]; then ZDOTDIR=$_fwenv_user_zdotdir; export ZDOTDIR; else unset ZDOTDIR; fi\n" +
		"unset _fwenv_user_zdotdir\n" +
		"if [ -f \"${ZDOTDIR:-$HOME}/.zshrc\" ]; then . \"${ZDOTDIR:-$HOME}/.zshrc\"; fi\n" +
		string(code)
	if err := os.WriteFile(filepath.Join(tmp, ".zshenv"), []byte(zshenv), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(tmp, ".zshrc"), []byte(zshrc), 0o600)
}

// activatedEnviron is environ with the environment active, for shells that
// cannot run the activation script at start-up.
func activatedEnviron(environ []string, o Options) []string {
	path := binDir(o.EnvDir)
	if v, ok := getEnv(environ, "PATH"); ok && v != "" {
		path += ":" + v
	}
	environ = setEnv(environ, "VIRTUAL_ENV", o.EnvDir)
	environ = setEnv(environ, "VIRTUAL_ENV_PROMPT", o.Prompt)
	environ = setEnv(environ, "PATH", path)
	return unsetEnv(environ, "PYTHONHOME")
}

func getEnv(environ []string, key string) (string, bool) {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

func unsetEnv(environ []string, key string) []string {
	out := environ[:0:0]
	for _, kv := range environ {
		if k, _, _ := strings.Cut(kv, "="); k != key {
			out = append(out, kv)
		}
	}
	return out
}

func setEnv(environ []string, key, value string) []string {
	return append(unsetEnv(environ, key), key+"="+value)
}
