// Package boundedtest runs a test of an unbounded read under a memory
// limit and a timeout, so that code which reads without a bound fails
// fast (out of memory, non-zero exit) instead of eating the machine;
// Sparse makes huge files cheaply, and RefusesFIFO checks that an open
// refuses a FIFO at once instead of waiting for a writer.
//
// It is a leaf package for tests only: every folder of the module may
// import it.
package boundedtest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv names the environment variable that marks the child: its value
// is the name of the test the child runs limited.
const childEnv = "FWENV_BOUNDEDTEST_CHILD"

// RunLimited runs the calling test again in a child process (the current
// test binary, `-test.run` narrowed to t.Name()) whose address space may
// grow by at most limit bytes beyond what it had when the test started,
// and which is killed after timeout. In the parent it waits for the child,
// fails t if the child failed, was killed or ran out of memory, and
// returns true: the caller returns at once. In the child it sets the limit
// and returns false: the caller goes on with the test body.
//
//	if boundedtest.RunLimited(t, 256<<20, 20*time.Second) {
//		return
//	}
//
// Under the race detector (which maps terabytes of shadow memory) the
// address-space limit is left out; the timeout stays.
func RunLimited(t *testing.T, limit int64, timeout time.Duration) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		if !raceEnabled {
			setLimit(t, limit)
		}
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0],
		"-test.run", runPattern(t.Name()),
		"-test.count=1",
		"-test.v",
		"-test.timeout", timeout.String())
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s did not end within %s (killed):\n%s", t.Name(), timeout, tail(out))
	case err != nil:
		t.Fatalf("%s failed under a limit of %d MiB more address space (%s, after %s):\n%s",
			t.Name(), limit>>20, err, time.Since(start).Round(time.Millisecond), tail(out))
	case !strings.Contains(string(out), "--- PASS: "+t.Name()):
		// A pattern that ran nothing passes too: make sure the test ran.
		t.Fatalf("%s did not run in the child:\n%s", t.Name(), tail(out))
	}
	return true
}

// runPattern is a -test.run pattern matching exactly the test (or
// subtest) named name.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// setLimit limits the address space of this process to its current size
// plus limit. The Go runtime reserves address space it does not use yet,
// so a limit counted from zero would depend on the Go version.
func setLimit(t *testing.T, limit int64) {
	t.Helper()
	size, err := vmSize()
	if err != nil {
		t.Fatalf("boundedtest: %v", err)
	}
	max := uint64(size + limit)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &old); err != nil {
		t.Fatalf("boundedtest: getrlimit: %v", err)
	}
	if old.Max < max {
		max = old.Max
	}
	lim := syscall.Rlimit{Cur: max, Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		t.Fatalf("boundedtest: setrlimit: %v", err)
	}
}

// vmSize is this process's address space, in bytes (VmSize of
// /proc/self/status).
func vmSize() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmSize:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmSize %q: %v", rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmSize in /proc/self/status")
}

// tail is what shows why a child failed: from the runtime's "fatal
// error" (out of memory) on, or else the end of its output; 8 KiB at most.
func tail(out []byte) []byte {
	const max = 8 << 10
	if i := bytes.Index(out, []byte("fatal error: ")); i >= 0 {
		out = out[i:]
		if len(out) > max {
			return append(out[:max:max], "\n..."...)
		}
		return out
	}
	if len(out) > max {
		return append([]byte("...\n"), out[len(out)-max:]...)
	}
	return out
}

// Sparse makes path a sparse file of size bytes (it costs no disk), for
// tests of caps; the test fails if the file system cannot.
func Sparse(t testing.TB, path string, size int64) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return path
}
