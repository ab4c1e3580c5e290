package build

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBuildLogTail(t *testing.T) {
	var verbose strings.Builder
	l, err := openBuildLog(t.TempDir(), "p/x", &verbose)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		fmt.Fprintf(l, "line %d\r\n", i)
	}
	l.Write([]byte("partial"))
	l.Write([]byte(" end\n\n\n"))
	tail := l.tail(TailLines)
	if len(tail) != TailLines || tail[0] != "line 81" || tail[TailLines-1] != "partial end" {
		t.Fatalf("tail %q", tail)
	}
	if !strings.Contains(verbose.String(), "line 0\r\n") {
		t.Fatal("verbose sink missed output")
	}
	path := l.path
	if got := l.close(); got != "" {
		t.Fatalf("log kept without a failure: %s", got)
	}
	if _, err := readLines(path); err == nil {
		t.Fatal("log file not removed after success")
	}
	l2, _ := openBuildLog(t.TempDir(), "y", nil)
	fmt.Fprintln(l2, "kept")
	l2.keep()
	kept := l2.close()
	if lines, err := readLines(kept); err != nil || lines[0] != "kept" {
		t.Fatalf("kept log: %v %v", lines, err)
	}
}

// TestBackendErrors: what goes wrong in the backend, or in how it answers,
// is reported with the hook, the kind of failure and a hint.
func TestBackendErrors(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "3.12")
	o := e2eOptions(t, in, sharedCacheDir(t))
	o.NoCache = true
	cases := []struct {
		name    string
		files   map[string]string
		kind    string
		message string
	}{
		{name: "backend not installed",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"no_such_backend\"\n"},
			kind:  "backend-unavailable", message: "cannot import build backend 'no_such_backend'"},
		{name: "object missing",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b:nope\"\nbackend-path = [\".\"]\n", "b.py": ""},
			kind:  "backend-unavailable", message: "has no attribute 'nope'"},
		{name: "not loaded from backend-path",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"json\"\nbackend-path = [\"tools\"]\n", "tools/x.py": ""},
			kind:  "backend-invalid", message: "not from backend-path"},
		{name: "returns a path outside the output folder",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\".\"]\n", "b.py": "def build_wheel(d, config_settings=None, metadata_directory=None):\n    return '../evil.whl'\n"},
			kind:  "bad-return", message: "not a file name in the output folder"},
		{name: "returns a file it did not write",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\".\"]\n", "b.py": "def build_wheel(d, config_settings=None, metadata_directory=None):\n    return 'x-1.0-py3-none-any.whl'\n"},
			kind:  "bad-return", message: "wrote no such file"},
		{name: "returns a non-string",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\".\"]\n", "b.py": "def build_wheel(d, config_settings=None, metadata_directory=None):\n    return 3\n"},
			kind:  "bad-return", message: "not what PEP 517 asks for"},
		{name: "calls sys.exit(0)",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\".\"]\n", "b.py": "import sys\ndef build_wheel(d, config_settings=None, metadata_directory=None):\n    sys.exit(0)\n"},
			kind:  "hook-failed", message: "sys.exit(0)"},
		{name: "kills the interpreter",
			files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\".\"]\n", "b.py": "import os\ndef build_wheel(d, config_settings=None, metadata_directory=None):\n    print('about to die', flush=True)\n    os._exit(3)\n"},
			kind:  "crashed", message: "exit status 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			writeFiles(t, dir, tc.files)
			_, err := BuildWheel(context.Background(), dir, t.TempDir(), o)
			var he *HookError
			if !errors.As(err, &he) || he.Kind != tc.kind || !strings.Contains(err.Error(), tc.message) || he.Hint() == "" {
				t.Fatalf("error %v (kind %v), want kind %s with %q", err, he, tc.kind, tc.message)
			}
			if tc.kind == "crashed" && !strings.Contains(err.Error(), "about to die") {
				t.Fatalf("the output before the crash is not shown: %v", err)
			}
		})
	}
}

// TestCancel: cancelling the context stops the backend and its children.
func TestCancel(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "3.12")
	o := e2eOptions(t, in, sharedCacheDir(t))
	o.NoCache = true
	dir := filepath.Join(t.TempDir(), "p")
	writeFiles(t, dir, map[string]string{
		"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\".\"]\n",
		"b.py":           "import subprocess, time\ndef build_wheel(d, config_settings=None, metadata_directory=None):\n    subprocess.Popen(['sleep', '60'])\n    time.sleep(60)\n",
	})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := BuildWheel(ctx, dir, t.TempDir(), o)
	var he *HookError
	if !errors.As(err, &he) || !strings.Contains(he.Message, "cancelled") {
		t.Fatalf("error %v, want a cancelled hook", err)
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Fatalf("cancel took %s", d)
	}
}
