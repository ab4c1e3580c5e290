package fwlock

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

// FuzzParse: Parse never panics, every error is an *lock.Error with a hint, and
// whatever Parse accepts Marshal writes and Parse reads back unchanged.
func FuzzParse(f *testing.F) {
	golden, _ := os.ReadFile(filepath.Join("testdata", "seed-bundle.lock.golden"))
	f.Add(golden)
	f.Add(golden[:len(golden)/2])
	f.Add([]byte("version: 1\nkind: lock\ntarget: {python: '3.11', implementation: cpython, platform: ''}\npackages: []\n"))
	f.Add([]byte("version: 2\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("version: 1\nkind: bundle\n&a [*a]\n"))
	f.Add([]byte(strings.Repeat("[", 200)))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data, "f.lock")
		if err != nil {
			e, ok := err.(*lock.Error)
			if !ok || e.Hint() == "" || !strings.HasPrefix(e.Error(), "f.lock") {
				t.Fatalf("error %T %q: not an *lock.Error naming the file with a hint", err, err)
			}
			return
		}
		b, err := Marshal(l)
		if err != nil {
			t.Fatalf("Parse accepted a lock Marshal refuses: %v", err)
		}
		l2, err := Parse(b, "f.lock")
		if err != nil {
			t.Fatalf("Parse refuses Marshal's output: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(l, l2) {
			t.Fatalf("round trip changed the lock:\n%+v\n%+v", l, l2)
		}
		if b2, _ := Marshal(l2); !bytes.Equal(b, b2) {
			t.Fatal("Marshal is not stable")
		}
	})
}
