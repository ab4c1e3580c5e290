//go:build linux || darwin

package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Byte-compiling is never timed out, but what the interpreter prints is
// capped, and a process it leaves behind holding the output cannot keep the
// install waiting.
func TestCompileIsBounded(t *testing.T) {
	for _, tc := range []struct {
		name, script, want string
	}{
		{"flood", "#!/bin/sh\nexec yes\n", "printed more than"},
		{"grandchild", "#!/bin/sh\ncat >/dev/null\nsleep 1000 &\necho '[]'\n", ""},
		// Of a long stderr the end is kept: where the traceback's cause is.
		{"traceback", "#!/bin/sh\ncat >/dev/null\nyes | head -c 300000 >&2\necho 'SyntaxError: the cause' >&2\nexit 1\n", "SyntaxError: the cause"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg := fakeTarget(t)
			py := filepath.Join(t.TempDir(), "python")
			if err := os.WriteFile(py, []byte(tc.script), 0o755); err != nil {
				t.Fatal(err)
			}
			tg.Python = py
			o := testOptions(t)
			o.Compile = true
			whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "comp", Version: "1", Files: map[string]string{"comp/__init__.py": "X = 1\n"}})
			done := make(chan error, 1)
			go func() { _, err := Install(tg, []Request{req(whl)}, o); done <- err }()
			select {
			case err := <-done:
				if tc.want == "" && err != nil {
					t.Fatalf("install: %v", err)
				}
				if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
					t.Fatalf("want an error saying %q: %v", tc.want, err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the install did not return")
			}
		})
	}
}
