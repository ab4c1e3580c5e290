package boundedtest

import (
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// An unbounded read of /dev/zero in the child ends fast with the child out
// of memory; the parent reports it as a failure (checked through a test
// that is expected to fail, run as a child of this one).
func TestUnboundedReadFailsFast(t *testing.T) {
	if os.Getenv("BOUNDEDTEST_SELFTEST") == "1" {
		if RunLimited(t, 64<<20, 20*time.Second) {
			return
		}
		f, err := os.Open("/dev/zero")
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(f) // grows until the limit stops it
		t.Fatal("read /dev/zero to the end")
	}
	if raceEnabled {
		t.Skip("no address-space limit under the race detector")
	}
	start := time.Now()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestUnboundedReadFailsFast$", "-test.v")
	cmd.Env = append(os.Environ(), "BOUNDEDTEST_SELFTEST=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("an unbounded read passed under the limit:\n%s", out)
	}
	if !strings.Contains(string(out), "failed under a limit of 64 MiB") {
		t.Errorf("output does not say the limit:\n%s", out)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %s", took)
	}
}

func TestBoundedReadPasses(t *testing.T) {
	if RunLimited(t, 64<<20, 20*time.Second) {
		return
	}
	if os.Getenv(childEnv) != t.Name() {
		t.Fatal("the body ran outside the child")
	}
	buf := make([]byte, 1<<20)
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.ReadFull(f, buf); err != nil {
		t.Fatal(err)
	}
}

func TestSubtests(t *testing.T) {
	for _, name := range []string{"a b", "c.d"} {
		t.Run(name, func(t *testing.T) {
			if RunLimited(t, 64<<20, 20*time.Second) {
				return
			}
			if os.Getenv(childEnv) != t.Name() {
				t.Fatal("the body ran outside the child")
			}
		})
	}
}
