package python

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeLandmarkEnv makes root look like a Python 2 environment whose
// orig-prefix.txt names base: bin/python and bin/python2.7 (not
// interpreters: the probe must not get as far as running them), and
// lib/python2.7/orig-prefix.txt.
func fakeLandmarkEnv(t *testing.T, root, base string) {
	t.Helper()
	lib := filepath.Join(root, "lib", "python2.7")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"python", "python2.7"} {
		if err := os.WriteFile(filepath.Join(root, "bin", n), []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if base != "" {
		if err := os.WriteFile(filepath.Join(lib, "orig-prefix.txt"), []byte(base+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Two Python 2 environments whose orig-prefix.txt name each other: the
// probe says so, with a hint, instead of going round until the stack
// overflows.
func TestProbeLandmarkCycle(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	fakeLandmarkEnv(t, a, b)
	fakeLandmarkEnv(t, b, a)
	for _, env := range []string{a, b} {
		_, err := (&Prober{}).Probe(filepath.Join(env, "bin", "python"))
		pe, ok := err.(*ProbeError)
		if !ok {
			t.Fatalf("%s: %v", env, err)
		}
		if !strings.Contains(pe.Error(), "itself inside an environment") || !strings.Contains(pe.Hint(), "recreate the environment") {
			t.Errorf("%s: %v (hint %q)", env, pe, pe.Hint())
		}
	}
	// A chain (c names a, a Python 2 environment) is refused the same way.
	c := filepath.Join(dir, "c")
	fakeLandmarkEnv(t, c, a)
	if _, err := (&Prober{}).Probe(filepath.Join(c, "bin", "python")); err == nil || !strings.Contains(err.Error(), "itself inside an environment") {
		t.Errorf("chain: %v", err)
	}
}
