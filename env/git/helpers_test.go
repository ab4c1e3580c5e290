package git

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/git/gittest"
)

// testRepo is a repository with two commits on main (the second tagged
// v2, the first tagged v1), a branch "feature" with a third commit, and a
// project in plugin1/.
type testRepo struct {
	Dir             string
	C1, C2, Feature string
	URL             string // git+file URL without revision
}

func makeRepo(t *testing.T) *testRepo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "origin repo")
	os.MkdirAll(dir, 0o755)
	gittest.Run(t, dir, "init", "-q")
	gittest.WriteFiles(t, dir, map[string]string{"VERSION": "1\n", "plugin1/pyproject.toml": "[project]\nname = \"plugin1\"\n"})
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "one")
	gittest.Run(t, dir, "tag", "v1")
	c1 := gittest.Run(t, dir, "rev-parse", "HEAD")
	gittest.WriteFiles(t, dir, map[string]string{"VERSION": "2\n"})
	gittest.Run(t, dir, "commit", "-q", "-am", "two")
	gittest.Run(t, dir, "tag", "-a", "-m", "release 2", "v2")
	c2 := gittest.Run(t, dir, "rev-parse", "HEAD")
	gittest.Run(t, dir, "checkout", "-q", "-b", "feature")
	gittest.WriteFiles(t, dir, map[string]string{"VERSION": "feature\n"})
	gittest.Run(t, dir, "commit", "-q", "-am", "three")
	feat := gittest.Run(t, dir, "rev-parse", "HEAD")
	gittest.Run(t, dir, "checkout", "-q", "main")
	return &testRepo{Dir: dir, C1: c1, C2: c2, Feature: feat, URL: "git+file://" + filepath.ToSlash(strings.ReplaceAll(dir, " ", "%20"))}
}

func readVersion(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
