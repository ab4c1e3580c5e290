package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
)

// A backend that floods its output, then fails, leaves a log of at most
// the head and tail caps (not 20 MiB), which still ends with the last
// thing it printed; the error's tail stays short. The fake "interpreter"
// stops by itself after 20 MiB, so without the cap the test fails fast
// instead of filling the disk.
func TestBuildLogCappedOnDisk(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "python")
	os.WriteFile(fake, []byte(`#!/bin/sh
echo "the first line"
i=0
while [ $i -lt 10 ]; do
  head -c 1048576 /dev/zero | tr '\0' 'z'
  echo
  head -c 1048576 /dev/zero | tr '\0' 'y' >&2
  echo >&2
  i=$((i+1))
done
echo "the last line"
exit 3
`), 0o755)
	logs := filepath.Join(dir, "build-logs")
	log, err := openBuildLog(logs, "flood-wheel", nil)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := newHookRunner(fake, os.Environ(), dir, &BuildSystem{Backend: "flood"}, filepath.Join(dir, "work"), log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err = hr.call(ctx, "build_wheel", nil, nil)
	var he *HookError
	if !errors.As(err, &he) || he.Kind != "crashed" {
		t.Fatalf("error %v, want a crashed hook", err)
	}
	kept := log.close()
	if kept == "" {
		t.Fatal("the log of a failed build was not kept")
	}
	st, err := os.Stat(kept)
	if err != nil {
		t.Fatal(err)
	}
	if max := bounded.BuildLogHead + bounded.BuildLogTail + 1024; st.Size() > max {
		t.Fatalf("the log holds %d bytes, the cap is %d", st.Size(), max)
	}
	data, err := os.ReadFile(kept)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.Contains(s[:200], "=== fwenv: build_wheel (backend flood)\nthe first line\n") ||
		!strings.HasSuffix(s, "the last line\n") || !strings.Contains(s, " bytes left out …]\n") {
		t.Fatalf("the log does not keep the head, the marker and the tail: %q … %q", s[:200], s[len(s)-200:])
	}
	if len(he.Error()) > TailLines*(maxTailLine+100) {
		t.Fatalf("the error is %d bytes long", len(he.Error()))
	}
	if he.Tail[len(he.Tail)-1] != "the last line" {
		t.Fatalf("tail %q", he.Tail[len(he.Tail)-1])
	}
	// One log per build.
	if ents, _ := os.ReadDir(logs); len(ents) != 1 {
		t.Fatalf("%d files in build-logs", len(ents))
	}
}

// Logs of failed builds do not pile up: opening a log removes the oldest
// beyond maxBuildLogs, but never one written in the last hour.
func TestBuildLogsPruned(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	for i := 0; i < 30; i++ {
		p := filepath.Join(dir, "old-"+string(rune('a'+i))+".log")
		os.WriteFile(p, []byte("x"), 0o644)
		os.Chtimes(p, old.Add(time.Duration(i)*time.Minute), old.Add(time.Duration(i)*time.Minute))
	}
	for _, n := range []string{"fresh-1.log", "fresh-2.log", "notes.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	l, err := openBuildLog(dir, "p", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.keep()
	defer l.close()
	ents, _ := os.ReadDir(dir)
	var logs []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".log") {
			logs = append(logs, e.Name())
		}
	}
	if len(logs) != maxBuildLogs {
		t.Fatalf("%d logs kept, want %d: %v", len(logs), maxBuildLogs, logs)
	}
	for _, n := range []string{"fresh-1.log", "fresh-2.log", "notes.txt", "old-" + string(rune('a'+29)) + ".log"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed", n)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "old-a.log")); err == nil {
		t.Error("the oldest log was kept")
	}
	// Recent logs are never removed for the count.
	pruneBuildLogs(dir, 0, time.Now().Add(-time.Hour))
	if _, err := os.Stat(filepath.Join(dir, "fresh-1.log")); err != nil {
		t.Error("a log written just now was removed")
	}
}

// TestRunningBuildLogNotPruned: past the head cap nothing is written to a
// log until its build ends, so its time says nothing; a log whose build
// still runs (it holds the log's lock) is never pruned, however old.
func TestRunningBuildLogNotPruned(t *testing.T) {
	dir := t.TempDir()
	running, err := openBuildLog(dir, "running", nil)
	if err != nil {
		t.Fatal(err)
	}
	running.keep() // a failed build's log stays after close
	defer running.close()
	old := time.Now().Add(-3 * time.Hour)
	os.Chtimes(running.path, old, old)
	pruneBuildLogs(dir, 0, time.Now().Add(-time.Hour))
	if _, err := os.Stat(running.path); err != nil {
		t.Fatal("the log of a running build was pruned")
	}
	running.close()
	os.Chtimes(running.path, old, old)
	pruneBuildLogs(dir, 0, time.Now().Add(-time.Hour))
	if _, err := os.Stat(running.path); err == nil {
		t.Error("a finished old log was kept past the count")
	}
}
