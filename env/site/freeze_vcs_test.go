package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source"
)

// TestFreezeEditableGitAgainstPip compares the lines Freeze prints for
// editable installs inside git checkouts with pip 23.2.1's, for each shape
// of remote pip knows: a URL, a local path (percent-encoded as pip's
// PurePath.as_uri does), an scp-like address, a remote that is gone, none
// at all, and a project in a subfolder with a dashed name.
func TestFreezeEditableGitAgainstPip(t *testing.T) {
	t.Parallel()
	py := python311(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	tmp := t.TempDir()
	envDir := filepath.Join(tmp, "venv")
	run(t, py, "-m", "venv", "--without-pip", envDir)
	envPy := filepath.Join(envDir, "bin", "python")
	sp := filepath.Join(envDir, "lib", "python3.11", "site-packages")

	gitEnv := append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = gitEnv
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	// Local bare repositories: a path that needs percent-encoding, and one
	// with a space, which pip cuts at the space (and reports as invalid).
	bare := filepath.Join(tmp, "remotes", "a+b,c@d~e.git")
	spaced := filepath.Join(tmp, "remotes", "with space.git")
	for _, d := range []string{bare, spaced} {
		os.MkdirAll(d, 0o755)
		git(d, "init", "-q", "--bare")
	}

	tests := []struct {
		name, remote, sub string
	}{
		{"url-remote", "https://example.org/x/url.git", ""},
		{"git-protocol", "git://example.org/x/gp.git", ""},
		{"local-path", bare, ""},
		{"spaced-path", spaced, ""},
		{"scp-remote", "git@example.org:org/scp.git", ""},
		{"gone-remote", filepath.Join(tmp, "deleted", "repo.git"), ""},
		{"no-remote", "", ""},
		{"my.dashed-name", "https://example.org/x/mono.git", "plugins/one"},
	}
	for _, tt := range tests {
		repo := filepath.Join(tmp, "src", strings.ReplaceAll(tt.name, ".", "_"))
		proj := filepath.Join(repo, filepath.FromSlash(tt.sub))
		writeFile(t, filepath.Join(proj, "pyproject.toml"), "")
		git(repo, "init", "-q")
		git(repo, "add", ".")
		git(repo, "commit", "-q", "-m", "x")
		if tt.remote != "" {
			git(repo, "remote", "add", "origin", tt.remote)
		}
		fakeDist{Name: tt.name, Version: "1.0", Installer: "pip",
			DirectURL: `{"url": "` + source.FileURL(proj) + `", "dir_info": {"editable": true}}`}.install(t, Layout{Purelib: sp})
	}
	l := LayoutFor(envDir, nil)
	l.Purelib, l.Platlib = sp, sp
	db := mustOpen(t, l)
	ours := strings.Join(Freeze(db, FreezeOptions{}), "\n")
	pip := strings.TrimSpace(run(t, py, "-m", "pip", "--python", envPy, "freeze"))
	if ours != pip {
		t.Errorf("freeze differs:\nfwenv:\n%s\npip:\n%s", ours, pip)
	}
	for _, want := range []string{"-e git+file://" + filepath.Join(tmp, "remotes") + "/a%2Bb%2Cc%40d~e.git@",
		"# Editable Git install (gone-remote==1.0) with either a deleted local remote or invalid URI:",
		"# '" + filepath.Join(tmp, "remotes", "with") + "'", "-e git+git://example.org/x/gp.git@", "&subdirectory=plugins/one", "#egg=my.dashed_name"} {
		if !strings.Contains(ours, want) {
			t.Errorf("freeze lacks %q:\n%s", want, ours)
		}
	}
}
