package standin

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	for _, tt := range []struct {
		major, minor int
		want         []string
	}{
		{3, 11, []string{"pip", "pip3", "pip3.11"}},
		{3, 6, []string{"pip", "pip3", "pip3.6"}},
		{2, 7, []string{"pip", "pip2", "pip2.7"}},
	} {
		if got := Names(tt.major, tt.minor); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Names(%d, %d) = %v, want %v", tt.major, tt.minor, got, tt.want)
		}
	}
	if NamesFor(nil) != nil {
		t.Error("an unknown interpreter has no names")
	}
}

func TestIs(t *testing.T) {
	if !Is(Script()) {
		t.Fatal("the stand-in is not recognised")
	}
	for _, data := range [][]byte{
		nil,
		[]byte("#!/usr/bin/python\n# fwenv pip stand-in: no\n"),
		[]byte("#!/bin/sh\nexec python -m pip \"$@\"\n# fwenv pip stand-in:\n"),
		append(Script(), bytes.Repeat([]byte("#"), maxSize)...),
	} {
		if Is(data) {
			t.Errorf("%.40q recognised as a stand-in", data)
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "pip")
	os.WriteFile(p, Script(), 0o755)
	os.Symlink(p, filepath.Join(dir, "link"))
	os.WriteFile(filepath.Join(dir, "own"), []byte("#!/bin/sh\necho mine\n"), 0o755)
	for name, want := range map[string]bool{"pip": true, "link": false, "own": false, "missing": false} {
		if got := IsFile(filepath.Join(dir, name)); got != want {
			t.Errorf("IsFile(%s) = %v, want %v", name, got, want)
		}
	}
}

// TestScriptRuns runs the stand-in with sh: exit status 1, nothing on
// stdout, and on stderr the name typed, the environment, and the ways to
// get pip; the base interpreter's `python -m pip` is named only in an
// environment that sees the base's packages.
func TestScriptRuns(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, systemSite := range []bool{false, true} {
		env := filepath.Join(t.TempDir(), "my env")
		os.MkdirAll(filepath.Join(env, "bin"), 0o755)
		cfg := "home = /usr/bin\ninclude-system-site-packages = false\n"
		if systemSite {
			cfg = "home = /usr/bin\nInclude-System-Site-Packages = True\n"
		}
		os.WriteFile(filepath.Join(env, "pyvenv.cfg"), []byte(cfg), 0o644)
		p := filepath.Join(env, "bin", "pip3.11")
		if err := os.WriteFile(p, Script(), Mode); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(sh, p, "install", "x")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("exit: %v, want status 1", err)
		}
		out := stderr.String()
		for _, want := range []string{
			"pip3.11: this environment (" + env + ") has no pip.",
			"`pip3.11` would run another interpreter's pip",
			"`fwenv install NAME`", "`fwenv install -f DIR pip`", "`fwenv create --seed`", "seed: true", "FWENV_SEED=1",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("system site %v: stderr lacks %q:\n%s", systemSite, want, out)
			}
		}
		if got := strings.Contains(out, "`python -m pip` runs that pip on this environment"); got != systemSite {
			t.Errorf("system site %v: python -m pip named: %v\n%s", systemSite, got, out)
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout: %q", stdout.String())
		}
	}
}
