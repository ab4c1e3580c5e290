// Package pythontest finds the pyenv interpreters that tests run against
// (~/.pyenv/versions/X, or $PYENV_ROOT/versions/X). A test whose
// interpreter is not installed is skipped with a message saying which.
package pythontest

import (
	"os"
	"path/filepath"
	"testing"
)

// Root is pyenv's root folder.
func Root() string {
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		return r
	}
	return filepath.Join(os.Getenv("HOME"), ".pyenv")
}

// Prefix is the prefix of pyenv's version (e.g. "2.7.18"), or skips t when
// it is not installed.
func Prefix(t testing.TB, version string) string {
	t.Helper()
	p := filepath.Join(Root(), "versions", version)
	if _, err := os.Stat(filepath.Join(p, "bin", "python")); err != nil {
		t.Skipf("pyenv %s not installed", version)
	}
	return p
}

// Python is pyenv's version's bin/python, or skips t when it is not
// installed.
func Python(t testing.TB, version string) string {
	t.Helper()
	return filepath.Join(Prefix(t, version), "bin", "python")
}
