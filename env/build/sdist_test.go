package build

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWheelFromSdist: `fwenv build` builds the wheel from the sdist it just
// made; the same sdist again comes from the cache; a hostile sdist is
// refused before any backend runs.
func TestWheelFromSdist(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	in := pyenvInfo(t, "3.11")
	o := e2eOptions(t, in, t.TempDir())
	dir := tutorialProject(t, "typeA_plugin1")
	out := t.TempDir()
	res, err := Build(context.Background(), dir, BuildOptions{Options: o, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.WheelFrom != "sdist" || res.Wheel.Project != res.Sdist.Path {
		t.Fatalf("wheel built from %s (%s)", res.WheelFrom, res.Wheel.Project)
	}
	checkSeedWheel(t, "typeA_plugin1", res.Wheel.Path, false)
	again, err := BuildWheelFromSdist(context.Background(), res.Sdist.Path, t.TempDir(), o)
	if err != nil || !again.Cached {
		t.Fatalf("same sdist again: %+v %v", again, err)
	}
	evil := filepath.Join(t.TempDir(), "evil-1.0.tar.gz")
	writeTarGz(t, evil, "evil-1.0/../../escaped.py")
	_, err = BuildWheelFromSdist(context.Background(), evil, t.TempDir(), o)
	var se *SdistError
	if !errors.As(err, &se) || se.Hint() == "" {
		t.Fatalf("hostile sdist: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(evil), "..", "escaped.py")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatal("a member escaped")
	}
}

func writeTarGz(t *testing.T, path string, names ...string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, n := range names {
		body := []byte("print('x')\n")
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write(body)
	}
	tw.Close()
	gz.Close()
	f.Close()
}
