package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A hook has no time limit, but one that runs for more than a second is
// announced, once; a cancel kills every process the backend started.
func TestHookAnnouncedAndKilledAsAGroup(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "python")
	// The "interpreter" answers the runner's request after 1.5 s; with
	// SLEEP set it forks a child that never ends and waits for it.
	os.WriteFile(fake, []byte(`#!/bin/sh
if [ -n "$SLEEP" ]; then sleep 1000 & wait; fi
sleep 1.5
echo '{"ok": true, "return": null}' > "$3"
`), 0o755)
	log, err := openBuildLog(filepath.Join(dir, "logs"), "p", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer log.close()
	hr, err := newHookRunner(fake, os.Environ(), dir, &BuildSystem{Backend: "slow.backend"}, filepath.Join(dir, "work"), log)
	if err != nil {
		t.Fatal(err)
	}
	// The announcement comes from a timer's goroutine.
	var mu sync.Mutex
	var said []string
	hr.slow = func(hook string) { mu.Lock(); said = append(said, hook); mu.Unlock() }
	if _, err := hr.call(context.Background(), "build_wheel", nil, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(said) != 1 || said[0] != "build_wheel" {
		t.Errorf("announced %q", said)
	}
	hr.environ = append(os.Environ(), "SLEEP=1")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = hr.call(ctx, "build_wheel", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "cancelled") || time.Since(start) > 5*time.Second {
		t.Errorf("cancelled hook: %v after %s", err, time.Since(start))
	}
}

// Output without a line end is bounded in memory.
func TestBuildLogEndlessLine(t *testing.T) {
	l, err := openBuildLog(t.TempDir(), "p", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.close()
	chunk := []byte(strings.Repeat("x", 32<<10))
	for i := 0; i < 200; i++ {
		l.Write(chunk)
	}
	if len(l.partial) > maxPartialLine {
		t.Errorf("kept %d bytes of an unfinished line", len(l.partial))
	}
}
