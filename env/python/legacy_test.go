package python

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// legacyVersions are the pyenv interpreters older than 3.8 that fwenv
// supports.
var legacyVersions = []string{"2.7.18", "3.6.15", "3.7.16"}

// oldPackaging extracts the packaging library setuptools 47.1.0 carries
// (packaging 19.2, which still runs on 2.7 and 3.6) from 3.7's ensurepip
// bundle, and returns the folder to put on sys.path.
func oldPackaging(t *testing.T) string {
	t.Helper()
	py37 := pyenvPython(t, "3.7.16")
	whl := filepath.Join(filepath.Dir(filepath.Dir(py37)), "lib", "python3.7", "ensurepip", "_bundled", "setuptools-47.1.0-py3-none-any.whl")
	zr, err := zip.OpenReader(whl)
	if err != nil {
		t.Skipf("no setuptools 47.1.0 bundle: %v", err)
	}
	defer zr.Close()
	dir := t.TempDir()
	const prefix = "setuptools/_vendor/"
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix+"packaging/") || strings.HasSuffix(f.Name, "/") {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(f.Name, prefix)))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(dst, data, 0o644)
	}
	return dir
}

// probed is pyenv's interpreter of version and what the probe says of it.
func probed(t *testing.T, version string) (string, *Info) {
	t.Helper()
	py := pyenvPython(t, version)
	info, err := (&Prober{CacheDir: t.TempDir()}).Probe(py)
	if err != nil {
		t.Fatal(err)
	}
	return py, info
}

func TestProbeLegacyInterpreters(t *testing.T) {
	pkg := oldPackaging(t)
	for _, v := range legacyVersions {
		t.Run(v, func(t *testing.T) {
			py, info := probed(t, v)
			if ok, why := info.Supported(); !ok {
				t.Fatalf("Python %s refused: %s", v, why)
			}
			mm := info.MajorMinor()
			if info.SitePackages() != "lib/python"+mm+"/site-packages" || info.Scheme["scripts"] != "bin" {
				t.Fatalf("scheme %v", info.Scheme)
			}
			wantFlags := map[string]string{"2.7": "mu", "3.6": "m", "3.7": "m"}[mm]
			if info.ABIFlags != wantFlags {
				t.Errorf("abiflags %q, want %q", info.ABIFlags, wantFlags)
			}
			if name, maj, min := info.LibcName(); name != "glibc" || maj != 2 || min == 0 {
				t.Errorf("libc %v", info.Libc)
			}
			if info.Platform != "linux-x86_64" || !info.Is64 {
				t.Errorf("platform %q is64 %v", info.Platform, info.Is64)
			}
			// The marker environment is packaging's.
			cmd := exec.Command(py, "-c", "import json, sys; sys.path.insert(0, sys.argv[1]); from packaging.markers import default_environment as d; print(json.dumps(d()))", pkg)
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]string
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatal(err)
			}
			env := info.MarkerEnvironment()
			for k, w := range want {
				if env[k] != w {
					t.Errorf("marker %s = %q, packaging says %q", k, env[k], w)
				}
			}
			// As pip's packaging does on 2.7: no sys.implementation, so an
			// empty implementation_name and version "0".
			if mm == "2.7" && (env["implementation_name"] != "" || env["implementation_version"] != "0" || env["sys_platform"] != "linux2" || info.Implementation != "cpython") {
				t.Errorf("2.7 markers %v", env)
			}
		})
	}
}

// The compatible tags of each old interpreter are packaging's, in
// packaging's order. packaging 19.2 (the newest that runs on 2.7) knows
// the manylinux2014/2010/1 aliases but not the PEP 600 manylinux_2_X names,
// so those are compared apart.
func TestLegacyTagsMatchPackaging(t *testing.T) {
	pkg := oldPackaging(t)
	for _, v := range legacyVersions {
		t.Run(v, func(t *testing.T) {
			py, info := probed(t, v)
			out, err := exec.Command(py, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from packaging import tags; print('\\n'.join(str(t) for t in tags.sys_tags()))", pkg).Output()
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, tg := range strings.Fields(string(out)) {
				// packaging 19.2 offers abi3 to Python 2 as well; abi3 is
				// Python 3's stable ABI (PEP 384), and later packaging and
				// 2.7's own pip 19.2.3 do not offer it there.
				if info.VersionInfo[0] == 2 && strings.Contains(tg, "-abi3-") {
					continue
				}
				want = append(want, tg)
			}
			var got []string
			perennial := 0
			for _, tg := range info.Tags() {
				if strings.Contains(tg.Platform, "manylinux_2_") {
					perennial++
					continue
				}
				got = append(got, tg.String())
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("tags differ from packaging's:\n got %d: %v\nwant %d: %v", len(got), got, len(want), want)
			}
			if perennial == 0 {
				t.Errorf("no manylinux_2_X tags")
			}
			first := map[string]string{"2.7": "cp27-cp27mu-", "3.6": "cp36-cp36m-", "3.7": "cp37-cp37m-"}[info.MajorMinor()]
			if ts := info.Tags(); !strings.HasPrefix(ts[0].String(), first+"manylinux_2_") {
				t.Errorf("best tag %s", ts[0])
			}
		})
	}
}

// pip 22.0.4, 3.7's own, lists exactly fwenv's tags (manylinux_2_X too).
func TestTags37MatchPip(t *testing.T) {
	py, info := probed(t, "3.7.16")
	out, err := exec.Command(py, "-m", "pip", "--disable-pip-version-check", "debug", "--verbose").Output()
	if err != nil {
		t.Skipf("pip debug: %v", err)
	}
	_, list, ok := strings.Cut(string(out), "Compatible tags:")
	if !ok {
		t.Fatalf("no tag list in pip debug output:\n%s", out)
	}
	lines := strings.Split(list, "\n")[1:]
	var want []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			want = append(want, l)
		}
	}
	var got []string
	for _, tg := range info.Tags() {
		got = append(got, tg.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("tags differ from pip's: got %d, want %d\n got %v\nwant %v", len(got), len(want), got[:10], want[:10])
	}
}

// standIn writes a program that answers the probe as a CPython of the
// given version would (none older than 2.7 or 3.6 is installed here).
func standIn(t *testing.T, dir string, version []int) string {
	t.Helper()
	info := map[string]any{
		"version_info": version, "implementation": "cpython", "executable": filepath.Join(dir, "python"),
		"prefix": dir, "base_prefix": dir, "exec_prefix": dir, "base_exec_prefix": dir, "is64": true, "abiflags": "m",
		"scheme_name": "posix_prefix", "scheme": map[string]string{"purelib": "lib/python3.5/site-packages", "platlib": "lib/python3.5/site-packages", "scripts": "bin"},
		"platform": "linux-x86_64", "machine": "x86_64", "libc": []any{"glibc", 2, 36},
		"markers": map[string]string{"python_full_version": "3.5.10", "python_version": "3.5", "implementation_name": "cpython"},
	}
	data, _ := json.Marshal(info)
	p := filepath.Join(dir, "python3.5")
	if err := os.WriteFile(p, []byte("#!/bin/sh\ncat <<'EOF'\n"+string(data)+"\nEOF\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUnsupportedVersionRefused(t *testing.T) {
	dir := t.TempDir()
	py := standIn(t, dir, []int{3, 5, 10})
	info, err := (&Prober{}).Probe(py)
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := info.Supported(); ok || why != "Python 3.5.10 is not supported (fwenv supports CPython 2.7 and 3.6 or newer)" {
		t.Fatalf("supported=%v why=%q", ok, why)
	}
	f := &Finder{Prober: &Prober{}, PathDirs: []string{dir}}
	r, _ := ParseRequest(py)
	_, err = f.Find(r)
	var ue *UnsupportedError
	if !errors.As(err, &ue) {
		t.Fatalf("want UnsupportedError, got %v", err)
	}
	if !strings.Contains(ue.Hint(), "installed but fwenv cannot use it") || strings.Contains(ue.Hint(), "install it") {
		t.Errorf("hint %q", ue.Hint())
	}
	if err := Unsupported(info, "/x/venv"); err == nil || !strings.Contains(err.Error(), "the environment /x/venv uses") {
		t.Errorf("environment error %v", err)
	}
	pypy2 := &Info{VersionInfo: []int{2, 7, 18}, Implementation: "pypy", Path: "/p/pypy", Scheme: map[string]string{"purelib": "site-packages"}}
	if ok, why := pypy2.Supported(); ok || why != "PyPy 2.7.18 is not supported (fwenv supports CPython 2.7 and 3.6 or newer)" {
		t.Errorf("PyPy 2.7: %v %q", ok, why)
	}
	for _, v := range [][]int{{2, 6, 9}, {3, 4, 0}, {3, 0, 1}} {
		if VersionSupported(v[0], v[1]) {
			t.Errorf("%v supported", v)
		}
	}
	for _, v := range [][]int{{2, 7, 18}, {3, 6, 0}, {3, 7, 1}, {3, 13, 0}} {
		if !VersionSupported(v[0], v[1]) {
			t.Errorf("%v refused", v)
		}
	}
}

func TestFinderLegacyNames(t *testing.T) {
	py27 := pyenvPython(t, "2.7.18")
	f := &Finder{Prober: &Prober{CacheDir: t.TempDir()}, PathDirs: []string{filepath.Dir(py27)}}
	for _, req := range []string{"2.7", "python2", "python2.7", "2"} {
		r, err := ParseRequest(req)
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.Find(r)
		if err != nil {
			t.Fatalf("%s: %v", req, err)
		}
		if info.Version() != "2.7.18" {
			t.Errorf("%s found %s", req, info.Version())
		}
	}
}
