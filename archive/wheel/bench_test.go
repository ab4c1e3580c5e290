package wheel

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func pipWheel(b *testing.B) (string, []byte) {
	paths, _ := filepath.Glob(filepath.Join(bundled, "pip-*.whl"))
	if len(paths) == 0 {
		b.Skipf("no pip wheel in %s", bundled)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Base(paths[0]), data
}

// BenchmarkOpenPip opens and fully validates the bundled pip wheel from
// memory (every member decompressed and hashed once).
func BenchmarkOpenPip(b *testing.B) {
	name, data := pipWheel(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(bytes.NewReader(data), int64(len(data)), name, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenPipFile is BenchmarkOpenPip through Open on the file itself.
func BenchmarkOpenPipFile(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join(bundled, "pip-*.whl"))
	if len(paths) == 0 {
		b.Skipf("no pip wheel in %s", bundled)
	}
	for b.Loop() {
		w, err := Open(paths[0], nil)
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}

// BenchmarkOpenAndStreamPip adds what an installer does next: stream every
// file once more (re-verified) to a sink.
func BenchmarkOpenAndStreamPip(b *testing.B) {
	name, data := pipWheel(b)
	buf := make([]byte, 64<<10)
	for b.Loop() {
		w, err := New(bytes.NewReader(data), int64(len(data)), name, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range w.Files() {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{rc}, buf); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
	}
}

// BenchmarkOpenPipDeferred is New with DeferContentCheck: every check but
// decompressing and hashing the members.
func BenchmarkOpenPipDeferred(b *testing.B) {
	name, data := pipWheel(b)
	for b.Loop() {
		if _, err := New(bytes.NewReader(data), int64(len(data)), name, &Options{DeferContentCheck: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWheelhouse opens and validates every wheel of the folder named by
// FWENV_TEST_WHEELHOUSE (made by shared/tools/make_wheelhouse.py), one after
// the other, as an installer would before installing them.
func BenchmarkWheelhouse(b *testing.B) {
	dir := os.Getenv("FWENV_TEST_WHEELHOUSE")
	if dir == "" {
		b.Skip("FWENV_TEST_WHEELHOUSE is not set")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(paths) == 0 {
		b.Fatalf("no wheels in %s", dir)
	}
	for b.Loop() {
		for _, p := range paths {
			w, err := Open(p, nil)
			if err != nil {
				b.Fatal(err)
			}
			w.Close()
		}
	}
}
