package activate

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// The templates, one per script (strings: rendering reads them in place).
var (
	//go:embed templates/activate.sh
	tmplSh string
	//go:embed templates/activate.fish
	tmplFish string
	//go:embed templates/activate.csh
	tmplCsh string
	//go:embed templates/Activate.ps1
	tmplPwsh string
	//go:embed templates/activate.nu
	tmplNu string
)

// Options describe the environment the scripts activate.
type Options struct {
	// EnvDir is the absolute path of the environment where it will be used
	// (its final location; the files may be written elsewhere first).
	EnvDir string
	// Prompt is the environment's prompt name, e.g. "venv", shown as
	// "(venv) ". Empty means the base name of EnvDir.
	Prompt string
}

// File is one rendered activation script.
type File struct {
	Name string      // relative to the environment's bin/ directory
	Mode fs.FileMode // permission bits
	Data []byte
}

// Shells lists the shell names PrintCode and Subshell take.
var Shells = []string{"bash", "zsh", "sh", "fish", "csh", "tcsh", "pwsh", "nu"}

// script describes one template and how values are written into it.
type script struct {
	name   string              // file name in bin/
	tmpl   string              // the template's text
	quote  func(string) string // quotes a word for the shell
	prompt map[string]func(string) string
}

var (
	shScript = script{name: "activate", tmpl: tmplSh, quote: quoteSh, prompt: map[string]func(string) string{
		"__FWENV_PS1_BASH__":  promptBash,
		"__FWENV_PS1_ZSH__":   promptZsh,
		"__FWENV_PS1_POSIX__": promptPOSIX,
	}}
	fishScript = script{name: "activate.fish", tmpl: tmplFish, quote: quoteFish, prompt: map[string]func(string) string{
		"__FWENV_PS1_FISH__": plain,
	}}
	cshScript = script{name: "activate.csh", tmpl: tmplCsh, quote: quoteCsh, prompt: map[string]func(string) string{
		"__FWENV_PS1_CSH__": promptCsh,
	}}
	pwshScript = script{name: "Activate.ps1", tmpl: tmplPwsh, quote: quotePwsh, prompt: map[string]func(string) string{
		"__FWENV_PS1_PWSH__": plain,
	}}
	nuScript = script{name: "activate.nu", tmpl: tmplNu, quote: quoteNu, prompt: map[string]func(string) string{
		"__FWENV_PS1_NU__": plain,
	}}
	allScripts = []script{shScript, fishScript, cshScript, pwshScript, nuScript}
)

func plain(s string) string { return s }

// scriptFor maps a shell name (one of Shells, or a common alias such as
// "dash" or "powershell") to its script.
func scriptFor(shell string) (script, error) {
	switch normalizeShell(shell) {
	case "bash", "zsh", "sh":
		return shScript, nil
	case "fish":
		return fishScript, nil
	case "csh", "tcsh":
		return cshScript, nil
	case "pwsh":
		return pwshScript, nil
	case "nu":
		return nuScript, nil
	}
	return script{}, fmt.Errorf("activate: unknown shell %q\nhint: use one of %s", shell, strings.Join(Shells, ", "))
}

// normalizeShell maps aliases to the names in Shells; unknown names are
// returned unchanged.
func normalizeShell(shell string) string {
	switch shell {
	case "dash", "ksh", "ksh93", "mksh", "pdksh", "oksh", "posh", "yash", "ash", "busybox":
		return "sh"
	case "powershell", "pwsh-preview":
		return "pwsh"
	case "nushell":
		return "nu"
	}
	return shell
}

// DetectShell names the shell from $SHELL (a path such as /usr/bin/zsh; a
// leading "-" of a login shell is ignored). It returns one of Shells; unknown
// or empty values give "sh".
func DetectShell(shellEnv string) string {
	base := filepath.Base(strings.TrimPrefix(strings.TrimSpace(shellEnv), "-"))
	base = strings.TrimPrefix(base, "-")
	s := normalizeShell(base)
	for _, known := range Shells {
		if s == known {
			return s
		}
	}
	return "sh"
}

// validate checks and completes the options.
func (o Options) validate() (Options, error) {
	if o.EnvDir == "" {
		return o, errors.New("activate: no environment directory given")
	}
	if !filepath.IsAbs(o.EnvDir) {
		return o, fmt.Errorf("activate: environment directory %q is not an absolute path", o.EnvDir)
	}
	if strings.ContainsAny(o.EnvDir, "\x00\n\r") {
		return o, fmt.Errorf("activate: environment directory %q contains a newline, carriage return or NUL, which the activation scripts cannot quote for every shell\nhint: create the environment under another path", o.EnvDir)
	}
	o.EnvDir = filepath.Clean(o.EnvDir)
	if o.Prompt == "" {
		o.Prompt = filepath.Base(o.EnvDir)
	}
	for _, r := range o.Prompt {
		if r < 0x20 || r == 0x7f {
			return o, fmt.Errorf("activate: prompt %q contains a control character\nhint: choose a prompt of printable characters", o.Prompt)
		}
	}
	return o, nil
}

// render fills one template with the quoted values.
func (s script) render(o Options) ([]byte, error) {
	prefix := "(" + o.Prompt + ") "
	pairs := []string{
		"__FWENV_ENV_DIR__", s.quote(o.EnvDir),
		"__FWENV_BIN_DIR__", s.quote(binDir(o.EnvDir)),
		"__FWENV_PROMPT__", s.quote(o.Prompt),
	}
	for placeholder, escape := range s.prompt {
		pairs = append(pairs, placeholder, s.quote(escape(prefix)))
	}
	out, err := substitute(s.tmpl, pairs)
	if err != nil {
		// A template error, never a user error: every placeholder is known.
		return nil, fmt.Errorf("activate: template %s: %v", s.name, err)
	}
	return out, nil
}

// substitute replaces each __FWENV_NAME__ placeholder of text by its value
// in pairs (placeholder, value, ...), in one pass: a strings.Replacer for a
// handful of templates costs more to build than the replacing itself.
func substitute(text string, pairs []string) ([]byte, error) {
	const open = "__FWENV_"
	out := make([]byte, 0, len(text)+len(text)/4)
	for {
		i := strings.Index(text, open)
		if i < 0 {
			return append(out, text...), nil
		}
		end := strings.Index(text[i+len(open):], "__")
		if end < 0 {
			return nil, fmt.Errorf("unterminated placeholder at %q", text[i:min(len(text), i+32)])
		}
		name := text[i : i+len(open)+end+2]
		value, ok := "", false
		for k := 0; k+1 < len(pairs); k += 2 {
			if pairs[k] == name {
				value, ok = pairs[k+1], true
				break
			}
		}
		if !ok {
			return nil, fmt.Errorf("unknown placeholder %s", name)
		}
		out = append(append(out, text[:i]...), value...)
		text = text[i+len(name):]
	}
}

func binDir(envDir string) string {
	if envDir == "/" {
		return "/bin"
	}
	return envDir + "/bin"
}

// Scripts renders all activation scripts for the environment: activate
// (bash, zsh, dash and other POSIX shells), activate.fish, activate.csh (csh
// and tcsh), Activate.ps1 (PowerShell) and activate.nu (nushell), in that
// order. The caller writes them into the environment's bin/ directory.
func Scripts(o Options) ([]File, error) {
	o, err := o.validate()
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(allScripts))
	for _, s := range allScripts {
		data, err := s.render(o)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: s.name, Mode: 0o644, Data: data})
	}
	return files, nil
}

// PrintCode returns code that activates the environment in the given shell
// when evaluated there, and defines deactivate. It does not depend on any
// script existing in the environment: it is the same text as the script
// Scripts renders for that shell. How to evaluate it differs per shell (see
// docs/activation.md):
//
//	bash, zsh, sh:  eval "$(fwenv activate --print)"
//	fish:           fwenv activate --print --shell fish | source
//	csh, tcsh:      write it to a file and "source" that file
//	pwsh:           fwenv activate --print --shell pwsh | Out-String | Invoke-Expression
//	nu:             save it as a file named activate.nu, then "overlay use" it
func PrintCode(shell string, o Options) ([]byte, error) {
	s, err := scriptFor(shell)
	if err != nil {
		return nil, err
	}
	o, err = o.validate()
	if err != nil {
		return nil, err
	}
	return s.render(o)
}
