package wheel

import (
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const bundled = "/root/.pyenv/versions/3.11.7/lib/python3.11/ensurepip/_bundled"

// TestRealBundledWheels opens the pip and setuptools wheels that CPython
// 3.11 bundles, checks what they say, and streams every file.
func TestRealBundledWheels(t *testing.T) {
	wheels, _ := filepath.Glob(filepath.Join(bundled, "*.whl"))
	if len(wheels) == 0 {
		t.Skipf("no bundled wheels in %s (CPython 3.11.7 from pyenv is not installed here)", bundled)
	}
	for _, path := range wheels {
		t.Run(filepath.Base(path), func(t *testing.T) {
			w, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			name := strings.SplitN(filepath.Base(path), "-", 2)[0]
			if w.Metadata.Name != name || !w.Info.RootIsPurelib || w.Info.Major != 1 {
				t.Fatalf("Name=%q RootIsPurelib=%v Wheel-Version=%s", w.Metadata.Name, w.Info.RootIsPurelib, w.Info.WheelVersion)
			}
			if len(w.Files()) != len(w.Record)-1 {
				t.Fatalf("%d files, RECORD has %d rows (RECORD itself included)", len(w.Files()), len(w.Record))
			}
			var scripts int
			for _, ep := range w.EntryPoints {
				if ep.Group == "console_scripts" {
					scripts++
				}
			}
			if name == "pip" && scripts < 2 {
				t.Fatalf("pip has %d console scripts", scripts)
			}
			for _, f := range w.Files() {
				if f.Scheme != Purelib || f.Path != f.Name {
					t.Fatalf("%s goes to %s/%s", f.Name, f.Scheme, f.Path)
				}
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				h := sha256.New()
				n, err := io.Copy(h, rc)
				rc.Close()
				if err != nil || n != f.Size {
					t.Fatalf("%s: %d bytes, %v", f.Name, n, err)
				}
				if string(h.Sum(nil)) != string(f.Hash.Digest) {
					t.Fatalf("%s: streamed content does not match RECORD", f.Name)
				}
			}
		})
	}
}

// TestWheelhouse opens every wheel of a folder built by
// ../shared/tools/make_wheelhouse.py when FWENV_TEST_WHEELHOUSE names it.
func TestWheelhouse(t *testing.T) {
	dir := os.Getenv("FWENV_TEST_WHEELHOUSE")
	if dir == "" {
		t.Skip("FWENV_TEST_WHEELHOUSE is not set (a folder made by shared/tools/make_wheelhouse.py)")
	}
	wheels, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(wheels) == 0 {
		t.Fatalf("no wheels in %s", dir)
	}
	for _, path := range wheels {
		w, err := Open(path, nil)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		for _, warn := range w.Warnings {
			t.Logf("%s: warning: %s", w.Filename, warn)
		}
		w.Close()
	}
}
