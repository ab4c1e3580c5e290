package activate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// subshellRun starts Subshell with commands on stdin instead of a terminal
// and returns what it printed. It also checks that cleanup removes the
// temporary files.
func subshellRun(t *testing.T, shell, shellPath string, o Options, environ []string, input string) (stdout, stderr string) {
	t.Helper()
	cmd, cleanup, err := Subshell(shell, shellPath, o, environ)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	cmd.Stdin = strings.NewReader(input)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Dir = t.TempDir()
	runErr := cmd.Run()
	tmp := subshellTempDir(cmd.Args, cmd.Env)
	cleanup()
	if runErr != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", shell, runErr, out.Bytes(), errb.Bytes())
	}
	if tmp != "" {
		if _, err := os.Stat(tmp); !os.IsNotExist(err) {
			t.Errorf("cleanup left %s behind (%v)", tmp, err)
		}
	}
	return out.String(), errb.String()
}

// subshellTempDir finds Subshell's temporary directory in the command.
func subshellTempDir(args, env []string) string {
	for _, s := range append(append([]string(nil), args...), env...) {
		if i := strings.Index(s, "fwenv-activate-"); i >= 0 {
			rest := s[i:]
			if j := strings.IndexAny(rest, "/'\" "); j >= 0 {
				rest = rest[:j]
			}
			start := strings.LastIndexAny(s[:i], "='\" ") + 1
			return s[start:i] + rest
		}
	}
	return ""
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func subshellFixture(t *testing.T) (home, envDir string, environ []string) {
	root := t.TempDir()
	home = filepath.Join(root, "home")
	envDir = filepath.Join(root, "my env")
	makeEnv(t, envDir, "venv")
	environ = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TERM=dumb", "PYTHONHOME=/opt/py"}
	return home, envDir, environ
}

func TestSubshellBash(t *testing.T) {
	t.Parallel()
	bash := needShell(t, "bash")
	home, envDir, environ := subshellFixture(t)
	writeFile(t, filepath.Join(home, ".bashrc"), "FROM_RC=yes\nPS1='rc> '\n")
	out, errOut := subshellRun(t, "bash", bash, Options{EnvDir: envDir, Prompt: "venv"}, environ,
		`printf 'in:%s|%s|%s|%s|%s\n' "$VIRTUAL_ENV" "$VIRTUAL_ENV_PROMPT" "$FROM_RC" "${PYTHONHOME-unset}" "$PATH"`+"\n"+
			`deactivate; printf 'out:%s|%s|%s\n' "${VIRTUAL_ENV-unset}" "${PYTHONHOME-unset}" "$PATH"`+"\nexit\n")
	want := "in:" + envDir + "|venv|yes|unset|" + envDir + "/bin:/usr/bin:/bin\n" +
		"out:unset|/opt/py|/usr/bin:/bin\n"
	if out != want {
		t.Errorf("output = %q, want %q (stderr %q)", out, want, errOut)
	}
	if !strings.Contains(errOut, "(venv) rc> ") {
		t.Errorf("the prompt (venv) rc> was not drawn; stderr: %q", errOut)
	}
}

func TestSubshellZsh(t *testing.T) {
	t.Parallel()
	zsh := needShell(t, "zsh")
	for _, userZdotdir := range []bool{false, true} {
		home, envDir, environ := subshellFixture(t)
		rcDir := home
		if userZdotdir {
			rcDir = filepath.Join(home, "zdot")
			environ = append(environ, "ZDOTDIR="+rcDir)
		}
		writeFile(t, filepath.Join(rcDir, ".zshenv"), "FROM_ZSHENV=yes\n")
		writeFile(t, filepath.Join(rcDir, ".zshrc"), "FROM_RC=yes\nPS1='rc> '\n")
		out, _ := subshellRun(t, "zsh", zsh, Options{EnvDir: envDir, Prompt: "venv"}, environ,
			`printf 'in:%s|%s|%s|%s|%s|%s\n' "$VIRTUAL_ENV" "$FROM_ZSHENV" "$FROM_RC" "${ZDOTDIR-unset}" "${PYTHONHOME-unset}" "$PS1"`+"\n"+
				`deactivate; printf 'out:%s|%s|%s\n' "${VIRTUAL_ENV-unset}" "$PATH" "$PS1"`+"\nexit\n")
		zd := "unset"
		if userZdotdir {
			zd = rcDir
		}
		want := "in:" + envDir + "|yes|yes|" + zd + "|unset|(venv) rc> \n" +
			"out:unset|/usr/bin:/bin|rc> \n"
		if out != want {
			t.Errorf("ZDOTDIR set=%v: output = %q, want %q", userZdotdir, out, want)
		}
	}
}

func TestSubshellSh(t *testing.T) {
	t.Parallel()
	dash := needShell(t, "dash")
	home, envDir, environ := subshellFixture(t)
	shrc := filepath.Join(home, ".shrc")
	writeFile(t, shrc, "FROM_RC=yes\n")
	environ = append(environ, "ENV="+shrc)
	out, _ := subshellRun(t, "sh", dash, Options{EnvDir: envDir, Prompt: "venv"}, environ,
		`printf 'in:%s|%s|%s|%s\n' "$VIRTUAL_ENV" "$FROM_RC" "$ENV" "$PATH"`+"\n"+
			`deactivate; printf 'out:%s|%s\n' "${VIRTUAL_ENV-unset}" "$PATH"`+"\nexit\n")
	want := "in:" + envDir + "|yes|" + shrc + "|" + envDir + "/bin:/usr/bin:/bin\n" +
		"out:unset|/usr/bin:/bin\n"
	if out != want {
		t.Errorf("output = %q, want %q", out, want)
	}
}

func TestSubshellFish(t *testing.T) {
	t.Parallel()
	fish := needShell(t, "fish")
	home, envDir, environ := subshellFixture(t)
	writeFile(t, filepath.Join(home, ".config", "fish", "config.fish"), "set -g FROM_RC yes\nfunction fish_prompt; printf 'rc> '; end\n")
	out, errOut := subshellRun(t, "fish", fish, Options{EnvDir: envDir, Prompt: "venv"}, environ,
		`printf 'in:%s|%s|%s|%s|%s\n' "$VIRTUAL_ENV" "$FROM_RC" (set -q PYTHONHOME; or echo unset) (string join : $PATH) (fish_prompt)`+"\n"+
			`deactivate; printf 'out:%s|%s|%s\n' (set -q VIRTUAL_ENV; or echo unset) (string join : $PATH) (fish_prompt)`+"\nexit\n")
	want := "in:" + envDir + "|yes|unset|" + envDir + "/bin:/usr/bin:/bin|(venv) rc> \n" +
		"out:unset|/usr/bin:/bin|rc> \n"
	if out != want {
		t.Errorf("output = %q, want %q (stderr %q)", out, want, errOut)
	}
}

func TestSubshellTcshEnvironmentOnly(t *testing.T) {
	t.Parallel()
	tcsh := needShell(t, "tcsh")
	_, envDir, environ := subshellFixture(t)
	out, errOut := subshellRun(t, "tcsh", tcsh, Options{EnvDir: envDir, Prompt: "venv"}, environ,
		`printf 'in:%s|%s|%s|%s\n' "$VIRTUAL_ENV:q" "$VIRTUAL_ENV_PROMPT" "$PATH:q" $?PYTHONHOME`+"\nexit\n")
	want := "in:" + envDir + "|venv|" + envDir + "/bin:/usr/bin:/bin|0\n"
	if out != want {
		t.Errorf("output = %q, want %q (stderr %q)", out, want, errOut)
	}
}

// PowerShell and nushell are not installed: check the command and the file
// it runs.
func TestSubshellPwshNuCommand(t *testing.T) {
	o := Options{EnvDir: "/srv/my env", Prompt: "venv"}
	for _, c := range []struct{ shell, file, flag, prefix string }{
		{"pwsh", "Activate.ps1", "-Command", ". '"},
		{"nu", "activate.nu", "--execute", `overlay use "`},
	} {
		cmd, cleanup, err := Subshell(c.shell, "/nonexistent/"+c.shell, o, []string{"PATH=/usr/bin"})
		if err != nil {
			t.Fatal(err)
		}
		tmp := subshellTempDir(cmd.Args, nil)
		p := filepath.Join(tmp, c.file)
		args := strings.Join(cmd.Args, " ")
		if !strings.Contains(args, c.flag+" "+c.prefix+p) {
			t.Errorf("%s: args %q do not run %s", c.shell, args, p)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := PrintCode(c.shell, o)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the file the shell runs is not the rendered script", c.shell)
		}
		cleanup()
		if _, err := os.Stat(tmp); !os.IsNotExist(err) {
			t.Errorf("%s: cleanup left %s behind", c.shell, tmp)
		}
	}
}

func TestSubshellErrors(t *testing.T) {
	if _, _, err := Subshell("cmd.exe", "", Options{EnvDir: "/e"}, nil); err == nil {
		t.Error("unknown shell: no error")
	}
	if _, _, err := Subshell("bash", "/bin/bash", Options{EnvDir: "relative"}, nil); err == nil {
		t.Error("relative EnvDir: no error")
	}
}

func TestSubshellShellPathOfAnotherShell(t *testing.T) {
	fish := needShell(t, "fish")
	// $SHELL is bash, the user asked for fish: fish is started.
	cmd, cleanup, err := Subshell("fish", "/bin/bash", Options{EnvDir: "/e"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if cmd.Path != fish {
		t.Errorf("started %s, want %s", cmd.Path, fish)
	}
	// A shell binary of an unknown name is trusted.
	cmd2, cleanup2, err := Subshell("bash", "/opt/bin/mybash", Options{EnvDir: "/e"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup2()
	if cmd2.Path != "/opt/bin/mybash" {
		t.Errorf("started %s, want /opt/bin/mybash", cmd2.Path)
	}
}
