package main

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// recorder is the operations of a flag-parsing test: it keeps the options
// each command built and does nothing.
type recorder struct{ got any }

func (r *recorder) Create(o ops.CreateOptions) (*ops.CreateResult, error) {
	r.got = o
	return &ops.CreateResult{Info: &python.Info{}}, nil
}
func (r *recorder) Install(o ops.InstallOptions) (*ops.InstallResult, error) {
	r.got = o
	return &ops.InstallResult{}, nil
}
func (r *recorder) Uninstall(o ops.UninstallOptions) (*ops.UninstallResult, error) {
	o.Confirm = nil // a function: compared apart
	r.got = o
	return &ops.UninstallResult{}, nil
}
func (r *recorder) Sync(o ops.SyncOptions) (*ops.SyncResult, error) {
	r.got = o // -y: Confirm is nil, else DeepEqual fails
	return &ops.SyncResult{}, nil
}
func (r *recorder) Lock(o ops.LockOptions) (*ops.LockResult, error) {
	r.got = o
	return &ops.LockResult{}, nil
}
func (r *recorder) Download(o ops.DownloadOptions) (*ops.DownloadResult, error) {
	r.got = o
	return &ops.DownloadResult{}, nil
}
func (r *recorder) Build(o ops.BuildOptions) (*build.BuildResults, error) {
	r.got = o
	return &build.BuildResults{}, nil
}

// parse runs fwenv's command line with the recorder as its operations and
// returns the options the command built.
func parse(t *testing.T, env map[string]string, args ...string) any {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	var stdout, stderr bytes.Buffer
	a := newApp(strings.NewReader(""), &stdout, &stderr, getenv)
	rec := &recorder{}
	a.fakeOps = rec
	root := a.rootCmd(args)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		t.Fatalf("fwenv %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return rec.got
}

func noConfig(t *testing.T) map[string]string {
	home := t.TempDir()
	return map[string]string{"HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
}

func TestInstallFlags(t *testing.T) {
	env := noConfig(t)
	got := parse(t, env, "--env", "venv", "install", "-r", "r.txt", "-r", "s.txt", "-e", "./p", "-c", "c.txt", "--no-deps",
		"-U", "--upgrade-package", "x", "--link-mode", "copy", "--only-binary", ":all:", "--no-binary", "foo",
		"-i", "https://i/simple", "--extra-index-url", "https://j/simple", "--no-index", "-f", "pkgs",
		"--index-strategy", "unsafe-best-match", "--offline", "--timeout", "5s", "--retries", "0",
		"--require-hashes", "--compile", "--force-reinstall", "--pre", "--dry-run", "--report", "-",
		"--lock-timeout", "1m", "--no-build-isolation", "--config-settings", "a=b", "--no-build-cache", "framework", "./w.whl")
	want := ops.InstallOptions{
		Env: ops.EnvSelector{Flag: "venv"}, Args: []string{"framework", "./w.whl"},
		Requirements: []string{"r.txt", "s.txt"}, Editables: []string{"./p"}, Constraints: []string{"c.txt"},
		Sources: set.Config{IndexURL: "https://i/simple", ExtraIndexURLs: []string{"https://j/simple"}, NoIndex: true, FindLinks: []string{"pkgs"},
			Strategy: "unsafe-best-match", Offline: true, Timeout: 5 * time.Second, Retries: 0},
		Formats:       ops.Formats{Options: []source.FormatOption{{OnlyBinary: true, Value: ":all:"}, {OnlyBinary: false, Value: "foo"}}},
		Build:         ops.BuildChoices{NoIsolation: true, ConfigSettings: []string{"a=b"}, NoBuildCache: true},
		RequireHashes: true, NoDeps: true, Compile: true, Reinstall: true, Pre: true, DryRun: true, Upgrade: true,
		UpgradePackages: []string{"x"}, LinkMode: "copy", LockTimeout: time.Minute, Report: "-",
	}
	if !same(got, want) {
		t.Errorf("install options\n got %+v\nwant %+v", got, want)
	}
}

func TestInstallDefaultsAndVariables(t *testing.T) {
	env := noConfig(t)
	got := parse(t, env, "install", "framework").(ops.InstallOptions)
	if got.LinkMode != "auto" || got.Sources.Timeout != 20*time.Second || got.Sources.Retries != 3 || got.Sources.Strategy != "first-index" {
		t.Errorf("defaults: %+v", got)
	}
	// FWENV_* variables fill what the command line leaves out; the
	// command line's --only-binary comes after a configured one.
	env["FWENV_INDEX_URL"] = "https://v/simple"
	env["FWENV_FIND_LINKS"] = "a b"
	env["FWENV_ONLY_BINARY"] = "x"
	env["FWENV_RETRIES"] = "7"
	got = parse(t, env, "install", "--no-binary", "y", "framework").(ops.InstallOptions)
	if got.Sources.IndexURL != "https://v/simple" || got.Sources.Retries != 7 || len(got.Sources.FindLinks) == 0 {
		t.Errorf("variables: %+v", got.Sources)
	}
	if want := []source.FormatOption{{OnlyBinary: true, Value: "x"}, {OnlyBinary: false, Value: "y"}}; !reflect.DeepEqual(got.Formats.Options, want) {
		t.Errorf("formats %+v, want %+v", got.Formats.Options, want)
	}
	got = parse(t, env, "install", "-i", "https://flag/simple", "framework").(ops.InstallOptions)
	if got.Sources.IndexURL != "https://flag/simple" {
		t.Errorf("the flag must win over FWENV_INDEX_URL: %s", got.Sources.IndexURL)
	}
}

func TestOtherCommandsFlags(t *testing.T) {
	env := noConfig(t)
	tests := []struct {
		args []string
		want any
	}{
		{[]string{"create", "-p", "3.11", "--prompt", "pp", "--clear", "--system-site-packages", "--copies", "--seed", "v"},
			nil}, // checked below: Command holds the binary's path
		{[]string{"uninstall", "-y", "--lock-timeout", "2s", "a", "b"},
			ops.UninstallOptions{Names: []string{"a", "b"}, LockTimeout: 2 * time.Second}},
		{[]string{"sync", "-y", "-f", "pkgs", "--offline", "--inexact", "--dry-run", "--extra", "e", "--group", "g", "--link-mode", "hardlink", "pylock.toml"},
			ops.SyncOptions{Lock: "pylock.toml", FindLinks: []string{"pkgs"}, Offline: true, Inexact: true, DryRun: true, Extras: []string{"e"}, Groups: []string{"g"}, LinkMode: "hardlink"}},
		{[]string{"lock", "-r", "r.txt", "-o", "pylock.toml", "--format", "pylock", "-p", "3.10", "--pre", "--no-index", "-f", "pkgs", "x"},
			ops.LockOptions{Args: []string{"x"}, Requirements: []string{"r.txt"}, Output: "pylock.toml", Format: "pylock", Python: "3.10", Pre: true,
				Sources: set.Config{NoIndex: true, FindLinks: []string{"pkgs"}, Strategy: "first-index", Timeout: 20 * time.Second, Retries: 3}}},
		{[]string{"lock", "--from-env", "--all"},
			ops.LockOptions{FromEnv: true, All: true, Sources: set.Config{Strategy: "first-index", Timeout: 20 * time.Second, Retries: 3}}},
		{[]string{"download", "-d", "out", "-r", "r.txt", "--python-version", "3.12", "--platform", "manylinux_2_28_x86_64", "--implementation", "cp", "--abi", "cp312", "--no-deps", "x"},
			ops.DownloadOptions{Args: []string{"x"}, Requirements: []string{"r.txt"}, Dest: "out", NoDeps: true,
				Host:    python.HostSpec{PythonVersion: "3.12", Platform: "manylinux_2_28_x86_64", Implementation: "cp", ABI: "cp312"},
				Sources: set.Config{Strategy: "first-index", Timeout: 20 * time.Second, Retries: 3}}},
		{[]string{"download", "-d", "out", "--lock", "fwenv.lock"},
			ops.DownloadOptions{Dest: "out", Lock: "fwenv.lock", Sources: set.Config{Strategy: "first-index", Timeout: 20 * time.Second, Retries: 3}}},
		{[]string{"build", "--sdist", "-o", "dist", "-p", "3.9", "-f", "wheels", "--config-settings", "k=v", "proj"},
			ops.BuildOptions{Dir: "proj", Sdist: true, OutDir: "dist", Python: "3.9", FindLinks: []string{"wheels"}, Build: ops.BuildChoices{ConfigSettings: []string{"k=v"}}}},
	}
	for _, tt := range tests {
		got := parse(t, env, tt.args...)
		if tt.want == nil {
			c := got.(ops.CreateOptions)
			if c.Dir != "v" || c.Python != "3.11" || c.Prompt != "pp" || !c.Clear || !c.SystemSite || !c.Copies || !c.Seed ||
				!strings.HasSuffix(c.Command, " create -p 3.11 --prompt pp --system-site-packages --copies --seed "+a0(t).abs("v")) {
				t.Errorf("create: %+v", c)
			}
			continue
		}
		if !same(got, tt.want) {
			t.Errorf("fwenv %s\n got %+v\nwant %+v", strings.Join(tt.args, " "), got, tt.want)
		}
	}
}

// a0 is an app for its helpers (abs).
func a0(t *testing.T) *app {
	return newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" })
}

func TestUsageErrorsBeforeAnyOperation(t *testing.T) {
	env := noConfig(t)
	for _, args := range [][]string{
		{"install", "--timeout", "0s", "x"},
		{"install", "--retries", "-1", "x"},
		{"install", "--quiet", "--verbose", "x"},
		{"sync", "a", "b"},
	} {
		var stdout, stderr bytes.Buffer
		a := newApp(strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
		rec := &recorder{}
		a.fakeOps = rec
		root := a.rootCmd(args)
		root.SetArgs(args)
		if err := root.Execute(); err == nil {
			t.Errorf("fwenv %s: no error", strings.Join(args, " "))
		}
		if rec.got != nil {
			t.Errorf("fwenv %s: the operation ran with %+v", strings.Join(args, " "), rec.got)
		}
	}
}

// same compares options as they print: a list the command left empty and
// one it never set are the same to the operation.
func same(a, b any) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }
