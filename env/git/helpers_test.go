package git

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitEnv isolates git from the user's configuration and fixes identities.
func gitEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	empty := filepath.Join(t.TempDir(), "gitconfig")
	os.WriteFile(empty, nil, 0o644)
	for k, v := range map[string]string{
		"GIT_CONFIG_GLOBAL": empty, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
		"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
		"GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
	} {
		t.Setenv(k, v)
	}
}

// gitT runs git in dir and returns its trimmed output, failing the test on error.
func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	full := append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
		"-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"}, args...)
	out, err := exec.Command("git", full...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

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
	gitT(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{"VERSION": "1\n", "plugin1/pyproject.toml": "[project]\nname = \"plugin1\"\n"})
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "one")
	gitT(t, dir, "tag", "v1")
	c1 := gitT(t, dir, "rev-parse", "HEAD")
	writeFiles(t, dir, map[string]string{"VERSION": "2\n"})
	gitT(t, dir, "commit", "-q", "-am", "two")
	gitT(t, dir, "tag", "-a", "-m", "release 2", "v2")
	c2 := gitT(t, dir, "rev-parse", "HEAD")
	gitT(t, dir, "checkout", "-q", "-b", "feature")
	writeFiles(t, dir, map[string]string{"VERSION": "feature\n"})
	gitT(t, dir, "commit", "-q", "-am", "three")
	feat := gitT(t, dir, "rev-parse", "HEAD")
	gitT(t, dir, "checkout", "-q", "main")
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
