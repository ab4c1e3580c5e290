package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A wheel never replaces the files of a Python 2 environment's landmark
// layout (lib/python2.7/os.py, fwenv's site.py, orig-prefix.txt), as it
// never replaces bin/python.
func TestLandmarkFilesNotReplaced(t *testing.T) {
	for _, member := range []string{"lib/python2.7/os.py", "lib/python2.7/site.py", "lib/python2.7/orig-prefix.txt"} {
		t.Run(member, func(t *testing.T) {
			tg := fakeTarget(t)
			lib := filepath.Join(tg.Layout.Root, "lib", "python2.7")
			os.MkdirAll(lib, 0o755)
			for _, f := range []string{"os.py", "site.py", "orig-prefix.txt"} {
				os.WriteFile(filepath.Join(lib, f), []byte("landmark\n"), 0o644)
			}
			before := snapshot(t, tg.Layout.Root)
			whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/data/" + member: "x"}})
			_, err := Install(tg, []Request{req(whl)}, testOptions(t))
			if err == nil {
				t.Fatal("installed")
			}
			if !strings.Contains(err.Error(), "Python 2 landmark layout") {
				t.Errorf("error: %v", err)
			}
			if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
				t.Errorf("environment changed: %v", d)
			}
		})
	}
}
