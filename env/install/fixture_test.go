package install

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/venv"
)

// wheelSpec describes a wheel built by a test.
type wheelSpec struct {
	Name, Version string
	Tag           string // default py3-none-any
	Platlib       bool   // Root-Is-Purelib: false
	Files         map[string]string
	Exec          map[string]bool   // members marked executable
	EntryPoints   string            // entry_points.txt content
	Extra         map[string]string // dist-info extras
	BadRecord     string            // member whose RECORD hash is wrong
}

func recordHash(data []byte) string {
	s := sha256.Sum256(data)
	return "sha256=" + base64.RawURLEncoding.EncodeToString(s[:])
}

// buildWheel writes the wheel into dir and returns its path.
func buildWheel(t testing.TB, dir string, s wheelSpec) string {
	t.Helper()
	if s.Tag == "" {
		s.Tag = "py3-none-any"
	}
	esc := strings.ReplaceAll(s.Name, "-", "_")
	di := esc + "-" + s.Version + ".dist-info"
	members := map[string][]byte{}
	for n, c := range s.Files {
		members[n] = []byte(c)
	}
	members[di+"/METADATA"] = []byte(fmt.Sprintf("Metadata-Version: 2.1\nName: %s\nVersion: %s\n\n", s.Name, s.Version))
	members[di+"/WHEEL"] = []byte(fmt.Sprintf("Wheel-Version: 1.0\nGenerator: fwenv-test\nRoot-Is-Purelib: %v\nTag: %s\n", !s.Platlib, s.Tag))
	if s.EntryPoints != "" {
		members[di+"/entry_points.txt"] = []byte(s.EntryPoints)
	}
	for n, c := range s.Extra {
		members[di+"/"+n] = []byte(c)
	}
	var names []string
	for n := range members {
		names = append(names, n)
	}
	sort.Strings(names)
	var rec strings.Builder
	for _, n := range names {
		h := recordHash(members[n])
		if n == s.BadRecord {
			h = recordHash([]byte("something else"))
		}
		fmt.Fprintf(&rec, "%s,%s,%d\n", n, h, len(members[n]))
	}
	fmt.Fprintf(&rec, "%s/RECORD,,\n", di)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(n string, data []byte) {
		h := &zip.FileHeader{Name: n, Method: zip.Deflate}
		mode := fs.FileMode(0o644)
		if s.Exec[n] {
			mode = 0o755
		}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for _, n := range names {
		add(n, members[n])
	}
	add(di+"/RECORD", []byte(rec.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.whl", esc, s.Version, s.Tag))
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeInfo describes a CPython 3.11 on glibc 2.36 x86_64 without running it.
func fakeInfo() *python.Info {
	return &python.Info{
		Path: "/nonexistent/python3.11", VersionInfo: []int{3, 11, 7}, Implementation: "cpython",
		Is64: true, SOABI: "cpython-311-x86_64-linux-gnu", Platform: "linux-x86_64", Machine: "x86_64",
		Libc: []any{"glibc", float64(2), float64(36)},
		Scheme: map[string]string{
			"purelib": "lib/python3.11/site-packages", "platlib": "lib/python3.11/site-packages",
			"scripts": "bin", "data": ".", "include": "include/python3.11",
		},
	}
}

// fakeTarget is an environment folder that has no interpreter.
func fakeTarget(t testing.TB) *Target {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "env")
	for _, d := range []string{"bin", "lib/python3.11/site-packages"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "pyvenv.cfg"), []byte("home = /nonexistent\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bin", "python"), []byte("not really"), 0o755)
	tg, err := NewTarget(dir, fakeInfo())
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

const realPython = "/root/.pyenv/versions/3.11.7/bin/python3.11"

var (
	probeOnce sync.Once
	probeInfo *python.Info
	probeErr  error
)

// needPython skips when the interpreter is absent, unless CI is set.
func needPython(t testing.TB) *python.Info {
	t.Helper()
	if _, err := os.Stat(realPython); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs %s: %v", realPython, err)
		}
		t.Skipf("no %s", realPython)
	}
	probeOnce.Do(func() {
		p := &python.Prober{CacheDir: filepath.Join(os.TempDir(), "fwenv-install-test-probes")}
		probeInfo, probeErr = p.Probe(realPython)
	})
	if probeErr != nil {
		t.Fatal(probeErr)
	}
	return probeInfo
}

// realTarget creates an environment of the real interpreter.
func realTarget(t testing.TB) *Target {
	t.Helper()
	info := needPython(t)
	dir := filepath.Join(t.TempDir(), "env")
	if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: dir, Interp: info}}); err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(dir, info)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func testOptions(t testing.TB) *Options {
	return &Options{Cache: cache.New(filepath.Join(t.TempDir(), "cache"))}
}

func mustInstall(t testing.TB, tg *Target, o *Options, reqs ...Request) *Result {
	t.Helper()
	res, err := Install(tg, reqs, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func req(p string) Request { return Request{Path: p, Requested: true, DirectURL: true} }

func readFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// snapshot maps every file under root (but .fwenv) to its content.
func snapshot(t testing.TB, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(root, p)
		if e.IsDir() && (r == ".fwenv") {
			return filepath.SkipDir
		}
		if e.Type()&fs.ModeSymlink != 0 {
			l, _ := os.Readlink(p)
			m[r] = "-> " + l
			return nil
		}
		if e.IsDir() {
			m[r+"/"] = ""
			return nil
		}
		b, _ := os.ReadFile(p)
		m[r] = string(b)
		return nil
	})
	return m
}

func diffSnap(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "- "+k)
		} else if v != w {
			d = append(d, "~ "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "+ "+k)
		}
	}
	sort.Strings(d)
	return d
}

func runPy(t testing.TB, tg *Target, args ...string) string {
	t.Helper()
	out, err := exec.Command(tg.Python, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tg.Python, args, err, out)
	}
	return string(out)
}
