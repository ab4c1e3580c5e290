package main

import "testing"

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
