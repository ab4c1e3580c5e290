package epcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/site"
)

func fakePython(t *testing.T, body string) string {
	t.Helper()
	py := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(py, []byte("#!/bin/sh\ncat >/dev/null\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return py
}

// The checker keeps only the end of an imported module's endless output:
// the answer is the last line.
func TestCheckKeepsTheEndOfStdout(t *testing.T) {
	py := fakePython(t, "yes | head -c 3000000\necho\necho '@@fwenv@@[null, \"ImportError: no m\"]'\n")
	broken, err := Check(py, []site.EntryPointRow{{Value: "a:f"}, {Value: "m:f"}})
	if err != nil || len(broken) != 1 || broken[1] != "ImportError: no m" {
		t.Fatalf("%v %v", broken, err)
	}
}

// A checker that fails keeps the end of its stderr: where the traceback
// says what went wrong.
func TestCheckKeepsTheEndOfStderr(t *testing.T) {
	py := fakePython(t, "yes | head -c 300000 >&2\necho 'SyntaxError: the cause' >&2\nexit 1\n")
	_, err := Check(py, []site.EntryPointRow{{Value: "m:f"}})
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("%T %v", err, err)
	}
	if !strings.HasSuffix(e.Stderr, "SyntaxError: the cause\n") || int64(len(e.Stderr)) > bounded.StderrTail {
		t.Fatalf("%T: kept %d bytes of stderr", err, len(e.Stderr))
	}
}
