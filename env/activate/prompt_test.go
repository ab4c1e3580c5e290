package activate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPromptDisplayed runs interactive shells without a terminal (they then
// write their prompts to stdout or stderr) and checks the prompt they draw
// after sourcing the script with a hostile prompt name: the name must show
// literally, with nothing in it expanded or executed.
func TestPromptDisplayed(t *testing.T) {
	cases := []struct {
		bin    string
		args   []string
		script string
		quote  func(string) string
		setPS1 string
	}{
		{bin: "bash", args: []string{"--norc", "--noprofile", "-i"}, script: "activate", quote: quoteSh, setPS1: "PS1=%s"},
		{bin: "zsh", args: []string{"-f", "-i"}, script: "activate", quote: quoteSh, setPS1: "PS1=%s"},
		{bin: "dash", args: []string{"-i"}, script: "activate", quote: quoteSh, setPS1: "PS1=%s"},
		{bin: "tcsh", args: []string{"-f", "-i"}, script: "activate.csh", quote: quoteCsh, setPS1: "set prompt = %s"},
	}
	for _, c := range cases {
		t.Run(c.bin, func(t *testing.T) {
			t.Parallel()
			shellPath := needShell(t, c.bin)
			root := t.TempDir()
			envDir := filepath.Join(root, hostileDir)
			makeEnv(t, envDir, hostilePrompt)
			src := ". "
			if c.bin == "tcsh" {
				src = "source "
			}
			lines := []string{
				strings.Replace(c.setPS1, "%s", c.quote(origPrompt), 1),
				src + c.quote(filepath.Join(envDir, "bin", c.script)),
			}
			// tcsh reads all of its piped input at once and draws the prompt
			// only when it waits for more: at the end. So it is checked
			// while active only; the others also draw the prompt after
			// deactivate.
			if c.bin != "tcsh" {
				lines = append(lines, "deactivate", "exit")
			}
			input := strings.Join(lines, "\n") + "\n"
			cmd := exec.Command(shellPath, c.args...)
			cmd.Env = []string{"HOME=" + root, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TERM=dumb"}
			cmd.Stdin = strings.NewReader(input)
			out, _ := cmd.CombinedOutput()
			text := string(out)
			want := "(" + hostilePrompt + ") " + origPrompt
			if !strings.Contains(text, want) {
				t.Errorf("the shell did not draw the prompt %q; output:\n%q", want, text)
			}
			if c.bin == "tcsh" {
				return
			}
			// After deactivate the original prompt is drawn again.
			i := strings.LastIndex(text, want)
			if i < 0 || !strings.Contains(text[i+len(want):], origPrompt) {
				t.Errorf("the original prompt is not drawn after deactivate; output:\n%q", text)
			}
		})
	}
}

// TestFishPromptStatus checks that the wrapped fish_prompt still sees the
// exit status of the last command.
func TestFishPromptStatus(t *testing.T) {
	shellPath := needShell(t, "fish")
	root := t.TempDir()
	envDir := filepath.Join(root, "env")
	makeEnv(t, envDir, "venv")
	script := strings.Join([]string{
		`function fish_prompt; printf 'st=%s> ' $status; end`,
		"source " + quoteFish(filepath.Join(envDir, "bin", "activate.fish")),
		"false; fish_prompt; echo",
		"true; fish_prompt; echo",
		"deactivate",
		"false; fish_prompt; echo",
	}, "\n")
	f := filepath.Join(root, "driver.fish")
	if err := os.WriteFile(f, []byte(script+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(shellPath, "--no-config", f)
	cmd.Env = []string{"HOME=" + root, "PATH=/usr/bin:/bin", "LANG=C.UTF-8"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got, want := string(out), "(venv) st=1> \n(venv) st=0> \nst=1> \n"; got != want {
		t.Errorf("prompts = %q, want %q", got, want)
	}
}
