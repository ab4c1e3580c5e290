package main

import (
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source/vcs"
)

func TestGitRequirement(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	for _, sub := range []string{"", "plugin1", "a/b", "plug+in", "a&b", "x#y", "50%"} {
		req, c, err := gitRequirement("https://example.org/repo.git", strings.ToUpper(commit), sub)
		if err != nil {
			t.Fatalf("%q: %v", sub, err)
		}
		spec, err := vcs.Parse(req)
		if err != nil {
			t.Fatalf("%s: %v", req, err)
		}
		if c != commit || spec.Ref != commit || spec.Subdirectory != sub || spec.URL != "https://example.org/repo.git" {
			t.Errorf("%q: %s read back as %+v", sub, req, spec)
		}
	}
	for _, bad := range [][2]string{{"https://example.org/repo.git?x=1", commit}, {"https://example.org/r#frag", commit}, {"https://example.org/r", "abc123"}, {"https://example.org/r", "main"}} {
		if req, _, err := gitRequirement(bad[0], bad[1], ""); err == nil {
			t.Errorf("%v accepted as %s", bad, req)
		}
	}
}

func TestLockRepoURL(t *testing.T) {
	for in, want := range map[string]string{
		"ssh://git@github.com/org/repo.git":     "ssh://git@github.com/org/repo.git",
		"git+ssh://git@github.com/org/repo.git": "git+ssh://git@github.com/org/repo.git",
		"ssh://git:pw@github.com/org/repo.git":  "ssh://github.com/org/repo.git",
		"https://user:token@host/repo.git":      "https://host/repo.git",
		"https://token@host/repo.git":           "https://host/repo.git",
		"file:///srv/repo":                      "file:///srv/repo",
	} {
		if got := lockRepoURL(in); got != want {
			t.Errorf("lockRepoURL(%q) = %q, want %q", in, got, want)
		}
	}
}
