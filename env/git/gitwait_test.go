package git

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeGit writes a script that stands for git.
func fakeGit(t *testing.T, body string) *runner {
	t.Helper()
	p := filepath.Join(t.TempDir(), "git")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return &runner{bin: p, env: os.Environ(), what: "https://example.invalid/repo.git"}
}

func TestGitQueriesAreBounded(t *testing.T) {
	old := queryTimeout
	queryTimeout = 500 * time.Millisecond
	t.Cleanup(func() { queryTimeout = old })
	tests := []struct {
		name, body, want string
	}{
		// A git (or a wrapper) that forks and waits: the whole group goes.
		{"forked hang", "sleep 1000 &\nwait\n", "no answer within 500ms"},
		{"hang", "sleep 1000\n", "no answer within 500ms"},
		{"flood", "yes\n", "printed more than 4 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := fakeGit(t, tt.body)
			done := make(chan error, 1)
			go func() { _, err := g.run(context.Background(), "", "rev-parse", "HEAD"); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %v, want %q", err, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("a git query still runs after 10 s")
			}
		})
	}
}

func TestLongGitCommandsAreAnnouncedNotCut(t *testing.T) {
	old := queryTimeout
	queryTimeout = 200 * time.Millisecond
	t.Cleanup(func() { queryTimeout = old })
	g := fakeGit(t, "sleep 1.5\necho done\nyes | head -c 300000 >&2\n")
	// The announcement comes from a timer's goroutine.
	var mu sync.Mutex
	var said []string
	g.waiting = func(s string) { mu.Lock(); said = append(said, s); mu.Unlock() }
	if _, err := g.run(context.Background(), "", "fetch", "-q"); err != nil {
		t.Fatalf("a slow fetch failed: %v", err)
	}
	mu.Lock()
	if len(said) != 1 || said[0] != "waiting for git fetch (https://example.invalid/repo.git)…" {
		t.Errorf("announced %q", said)
	}
	mu.Unlock()
	// A cancel still stops a long command, and every process it started.
	g = fakeGit(t, "sleep 1000 &\nwait\n")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := g.run(ctx, "", "fetch"); err == nil || time.Since(start) > 8*time.Second {
		t.Errorf("cancelled fetch: %v after %s", err, time.Since(start))
	}
}

// What a successful git query left behind in its process group (a helper
// it started, not holding the output) is killed when the query ends.
func TestGitLeftoversKilledAfterSuccess(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	g := fakeGit(t, "sleep 1000 >/dev/null 2>&1 &\necho $! > "+pidFile+"\necho abc\n")
	out, err := g.run(context.Background(), "", "rev-parse", "HEAD")
	if err != nil || out != "abc" {
		t.Fatalf("%q %v", out, err)
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	deadline := time.Now().Add(2 * time.Second)
	for pid > 0 && running(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if pid > 0 && running(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("git's leftover (pid %d) survived a successful query", pid)
	}
}

// running reports whether pid is a live process (a zombie counts as gone).
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}
