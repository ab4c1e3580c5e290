package seed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python"
)

func bundle(t *testing.T, files ...string) *python.Info {
	stdlib := t.TempDir()
	dir := filepath.Join(stdlib, "ensurepip", "_bundled")
	os.MkdirAll(dir, 0o755)
	for _, f := range files {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	return &python.Info{Stdlib: stdlib, VersionInfo: []int{3, 11, 7}}
}

func TestWheelsNewestOfEach(t *testing.T) {
	in := bundle(t, "pip-22.0.4-py3-none-any.whl", "pip-23.0.1-py3-none-any.whl", "setuptools-56.0.0-py3-none-any.whl", "README.txt")
	got, err := Wheels(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || filepath.Base(got[0]) != "pip-23.0.1-py3-none-any.whl" || filepath.Base(got[1]) != "setuptools-56.0.0-py3-none-any.whl" {
		t.Fatalf("got %v", got)
	}
}

func TestWheelsPythonVersionRule(t *testing.T) {
	in := bundle(t, "pip-24.2-py3-none-any.whl")
	in.VersionInfo = []int{3, 13, 0}
	got, err := Wheels(in)
	if err != nil || len(got) != 1 {
		t.Fatalf("3.13 seeds pip only: %v %v", got, err)
	}
	in.VersionInfo = []int{3, 11, 7}
	_, err = Wheels(in)
	var se *Error
	if !errors.As(err, &se) || se.Missing != "setuptools" || !strings.Contains(se.Hint(), "fwenv install") {
		t.Fatalf("3.11 without setuptools in the bundle: %v", err)
	}
}
