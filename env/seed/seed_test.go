package seed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/python/pythontest"
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

// The real bundles of 2.7, 3.6 and 3.7: --seed takes pip and setuptools,
// a plain create setuptools alone (no importlib.metadata below 3.8).
func TestLegacyBundles(t *testing.T) {
	root := pythontest.Root()
	want := map[string][2]string{
		"2.7.18": {"pip-19.2.3-py2.py3-none-any.whl", "setuptools-41.2.0-py2.py3-none-any.whl"},
		"3.6.15": {"pip-18.1-py2.py3-none-any.whl", "setuptools-40.6.2-py2.py3-none-any.whl"},
		"3.7.16": {"pip-22.0.4-py3-none-any.whl", "setuptools-47.1.0-py3-none-any.whl"},
	}
	for v, w := range want {
		var vi []int
		for _, p := range strings.Split(v, ".") {
			n := 0
			for _, c := range p {
				n = n*10 + int(c-'0')
			}
			vi = append(vi, n)
		}
		mm := strings.Join(strings.Split(v, ".")[:2], ".")
		in := &python.Info{VersionInfo: vi, Stdlib: filepath.Join(root, "versions", v, "lib", "python"+mm)}
		if _, err := os.Stat(Bundle(in)); err != nil {
			t.Logf("pyenv %s not installed", v)
			continue
		}
		got, err := Wheels(in)
		if err != nil || len(got) != 2 || filepath.Base(got[0]) != w[0] || filepath.Base(got[1]) != w[1] {
			t.Errorf("%s --seed: %v %v", v, got, err)
		}
		got, err = WheelsOf(in, RuntimeProjects(in))
		if err != nil || len(got) != 1 || filepath.Base(got[0]) != w[1] {
			t.Errorf("%s plain create: %v %v", v, got, err)
		}
	}
	if ps := RuntimeProjects(&python.Info{VersionInfo: []int{3, 8, 18}}); len(ps) != 0 {
		t.Errorf("3.8 needs no setuptools at run time: %v", ps)
	}
}

// --no-setuptools with --seed seeds pip alone, as virtualenv's does.
func TestProjectsNoSetuptools(t *testing.T) {
	in := &python.Info{VersionInfo: []int{2, 7, 18}}
	if got := Projects(in, false); strings.Join(got, " ") != "pip setuptools" {
		t.Errorf("2.7 --seed: %v", got)
	}
	if got := Projects(in, true); strings.Join(got, " ") != "pip" {
		t.Errorf("2.7 --seed --no-setuptools: %v", got)
	}
}
