package activate

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// These tests source the rendered scripts in the real shells, in
// non-interactive runs, and compare the exported environment before, during
// and after activation.

// needShell returns the path of a shell binary. A missing shell skips the
// test on a developer machine but fails it in CI, which installs them all.
func needShell(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed, and CI is set: CI must install it (apt-get install -y zsh fish tcsh)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// dialect writes the test driver's steps in one shell's syntax.
type dialect struct {
	name   string   // test name
	bin    string   // shell executable name
	args   []string // arguments before the driver file
	script string   // activation script file name
	family string   // "sh", "fish" or "csh"
	// shownPrompt says what the driver records for a prompt that is the
	// unchanged prompt orig with the prefix "(name) " in front: the
	// displayed text where the shell can expand its prompt without a
	// terminal, else the raw prompt string.
	shownPrompt func(prefix, orig string) string
}

var dialects = []dialect{
	{name: "bash", bin: "bash", args: []string{"--norc", "--noprofile"}, script: "activate", family: "sh",
		shownPrompt: func(p, o string) string { return p + o }},
	{name: "zsh", bin: "zsh", args: []string{"-f"}, script: "activate", family: "sh",
		shownPrompt: func(p, o string) string { return p + o }},
	{name: "dash", bin: "dash", script: "activate", family: "sh",
		shownPrompt: func(p, o string) string { return promptPOSIX(p) + o }},
	{name: "fish", bin: "fish", args: []string{"--no-config"}, script: "activate.fish", family: "fish",
		shownPrompt: func(p, o string) string { return p + o }},
	{name: "tcsh", bin: "tcsh", args: []string{"-f"}, script: "activate.csh", family: "csh",
		shownPrompt: func(p, o string) string { return promptCsh(p) + o }},
}

func (d dialect) quote(s string) string {
	switch d.family {
	case "fish":
		return quoteFish(s)
	case "csh":
		return quoteCsh(s)
	}
	return quoteSh(s)
}

// driver collects the lines of a test script.
type driver struct {
	d     dialect
	out   string // directory for recorded results
	lines []string
}

func (w *driver) add(format string, args ...any) {
	w.lines = append(w.lines, fmt.Sprintf(format, args...))
}

func (w *driver) file(name string) string { return w.d.quote(filepath.Join(w.out, name)) }

func (w *driver) setEnv(name, value string) {
	switch w.d.family {
	case "fish":
		w.add("set -gx %s %s", name, quoteFish(value))
	case "csh":
		w.add("setenv %s %s", name, quoteCsh(value))
	default:
		w.add("%s=%s; export %s", name, quoteSh(value), name)
	}
}

func (w *driver) unsetEnv(name string) {
	switch w.d.family {
	case "fish":
		w.add("set -e -g %s", name)
	case "csh":
		w.add("unsetenv %s", name)
	default:
		w.add("unset %s", name)
	}
}

func (w *driver) setPrompt(value string) {
	switch w.d.family {
	case "fish":
		w.add("function fish_prompt; printf '%%s' %s; end", quoteFish(value))
	case "csh":
		w.add("set prompt = %s", quoteCsh(value))
	default:
		w.add("PS1=%s", quoteSh(value))
	}
}

// unsetPrompt is not available for fish, whose prompt is a function.
func (w *driver) unsetPrompt() {
	switch w.d.family {
	case "csh":
		w.add("unset prompt")
	default:
		w.add("unset PS1")
	}
}

func (w *driver) source(envDir string) {
	p := filepath.Join(envDir, "bin", w.d.script)
	switch w.d.family {
	case "sh":
		w.add(". %s", quoteSh(p))
	default:
		w.add("source %s", w.d.quote(p))
	}
}

func (w *driver) dumpEnv(name string) { w.add("/usr/bin/env -0 > %s", w.file(name)) }

func (w *driver) recordPrompt(name string) {
	f := w.file(name)
	switch w.d.name {
	case "bash":
		w.add(`if [ -n "${PS1+x}" ]; then printf '%%s' "${PS1@P}"; else printf '<unset>'; fi > %s`, f)
	case "zsh":
		w.add(`if [ -n "${PS1+x}" ]; then printf '%%s' "${(%%)PS1}"; else printf '<unset>'; fi > %s`, f)
	case "dash":
		w.add(`if [ -n "${PS1+x}" ]; then printf '%%s' "$PS1"; else printf '<unset>'; fi > %s`, f)
	case "fish":
		w.add("fish_prompt > %s", f)
	case "tcsh":
		w.add(`if ( $?prompt ) then`)
		w.add(`printf '%%s' "$prompt:q" > %s`, f)
		w.add(`else`)
		w.add(`printf '<unset>' > %s`, f)
		w.add(`endif`)
	}
}

func (w *driver) probe(name string) { w.add("fwenvprobe > %s", w.file(name)) }

func (w *driver) deactivate(args string) { w.add("deactivate %s", args) }

// hasDeactivate records "yes" if deactivate is still defined.
func (w *driver) hasDeactivate(name string) {
	f := w.file(name)
	switch w.d.family {
	case "fish":
		w.add("if functions -q deactivate; echo yes; end > %s", f)
	case "csh":
		w.add(`if ( "` + "`alias deactivate`" + `" != "" ) then`)
		w.add("echo yes > %s", f)
		w.add("else")
		w.add("echo -n > %s", f)
		w.add("endif")
	default:
		w.add(`if command -v deactivate >/dev/null; then echo yes; fi > %s`, f)
	}
}

// foreignDeactivate defines a deactivate like another tool's, which records
// its arguments.
func (w *driver) foreignDeactivate(name string) {
	f := w.file(name)
	switch w.d.family {
	case "fish":
		w.add(`function deactivate; printf '%%s' "$argv" > %s; end`, f)
	case "csh":
		w.add(`alias deactivate 'printf "%%s" "\!*" > %s'`, filepath.Join(w.out, name))
	default:
		w.add(`deactivate () { printf '%%s' "$*" > %s; }`, f)
	}
}

// run writes the driver to a file and runs it with a small, known
// environment.
func (w *driver) run(t *testing.T, shellPath, home string) {
	t.Helper()
	f := filepath.Join(w.out, "driver")
	if err := os.WriteFile(f, []byte(strings.Join(w.lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(shellPath, append(append([]string(nil), w.d.args...), f)...)
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TERM=dumb", "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_DATA_HOME=" + filepath.Join(home, ".local/share")}
	cmd.Dir = home
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("%s driver: err=%v, output:\n%s\ndriver:\n%s", w.d.name, err, out, strings.Join(w.lines, "\n"))
	}
}

func (w *driver) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(w.out, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ignoredEnv are variables the shells themselves change.
var ignoredEnv = map[string]bool{"_": true, "SHLVL": true, "PWD": true, "OLDPWD": true}

func (w *driver) env(t *testing.T, name string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, kv := range strings.Split(w.read(t, name), "\x00") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if !ignoredEnv[k] {
			m[k] = v
		}
	}
	return m
}

// makeEnv renders the scripts into envDir/bin, as the venv package would,
// and adds an executable fwenvprobe that prints its own path.
func makeEnv(t *testing.T, envDir, prompt string) {
	t.Helper()
	files, err := Scripts(Options{EnvDir: envDir, Prompt: prompt})
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(envDir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(bin, f.Name), f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	writeProbe(t, bin)
}

func writeProbe(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fwenvprobe"), []byte("#!/bin/sh\nprintf '%s\\n' \"$0\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// diffEnv describes how got differs from want.
func diffEnv(want, got map[string]string) string {
	var keys []string
	seen := map[string]bool{}
	for k := range want {
		keys, seen[k] = append(keys, k), true
	}
	for k := range got {
		if !seen[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		wv, wok := want[k]
		gv, gok := got[k]
		switch {
		case wok && !gok:
			fmt.Fprintf(&b, "  %s: want %q, is unset\n", k, wv)
		case !wok && gok:
			fmt.Fprintf(&b, "  %s: want unset, is %q\n", k, gv)
		case wv != gv:
			fmt.Fprintf(&b, "  %s: want %q, is %q\n", k, wv, gv)
		}
	}
	return b.String()
}

// activeEnv is the environment before activation with envDir active.
func activeEnv(before map[string]string, envDir, prompt string) map[string]string {
	m := map[string]string{}
	for k, v := range before {
		m[k] = v
	}
	m["VIRTUAL_ENV"] = envDir
	m["VIRTUAL_ENV_PROMPT"] = prompt
	m["PATH"] = envDir + "/bin:" + before["PATH"]
	delete(m, "PYTHONHOME")
	return m
}

const (
	hostileDir    = "a b'c\"$d\\`e!f%g\\h*?[x]~ ;&|<>(){}#"
	hostilePrompt = "p a'b\"$c\\`d!e%f\\g$(echo no)`echo no`%# *"
	origPrompt    = "orig> "
)

func TestShells(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			shellPath := needShell(t, d.bin)
			for _, sc := range scenarios {
				if sc.skip != nil && sc.skip(d) {
					continue
				}
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					root := t.TempDir()
					home := filepath.Join(root, "home")
					sys := filepath.Join(root, "sys")
					writeProbe(t, sys)
					if err := os.MkdirAll(home, 0o755); err != nil {
						t.Fatal(err)
					}
					w := &driver{d: d, out: filepath.Join(root, "out")}
					if err := os.MkdirAll(w.out, 0o755); err != nil {
						t.Fatal(err)
					}
					w.setEnv("PATH", sys+":/usr/bin:/bin")
					w.unsetEnv("VIRTUAL_ENV")
					w.unsetEnv("VIRTUAL_ENV_PROMPT")
					w.unsetEnv("VIRTUAL_ENV_DISABLE_PROMPT")
					w.setEnv("PYTHONHOME", "/opt/python home")
					w.setPrompt(origPrompt)
					sc.run(t, w, shellPath, root, home, sys)
				})
			}
		})
	}
}

type scenario struct {
	name string
	skip func(dialect) bool
	run  func(t *testing.T, w *driver, shellPath, root, home, sys string)
}

// activateAndCheck runs the common cycle: probe, activate, check, deactivate,
// check that everything is back.
func activateAndCheck(t *testing.T, w *driver, shellPath, home, sys, envDir, prompt string, promptShown bool) {
	t.Helper()
	w.probe("probe.before")
	w.dumpEnv("env.before")
	w.recordPrompt("prompt.before")
	w.source(envDir)
	w.dumpEnv("env.during")
	w.recordPrompt("prompt.during")
	w.probe("probe.during")
	w.deactivate("")
	w.dumpEnv("env.after")
	w.recordPrompt("prompt.after")
	w.probe("probe.after")
	w.hasDeactivate("has.after")
	w.run(t, shellPath, home)

	before := w.env(t, "env.before")
	if d := diffEnv(activeEnv(before, envDir, prompt), w.env(t, "env.during")); d != "" {
		t.Errorf("while active, the environment differs:\n%s", d)
	}
	if d := diffEnv(before, w.env(t, "env.after")); d != "" {
		t.Errorf("after deactivate, the environment is not restored:\n%s", d)
	}
	wantPrompt := w.d.shownPrompt("", origPrompt)
	if promptShown {
		wantPrompt = w.d.shownPrompt("("+prompt+") ", origPrompt)
	}
	if got := w.read(t, "prompt.during"); got != wantPrompt {
		t.Errorf("prompt while active = %q, want %q", got, wantPrompt)
	}
	if got, want := w.read(t, "prompt.after"), w.read(t, "prompt.before"); got != want {
		t.Errorf("prompt after deactivate = %q, want %q", got, want)
	}
	if got, want := w.read(t, "probe.before"), filepath.Join(sys, "fwenvprobe")+"\n"; got != want {
		t.Errorf("before activation, fwenvprobe runs %q, want %q", got, want)
	}
	if got, want := w.read(t, "probe.during"), filepath.Join(envDir, "bin", "fwenvprobe")+"\n"; got != want {
		t.Errorf("while active, fwenvprobe runs %q, want %q", got, want)
	}
	if got, want := w.read(t, "probe.after"), filepath.Join(sys, "fwenvprobe")+"\n"; got != want {
		t.Errorf("after deactivate, fwenvprobe runs %q, want %q", got, want)
	}
	if got := w.read(t, "has.after"); got != "" {
		t.Errorf("deactivate is still defined after deactivate")
	}
}

var scenarios = []scenario{
	{name: "basic", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		envDir := filepath.Join(root, "my env")
		makeEnv(t, envDir, "venv")
		activateAndCheck(t, w, shellPath, home, sys, envDir, "venv", true)
	}},
	{name: "strict-mode", skip: func(d dialect) bool { return d.family != "sh" }, run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		// Users with "set -eu" in their shell must be able to source it.
		envDir := filepath.Join(root, "my env")
		makeEnv(t, envDir, "venv")
		w.add("set -eu")
		activateAndCheck(t, w, shellPath, home, sys, envDir, "venv", true)
	}},
	{name: "hostile-original-prompt", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		// The user's own prompt, with quotes and escapes, comes back as it was.
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.setPrompt(`o "q" 'x' \z \\ %% %# !! !x $ $> `)
		w.recordPrompt("prompt.before")
		w.source(envDir)
		w.deactivate("")
		w.recordPrompt("prompt.after")
		w.run(t, shellPath, home)
		if got, want := w.read(t, "prompt.after"), w.read(t, "prompt.before"); got != want {
			t.Errorf("prompt after deactivate = %q, want %q", got, want)
		}
	}},
	{name: "hostile", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		envDir := filepath.Join(root, hostileDir)
		makeEnv(t, envDir, hostilePrompt)
		activateAndCheck(t, w, shellPath, home, sys, envDir, hostilePrompt, true)
	}},
	{name: "disable-prompt", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.setEnv("VIRTUAL_ENV_DISABLE_PROMPT", "1")
		activateAndCheck(t, w, shellPath, home, sys, envDir, "venv", false)
	}},
	{name: "disable-prompt-empty", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		// An empty VIRTUAL_ENV_DISABLE_PROMPT does not disable the prompt.
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.setEnv("VIRTUAL_ENV_DISABLE_PROMPT", "")
		activateAndCheck(t, w, shellPath, home, sys, envDir, "venv", true)
	}},
	{name: "set-but-empty-and-preset", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		// PYTHONHOME set but empty must come back set and empty;
		// VIRTUAL_ENV from outside (an inherited activation) comes back.
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.setEnv("PYTHONHOME", "")
		w.setEnv("VIRTUAL_ENV", "/some/where/else")
		w.setEnv("VIRTUAL_ENV_PROMPT", "")
		activateAndCheck(t, w, shellPath, home, sys, envDir, "venv", true)
		if got := w.env(t, "env.after"); got["PYTHONHOME"] != "" || got["VIRTUAL_ENV"] != "/some/where/else" {
			t.Errorf("after deactivate: PYTHONHOME=%q VIRTUAL_ENV=%q", got["PYTHONHOME"], got["VIRTUAL_ENV"])
		}
		if _, ok := w.env(t, "env.after")["PYTHONHOME"]; !ok {
			t.Errorf("after deactivate, PYTHONHOME (set but empty before) is unset")
		}
	}},
	{name: "unset-prompt-and-pythonhome", skip: func(d dialect) bool { return d.family == "fish" }, run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.unsetEnv("PYTHONHOME")
		w.unsetPrompt()
		w.probe("probe.before")
		w.dumpEnv("env.before")
		w.source(envDir)
		w.recordPrompt("prompt.during")
		w.deactivate("")
		w.dumpEnv("env.after")
		w.recordPrompt("prompt.after")
		w.run(t, shellPath, home)
		if d := diffEnv(w.env(t, "env.before"), w.env(t, "env.after")); d != "" {
			t.Errorf("after deactivate, the environment is not restored:\n%s", d)
		}
		if got := w.read(t, "prompt.after"); got != "<unset>" {
			t.Errorf("prompt after deactivate = %q, want it unset", got)
		}
		// sh-family shells show the name even without a prompt before
		// (as CPython's script does); csh leaves an absent prompt alone.
		want := w.d.shownPrompt("(venv) ", "")
		if w.d.family == "csh" {
			want = "<unset>"
		}
		if got := w.read(t, "prompt.during"); got != want {
			t.Errorf("prompt while active = %q, want %q", got, want)
		}
	}},
	{name: "switch", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		a, b := filepath.Join(root, "env a"), filepath.Join(root, "env b")
		makeEnv(t, a, "a")
		makeEnv(t, b, "b")
		w.dumpEnv("env.before")
		w.source(a)
		w.source(b)
		w.dumpEnv("env.during")
		w.recordPrompt("prompt.during")
		w.probe("probe.during")
		w.deactivate("")
		w.dumpEnv("env.after")
		w.hasDeactivate("has.after")
		w.run(t, shellPath, home)
		before := w.env(t, "env.before")
		if d := diffEnv(activeEnv(before, b, "b"), w.env(t, "env.during")); d != "" {
			t.Errorf("after sourcing env a then env b, the environment differs from b alone:\n%s", d)
		}
		if got, want := w.read(t, "prompt.during"), w.d.shownPrompt("(b) ", origPrompt); got != want {
			t.Errorf("prompt = %q, want %q", got, want)
		}
		if got, want := w.read(t, "probe.during"), filepath.Join(b, "bin", "fwenvprobe")+"\n"; got != want {
			t.Errorf("fwenvprobe runs %q, want %q", got, want)
		}
		if d := diffEnv(before, w.env(t, "env.after")); d != "" {
			t.Errorf("after deactivate, the environment is not restored:\n%s", d)
		}
		if w.read(t, "has.after") != "" {
			t.Errorf("deactivate is still defined after deactivate")
		}
	}},
	{name: "nondestructive", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.dumpEnv("env.before")
		w.recordPrompt("prompt.before")
		w.source(envDir)
		w.deactivate("nondestructive")
		w.dumpEnv("env.after")
		w.recordPrompt("prompt.after")
		w.hasDeactivate("has.nondestructive")
		w.deactivate("") // inactive now: changes nothing, removes itself
		w.dumpEnv("env.after2")
		w.hasDeactivate("has.after2")
		w.run(t, shellPath, home)
		before := w.env(t, "env.before")
		for _, f := range []string{"env.after", "env.after2"} {
			if d := diffEnv(before, w.env(t, f)); d != "" {
				t.Errorf("%s: the environment is not restored:\n%s", f, d)
			}
		}
		if got, want := w.read(t, "prompt.after"), w.read(t, "prompt.before"); got != want {
			t.Errorf("prompt after deactivate = %q, want %q", got, want)
		}
		if strings.TrimSpace(w.read(t, "has.nondestructive")) != "yes" {
			t.Errorf("deactivate nondestructive removed deactivate")
		}
		if w.read(t, "has.after2") != "" {
			t.Errorf("deactivate is still defined after deactivate")
		}
	}},
	{name: "foreign-deactivate", run: func(t *testing.T, w *driver, shellPath, root, home, sys string) {
		// Another tool's environment is active: its deactivate is called
		// with "nondestructive" before ours replaces it.
		envDir := filepath.Join(root, "env")
		makeEnv(t, envDir, "venv")
		w.foreignDeactivate("foreign")
		w.source(envDir)
		w.deactivate("")
		w.hasDeactivate("has.after")
		w.run(t, shellPath, home)
		if got := w.read(t, "foreign"); got != "nondestructive" {
			t.Errorf("the active deactivate was called with %q, want %q", got, "nondestructive")
		}
		if w.read(t, "has.after") != "" {
			t.Errorf("deactivate is still defined after deactivate")
		}
	}},
}

// TestQuoteRoundTrip has each real shell print quoted hostile strings back.
func TestQuoteRoundTrip(t *testing.T) {
	words := []string{"", "plain", "a b", "'", `"`, `\`, `\\'`, "'\\''", "$HOME", "${HOME}", "$(echo x)", "`echo x`",
		"!", "!!", "a!b", "%", "%#", "*", "?", "[a]", "~", "~root", "#", ";", "&", "|", "<>", "(){}", "\t", "é ü 中",
		hostileDir, hostilePrompt, `'\!'`, "\\'", "a\\", "'a'", `"a"`, "-n", "-e", "--"}
	for _, d := range dialects {
		if d.name == "zsh" || d.name == "dash" {
			// Same quoting as bash; run anyway, the shells differ.
		}
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			shellPath := needShell(t, d.bin)
			var lines []string
			for _, w := range words {
				lines = append(lines, fmt.Sprintf("printf '%%s\\000' %s", d.quote(w)))
			}
			f := filepath.Join(t.TempDir(), "driver")
			if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(shellPath, append(append([]string(nil), d.args...), f)...)
			cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "LANG=C.UTF-8"}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v: %s", err, stderr.Bytes())
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
			if !reflect.DeepEqual(got, words) {
				for i := range words {
					if i >= len(got) || got[i] != words[i] {
						g := "<missing>"
						if i < len(got) {
							g = got[i]
						}
						t.Errorf("%s quoted as %s reads back as %q", words[i], d.quote(words[i]), g)
					}
				}
			}
		})
	}
}
