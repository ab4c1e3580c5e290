package python

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/env/python/pythontest"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// pyenvPython returns an installed pyenv interpreter or skips.
func pyenvPython(t *testing.T, version string) string {
	t.Helper()
	return pythontest.Python(t, version)
}

func TestProbeRealInterpreters(t *testing.T) {
	for _, v := range []string{"3.8.18", "3.11.7", "3.13.0"} {
		t.Run(v, func(t *testing.T) {
			p := &Prober{CacheDir: t.TempDir()}
			info, err := p.Probe(pyenvPython(t, v))
			if err != nil {
				t.Fatal(err)
			}
			if info.Version() != v {
				t.Fatalf("version %s, want %s", info.Version(), v)
			}
			if ok, why := info.Supported(); !ok {
				t.Fatal(why)
			}
			if strings.Contains(info.Path, "shims") || filepath.Base(info.Path) != "python"+info.MajorMinor() {
				t.Fatalf("path not resolved to the real executable: %s", info.Path)
			}
			wantScheme := "posix_prefix"
			if info.VersionInfo[1] >= 11 {
				wantScheme = "venv"
			}
			if info.SchemeName != wantScheme || info.SitePackages() != "lib/python"+info.MajorMinor()+"/site-packages" {
				t.Fatalf("scheme %s purelib %s", info.SchemeName, info.SitePackages())
			}
			if info.Markers["python_full_version"] != v || info.Markers["python_version"] != info.MajorMinor() || info.Markers["sys_platform"] != "linux" {
				t.Fatalf("markers %v", info.Markers)
			}
			if name, maj, _ := info.LibcName(); name != "glibc" || maj != 2 {
				t.Fatalf("libc %v", info.Libc)
			}
		})
	}
}

func TestProbeCache(t *testing.T) {
	src := pyenvPython(t, "3.11.7")
	real, _ := filepath.EvalSymlinks(src)
	// A private copy of the executable so its mtime can change.
	dir := t.TempDir()
	exe := filepath.Join(dir, "python3.11")
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &Prober{CacheDir: t.TempDir()}
	a, err := p.Probe(exe)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Probe(exe)
	if err != nil {
		t.Fatal(err)
	}
	if p.Ran != 1 || a.Version() != b.Version() {
		t.Fatalf("second probe ran Python again (ran %d times)", p.Ran)
	}
	// A fresh Prober reads the same cache from disk.
	p2 := &Prober{CacheDir: p.CacheDir}
	if _, err := p2.Probe(exe); err != nil || p2.Ran != 0 {
		t.Fatalf("disk cache not used: ran %d, %v", p2.Ran, err)
	}
	// A changed executable is probed again.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(exe, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := p2.Probe(exe); err != nil || p2.Ran != 1 {
		t.Fatalf("stale cache entry used: ran %d, %v", p2.Ran, err)
	}
}

func TestProbeNotPython(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "python3")
	os.WriteFile(bad, []byte("#!/bin/sh\necho 'not json'; echo boom >&2; exit 3\n"), 0o755)
	_, err := (&Prober{}).Probe(bad)
	var pe *ProbeError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("want a ProbeError showing stderr, got %v", err)
	}
	os.WriteFile(bad, []byte("#!/bin/sh\necho 'not json'\n"), 0o755)
	if _, err := (&Prober{}).Probe(bad); !errors.As(err, &pe) || !strings.Contains(err.Error(), "unreadable probe output") {
		t.Fatalf("got %v", err)
	}
}

func TestFinderRequests(t *testing.T) {
	pyenvPython(t, "3.12.1")
	pyenvPython(t, "3.11.7")
	root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(pyenvPython(t, "3.11.7")))))
	home := t.TempDir()
	f := &Finder{
		Prober:   &Prober{CacheDir: filepath.Join(home, "cache")},
		Pyenv:    &Pyenv{Root: root, Version: "3.11.7", Dir: home},
		PathDirs: []string{filepath.Join(root, "shims"), "/usr/bin"},
	}
	cases := map[string]string{
		"":            "3.11.7", // python3 on PATH is the shim -> PYENV_VERSION
		"3":           "3.11.7",
		"3.12":        "3.12.1",
		"cpython3.10": "3.10.13",
		"python3.12":  "3.12.1", // the shim has no 3.12 in 3.11.7: falls back to a version request
		"3.8.18":      "3.8.18",
	}
	for req, want := range cases {
		r, err := ParseRequest(req)
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.Find(r)
		if err != nil {
			if strings.Contains(err.Error(), "no Python interpreter matches") && want == "3.10.13" {
				t.Logf("skip %s: %v", req, err)
				continue
			}
			t.Fatalf("%q: %v", req, err)
		}
		if info.Version() != want {
			t.Errorf("%q found %s, want %s", req, info.Version(), want)
		}
		if strings.Contains(info.Path, "/shims/") {
			t.Errorf("%q resolved to a shim: %s", req, info.Path)
		}
	}
	for _, req := range []string{"3.5", "/nonexistent/python"} {
		r, _ := ParseRequest(req)
		_, err := f.Find(r)
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("%q: want NotFoundError, got %v", req, err)
		}
		if !strings.Contains(err.Error(), "found:") {
			t.Errorf("%q: error does not list what was found: %v", req, err)
		}
	}
}

func TestTagsFromProbe(t *testing.T) {
	p := &Prober{CacheDir: t.TempDir()}
	info, err := p.Probe(pyenvPython(t, "3.11.7"))
	if err != nil {
		t.Fatal(err)
	}
	ts := info.Tags()
	if len(ts) < 100 || ts[0].Interpreter != "cp311" || ts[0].ABI != "cp311" || !strings.HasPrefix(ts[0].Platform, "manylinux_2_") {
		t.Fatalf("tags: %d, first %+v", len(ts), ts[0])
	}
	last := ts[len(ts)-1]
	if last.Interpreter != "py30" || last.ABI != "none" || last.Platform != "any" {
		t.Fatalf("last tag %+v", last)
	}
}

// The probe's marker environment is the one packaging computes.
func TestMarkerEnvironmentMatchesPackaging(t *testing.T) {
	py := pyenvPython(t, "3.11.7")
	info, err := (&Prober{}).Probe(py)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", "import json; from pip._vendor.packaging.markers import default_environment as d; print(json.dumps(d()))").Output()
	if err != nil {
		t.Skipf("pip's packaging not importable: %v", err)
	}
	var want map[string]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	env := info.MarkerEnvironment()
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, packaging says %q", k, env[k], v)
		}
	}
	m, err := pep508.ParseMarker(`python_version >= "3.8" and sys_platform == "linux" and implementation_name == "cpython"`)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := m.Evaluate(env); !ok || err != nil {
		t.Fatalf("marker on the probe's environment: %v %v", ok, err)
	}
}
