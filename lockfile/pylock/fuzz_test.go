package pylock

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

// FuzzParse: Parse never panics, every error is an *Error naming the file
// with a hint, and whatever Parse accepts Marshal writes and Parse reads
// back unchanged.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "pylock*.toml"))
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(head + attrsOK))
	f.Add([]byte("lock-version = \"1.9\"\ncreated-by = \"x\"\n[x]\n"))
	f.Add([]byte("lock-version = \"1.0\"\ncreated-by = \"x\"\n[[packages]]\nname = \"a\"\nmarker = \"'a' in extras\"\ndirectory = {path = \"\\u0000\"}\n"))
	f.Add([]byte(strings.Repeat("[", 100)))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data, "f.toml")
		if err != nil {
			e, ok := err.(*lock.Error)
			if !ok || e.Hint() == "" || !strings.HasPrefix(e.Error(), "f.toml") {
				t.Fatalf("error %T %q: not an *Error naming the file with a hint", err, err)
			}
			return
		}
		b, err := Marshal(l)
		if err != nil {
			t.Fatalf("Parse accepted a lock Marshal refuses: %v", err)
		}
		l2, err := Parse(b, "f.toml")
		if err != nil {
			t.Fatalf("Parse refuses Marshal's output: %v\n%s", err, b)
		}
		l.Warnings, l2.Warnings = nil, nil
		if !reflect.DeepEqual(l, l2) {
			t.Fatalf("round trip changed the lock:\n%#v\n%#v\n%s", l, l2, b)
		}
		if b2, _ := Marshal(l2); !bytes.Equal(b, b2) {
			t.Fatal("Marshal is not stable")
		}
		_, _ = l.Select("f.toml", lock.Interpreter{Env: map[string]string{"sys_platform": "linux", "python_full_version": "3.11.0"}}, nil, nil)
	})
}
