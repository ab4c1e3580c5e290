package proc

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "helper")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// alive reports whether a process with the pid in file exists.
func alive(t *testing.T, pidFile string) bool {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("pid file: %v", err)
	}
	var pid int
	for _, c := range strings.TrimSpace(string(data)) {
		pid = pid*10 + int(c-'0')
	}
	return syscall.Kill(pid, 0) == nil
}

func TestRunBounds(t *testing.T) {
	dir := t.TempDir()
	pid := filepath.Join(dir, "pid")
	tests := []struct {
		name, body string
		timeout    time.Duration
		want       error
		out        string
		leftover   bool // a grandchild wrote its pid: it must be gone
	}{
		{name: "answers", body: "echo hello\n", out: "hello\n"},
		// The shell waits for its child: killing the shell alone would leave
		// sleep holding the pipe.
		{name: "forked sleep", body: "sleep 1000 & echo $! > " + pid + "; wait\n", timeout: 300 * time.Millisecond, want: ErrTimeout, leftover: true},
		{name: "foreground sleep", body: "sleep 1000\n", timeout: 300 * time.Millisecond, want: ErrTimeout},
		{name: "exec sleep", body: "exec sleep 1000\n", timeout: 300 * time.Millisecond, want: ErrTimeout},
		// Exits at once with success, a background child keeps stdout.
		{name: "background holder", body: "sleep 1000 & echo $! > " + pid + "; echo done\n", out: "done\n", leftover: true},
		{name: "flood", body: "yes\n", want: ErrTooMuchOutput},
		{name: "flood stderr", body: "yes >&2\n", want: ErrTooMuchOutput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(pid)
			start := time.Now()
			res, err := Run(context.Background(), script(t, tt.body), nil, Options{Timeout: tt.timeout, MaxOutput: 64 << 10})
			took := time.Since(start)
			if took > 5*time.Second {
				t.Errorf("took %s", took)
			}
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if tt.out != "" && string(res.Stdout) != tt.out {
				t.Errorf("stdout %q", res.Stdout)
			}
			if res != nil && len(res.Stdout)+len(res.Stderr) > 64<<10 {
				t.Errorf("kept %d bytes, over the cap", len(res.Stdout)+len(res.Stderr))
			}
			if tt.leftover {
				deadline := time.Now().Add(2 * time.Second)
				for alive(t, pid) && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if alive(t, pid) {
					t.Error("the helper's child survived")
				}
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	_, err := Run(context.Background(), script(t, "yes\n"), nil, Options{MaxOutput: 1 << 20})
	if err == nil || !strings.Contains(err.Error(), "printed more than 1 MiB of output") {
		t.Errorf("flood: %v", err)
	}
	_, err = Run(context.Background(), script(t, "sleep 1000\n"), nil, Options{Timeout: 200 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "gave no answer within 200ms") {
		t.Errorf("timeout: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = Run(ctx, script(t, "sleep 1000\n"), nil, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
	res, err := Run(context.Background(), script(t, "echo oops >&2; exit 3\n"), nil, Options{})
	if err == nil || string(res.Stderr) != "oops\n" {
		t.Errorf("exit 3: %v %q", err, res.Stderr)
	}
}

func TestAnnounce(t *testing.T) {
	called := make(chan struct{}, 2)
	_, err := Run(context.Background(), script(t, "sleep 2\n"), nil, Options{Announce: func() { called <- struct{}{} }})
	if err != nil {
		t.Fatal(err)
	}
	if len(called) != 1 {
		t.Errorf("announced %d times after a 2 s run", len(called))
	}
	_, _ = Run(context.Background(), script(t, "true\n"), nil, Options{Announce: func() { called <- struct{}{} }})
	time.Sleep(AnnounceAfter + 200*time.Millisecond)
	if len(called) != 1 {
		t.Errorf("a quick helper was announced")
	}
}

// A long process: no timeout, stdout capped (stopping it), stderr's end
// kept, a cancel kills the group, leftovers killed when it ends.
func TestRunLong(t *testing.T) {
	dir := t.TempDir()
	pid := filepath.Join(dir, "pid")
	o := Options{NoTimeout: true, Timeout: 100 * time.Millisecond, StderrTail: 1000, MaxOutput: 64 << 10}
	res, err := Run(context.Background(), script(t, "sleep 0.5\nyes | head -c 100000 >&2\necho Traceback: the end >&2\nsleep 1000 & echo $! > "+pid+"\necho answer\n"), nil, o)
	if err != nil || string(res.Stdout) != "answer\n" {
		t.Fatalf("%v %q", err, res.Stdout)
	}
	if len(res.Stderr) != 1000 || !strings.HasSuffix(string(res.Stderr), "Traceback: the end\n") {
		t.Errorf("stderr kept %d bytes ending %q", len(res.Stderr), res.Stderr[max(0, len(res.Stderr)-30):])
	}
	deadline := time.Now().Add(2 * time.Second)
	for alive(t, pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if alive(t, pid) {
		t.Error("a leftover of a successful run survived")
	}
	start := time.Now()
	_, err = Run(context.Background(), script(t, "yes\n"), nil, o)
	if !errors.Is(err, ErrTooMuchOutput) || time.Since(start) > 5*time.Second {
		t.Errorf("flood: %v after %s", err, time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = Run(ctx, script(t, "sleep 1000 &\nwait\n"), nil, o)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("cancel: %v after %s", err, time.Since(start))
	}
}

// StdoutTail keeps the end of stdout (the answer printed last) and does
// not stop the process; Stdout/Stderr writers get the streams.
func TestRunTailsAndWriters(t *testing.T) {
	res, err := Run(context.Background(), script(t, "yes | head -c 300000\necho; echo ANSWER\n"), nil, Options{MaxOutput: 1000, StdoutTail: true, StderrTail: 100})
	if err != nil || len(res.Stdout) != 1000 || !strings.HasSuffix(string(res.Stdout), "\nANSWER\n") {
		t.Fatalf("%v: kept %d bytes", err, len(res.Stdout))
	}
	var mu sync.Mutex
	var got strings.Builder
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return got.Write(p) })
	res, err = Run(context.Background(), script(t, "echo out; echo err >&2\n"), nil, Options{Stdout: w, Stderr: w})
	// Two pipes: the order in which the lines arrive is not fixed.
	if g := got.String(); err != nil || len(res.Stdout)+len(res.Stderr) != 0 || (g != "out\nerr\n" && g != "err\nout\n") {
		t.Errorf("%v %q %+v", err, got.String(), res)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
