package activate

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var goldenOptions = Options{EnvDir: "/home/user/projects/my env", Prompt: "venv"}

// TestGolden compares every rendered script with testdata/NAME.golden. They
// are the only check of Activate.ps1 and activate.nu beyond the quoting
// test below: there is no PowerShell or nushell on the test machines, so
// those two scripts are never run in CI. Run "go test -update" after an
// intended change and read the diff.
func TestGolden(t *testing.T) {
	files, err := Scripts(goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		golden := filepath.Join("testdata", f.Name+".golden")
		if *update {
			if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v\nhint: go test ./env/activate/ -run TestGolden -update", err)
		}
		if !bytes.Equal(f.Data, want) {
			t.Errorf("%s differs from %s\nhint: if the change is intended, run go test ./env/activate/ -run TestGolden -update and review the diff", f.Name, golden)
		}
	}
}

func TestScripts(t *testing.T) {
	files, err := Scripts(Options{EnvDir: "/e", Prompt: "p"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if f.Mode != 0o644 {
			t.Errorf("%s: mode %v, want 0644", f.Name, f.Mode)
		}
		if bytes.Contains(f.Data, []byte("__FWENV_")) {
			t.Errorf("%s: a placeholder is left", f.Name)
		}
		if !bytes.Contains(f.Data, []byte("deactivate")) {
			t.Errorf("%s: no deactivate", f.Name)
		}
	}
	if got, want := strings.Join(names, " "), "activate activate.fish activate.csh Activate.ps1 activate.nu"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := []Options{
		{},
		{EnvDir: "relative/env"},
		{EnvDir: "/a\nb"},
		{EnvDir: "/a\rb"},
		{EnvDir: "/a\x00b"},
		{EnvDir: "/e", Prompt: "a\nb"},
		{EnvDir: "/e", Prompt: "a\x1b[31mred"},
		{EnvDir: "/e", Prompt: "a\x7fb"},
		{EnvDir: "/e", Prompt: "a\tb"},
	}
	for _, o := range bad {
		if _, err := Scripts(o); err == nil {
			t.Errorf("Scripts(%+q): no error", o)
		}
		if _, err := PrintCode("bash", o); err == nil {
			t.Errorf("PrintCode(%+q): no error", o)
		}
	}
	o, err := Options{EnvDir: "/srv/envs/proj-1/"}.validate()
	if err != nil {
		t.Fatal(err)
	}
	if o.EnvDir != "/srv/envs/proj-1" || o.Prompt != "proj-1" {
		t.Errorf("validate = %+v, want the cleaned dir and its base name as prompt", o)
	}
}

func TestDetectShell(t *testing.T) {
	for in, want := range map[string]string{
		"/bin/bash": "bash", "/usr/bin/zsh": "zsh", "/usr/local/bin/fish": "fish", "/bin/tcsh": "tcsh",
		"/bin/csh": "csh", "/bin/dash": "sh", "/bin/sh": "sh", "/bin/ksh": "sh", "/usr/bin/mksh": "sh",
		"/opt/microsoft/powershell/7/pwsh": "pwsh", "/usr/bin/nu": "nu", "-bash": "bash", "-zsh": "zsh",
		"": "sh", "/bin/unknownsh": "sh", "/usr/bin/xonsh": "sh", "zsh": "zsh",
	} {
		if got := DetectShell(in); got != want {
			t.Errorf("DetectShell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrintCode(t *testing.T) {
	files, err := Scripts(goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	for shell, file := range map[string]string{
		"bash": "activate", "zsh": "activate", "sh": "activate", "dash": "activate",
		"fish": "activate.fish", "csh": "activate.csh", "tcsh": "activate.csh",
		"pwsh": "Activate.ps1", "powershell": "Activate.ps1", "nu": "activate.nu",
	} {
		got, err := PrintCode(shell, goldenOptions)
		if err != nil {
			t.Errorf("PrintCode(%s): %v", shell, err)
			continue
		}
		if !bytes.Equal(got, byName[file]) {
			t.Errorf("PrintCode(%s) is not the text of %s", shell, file)
		}
	}
	for _, s := range Shells {
		if _, err := PrintCode(s, goldenOptions); err != nil {
			t.Errorf("PrintCode(%s): %v", s, err)
		}
	}
	if _, err := PrintCode("cmd.exe", goldenOptions); err == nil || !strings.Contains(err.Error(), "hint:") {
		t.Errorf("PrintCode(cmd.exe): error %v, want one with a hint", err)
	}
}

// hostileStrings are paths and prompts that break naive quoting in one shell
// or another. The typographic quotes are single quotes to PowerShell.
var hostileStrings = []string{
	hostileDir,
	hostilePrompt,
	"‘a’ ‚b‛ 'c' \"d\" `e` $f ${g} $(h) @(i) \\j\\ {k} #l",
	`ends with backslash\`,
	`"`, `'`, "`", "$", "\\\"",
}

// parsePwshLiteral reads a PowerShell single-quoted string at the start of
// s, following PowerShell's tokenizer: any of ' ‘ ’ ‚ ‛ is a quote, and a
// quote followed by another quote stands for the second one.
func parsePwshLiteral(s string) (value, rest string, err error) {
	isQuote := func(r rune) bool { return strings.ContainsRune("'\u2018\u2019\u201a\u201b", r) }
	r, n := utf8.DecodeRuneInString(s)
	if !isQuote(r) {
		return "", "", fmt.Errorf("no opening quote in %q", s)
	}
	var b strings.Builder
	for i := n; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isQuote(r) {
			r2, n2 := utf8.DecodeRuneInString(s[i+n:])
			if i+n < len(s) && isQuote(r2) {
				b.WriteRune(r2)
				i += n + n2
				continue
			}
			return b.String(), s[i+n:], nil
		}
		b.WriteRune(r)
		i += n
	}
	return "", "", fmt.Errorf("no closing quote in %q", s)
}

// parseNuLiteral reads a nushell double-quoted string at the start of s.
func parseNuLiteral(s string) (value, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", fmt.Errorf("no opening quote in %q", s)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			i++
			if i >= len(s) {
				return "", "", fmt.Errorf("dangling backslash in %q", s)
			}
			switch s[i] {
			case '\\', '"', '/', '\'':
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'u':
				end := strings.IndexByte(s[i:], '}')
				var r rune
				if !strings.HasPrefix(s[i:], "u{") || end < 0 {
					return "", "", fmt.Errorf("bad \\u escape in %q", s)
				}
				if _, err := fmt.Sscanf(s[i+2:i+end], "%x", &r); err != nil {
					return "", "", err
				}
				b.WriteRune(r)
				i += end
			default:
				return "", "", fmt.Errorf("unknown escape \\%c in %q", s[i], s)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("no closing quote in %q", s)
}

// TestPwshNuQuoting renders Activate.ps1 and activate.nu with hostile values
// and reads every inserted literal back with a parser that follows the
// shell's rules: it must be the value, with nothing after it on the line.
func TestPwshNuQuoting(t *testing.T) {
	for _, h := range hostileStrings {
		o := Options{EnvDir: "/tmp/" + h, Prompt: h}
		ov, err := o.validate()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			shell string
			parse func(string) (string, string, error)
			want  map[string]string // line prefix -> value
		}{
			{"pwsh", parsePwshLiteral, map[string]string{
				"$env:VIRTUAL_ENV = ":        ov.EnvDir,
				"$env:VIRTUAL_ENV_PROMPT = ": ov.Prompt,
				"$env:PATH = ":               ov.EnvDir + "/bin",
				"$text = ":                   "(" + ov.Prompt + ") ",
			}},
			{"nu", parseNuLiteral, map[string]string{
				"let venv = ":          ov.EnvDir,
				"let bin = ":           ov.EnvDir + "/bin",
				"VIRTUAL_ENV_PROMPT: ": ov.Prompt,
				"let prefix = ":        "(" + ov.Prompt + ") ",
			}},
		} {
			code, err := PrintCode(c.shell, o)
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]int{}
			for _, line := range strings.Split(string(code), "\n") {
				line = strings.TrimSpace(line)
				for prefix, want := range c.want {
					if !strings.HasPrefix(line, prefix) {
						continue
					}
					found[prefix]++
					got, rest, err := c.parse(line[len(prefix):])
					if err != nil {
						t.Errorf("%s, %q: %s: %v", c.shell, h, line, err)
						continue
					}
					rest = strings.TrimSpace(rest)
					if prefix == "$env:PATH = " {
						rest = strings.TrimPrefix(rest, "+ [System.IO.Path]::PathSeparator + $env:PATH")
					}
					if got != want || rest != "" {
						t.Errorf("%s: line %s reads as %q then %q, want %q alone", c.shell, line, got, rest, want)
					}
				}
			}
			for prefix := range c.want {
				if found[prefix] == 0 {
					t.Errorf("%s: no line starts with %q", c.shell, prefix)
				}
			}
		}
	}
}

func TestSubstitute(t *testing.T) {
	pairs := []string{"__FWENV_A__", "x__FWENV_B__y", "__FWENV_B__", "b"}
	got, err := substitute("1__FWENV_A__2__FWENV_B__3__FWENV_A__", pairs)
	if err != nil || string(got) != "1x__FWENV_B__y2b3x__FWENV_B__y" {
		t.Fatalf("substitute = %q, %v; values must be inserted as they are, never rescanned", got, err)
	}
	if _, err := substitute("a __FWENV_C__ b", pairs); err == nil || !strings.Contains(err.Error(), "__FWENV_C__") {
		t.Errorf("an unknown placeholder gave %v", err)
	}
	if _, err := substitute("a __FWENV_C", pairs); err == nil {
		t.Error("an unterminated placeholder was accepted")
	}
}
