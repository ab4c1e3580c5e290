package python

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A wrapper script that starts a child and waits for it (no exec) must not
// keep the probe waiting past its timeout: the whole process group goes.
func TestProbeKillsForkingWrapper(t *testing.T) {
	old := ProbeTimeout
	ProbeTimeout = 2 * time.Second
	t.Cleanup(func() { ProbeTimeout = old })
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	hang := filepath.Join(dir, "python3.99")
	os.WriteFile(hang, []byte("#!/bin/sh\nsleep 1000 &\necho $! > "+pidFile+"\nwait\n"), 0o755)
	// The announcement comes from a timer's goroutine.
	var mu sync.Mutex
	var waited []string
	p := &Prober{Waiting: func(path string, limit time.Duration) { mu.Lock(); waited = append(waited, path); mu.Unlock() }}
	start := time.Now()
	done := make(chan error, 1)
	go func() { _, err := p.Probe(hang); done <- err }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the probe of a forking wrapper still runs after 10 s")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the probe took %s with a 2 s timeout", took)
	}
	var pe *ProbeError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "no answer within 2s") || !strings.Contains(pe.Hint(), "wrapper") {
		t.Fatalf("got %v", err)
	}
	mu.Lock()
	if len(waited) != 1 {
		t.Errorf("Waiting called %d times, want once", len(waited))
	}
	mu.Unlock()
	if data, err := os.ReadFile(pidFile); err == nil {
		var pid int
		for _, c := range strings.TrimSpace(string(data)) {
			pid = pid*10 + int(c-'0')
		}
		deadline := time.Now().Add(2 * time.Second)
		for pid > 0 && running(pid) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if pid > 0 && running(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Errorf("the wrapper's sleep (pid %d) survived the probe", pid)
		}
	}
	// The same Prober does not wait for the same interpreter twice.
	start = time.Now()
	if _, err := p.Probe(hang); err == nil || time.Since(start) > 500*time.Millisecond || p.Ran != 1 {
		t.Errorf("second probe: %v after %s, ran %d", err, time.Since(start), p.Ran)
	}
}

// A program that prints without end is stopped at the cap.
func TestProbeOutputCap(t *testing.T) {
	dir := t.TempDir()
	for _, stream := range []string{"", " >&2"} {
		flood := filepath.Join(dir, "flood")
		os.WriteFile(flood, []byte("#!/bin/sh\nyes"+stream+"\n"), 0o755)
		start := time.Now()
		_, err := (&Prober{}).Probe(flood)
		var pe *ProbeError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "printed more than 1 MiB of output") || !strings.Contains(pe.Hint(), "not a program or wrapper script") {
			t.Fatalf("got %v", err)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("took %s", took)
		}
		if int64(len(pe.Stderr)) > MaxProbeOutput {
			t.Errorf("kept %d bytes of stderr", len(pe.Stderr))
		}
	}
}

// running reports whether pid is a live process (a zombie waiting for its
// new parent to reap it counts as gone).
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
