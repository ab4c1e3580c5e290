package build

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/python/pythontest"
)

var (
	probeDir  string
	probeMu   sync.Mutex
	probeMemo = map[string]*python.Info{}
)

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "fwenv-build-probes-")
	if err != nil {
		panic(err)
	}
	probeDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// pyenvInfo probes the pyenv interpreter of a minor version ("3.11") or
// skips when it is not installed.
func pyenvInfo(t testing.TB, minor string) *python.Info {
	t.Helper()
	probeMu.Lock()
	defer probeMu.Unlock()
	if in, ok := probeMemo[minor]; ok {
		return in
	}
	matches, _ := filepath.Glob(filepath.Join(pythontest.Root(), "versions", minor+".*", "bin", "python"+minor))
	if len(matches) == 0 {
		t.Skipf("no pyenv CPython %s", minor)
	}
	sort.Strings(matches)
	p := &python.Prober{CacheDir: probeDir}
	in, err := p.Probe(matches[len(matches)-1])
	if err != nil {
		t.Fatal(err)
	}
	probeMemo[minor] = in
	return in
}

// allPyenv probes every pyenv CPython 3.8+ (the "discovered" interpreters).
func allPyenv(t testing.TB) []*python.Info {
	var out []*python.Info
	for _, m := range []string{"3.8", "3.9", "3.10", "3.11", "3.12", "3.13"} {
		matches, _ := filepath.Glob(filepath.Join(pythontest.Root(), "versions", m+".*", "bin", "python"+m))
		if len(matches) > 0 {
			out = append(out, pyenvInfo(t, m))
		}
	}
	return out
}

// needWheelWhl makes sure Debian's wheel wheel is there: installed with
// apt-get under CI, else the test is skipped.
func needWheelWhl(t testing.TB) {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(SystemWheelDir, "wheel-*.whl")); len(m) > 0 {
		return
	}
	if os.Getenv("CI") == "" {
		t.Skip("no " + SystemWheelDir + "/wheel-*.whl (apt-get install python3-wheel-whl); set CI=1 to install it")
	}
	out, err := exec.Command("apt-get", "install", "-y", "--no-install-recommends", "python3-wheel-whl").CombinedOutput()
	if err != nil {
		t.Fatalf("apt-get install python3-wheel-whl: %v\n%s", err, out)
	}
}

// enginePopulate fills build environments with the install engine, as the
// CLI does.
func enginePopulate(ctx context.Context, envDir string, info *python.Info, wheels []string) error {
	t, err := install.NewTarget(envDir, info)
	if err != nil {
		return err
	}
	reqs := make([]install.Request, len(wheels))
	for i, w := range wheels {
		reqs[i] = install.Request{Path: w, Requested: true}
	}
	_, err = install.Install(t, reqs, &install.Options{Context: ctx})
	return err
}

// copyTree copies a folder (regular files and folders).
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			if info.Name() == "__pycache__" || strings.HasSuffix(info.Name(), ".egg-info") {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(p, target)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tutorialProject copies docs/tutorial/NAME into a temp folder.
func tutorialProject(t testing.TB, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "docs", "tutorial", name)
	if _, err := os.Stat(filepath.Join(src, "setup.py")); err != nil {
		t.Fatalf("tutorial project %s missing: %v", name, err)
	}
	dst := filepath.Join(t.TempDir(), name)
	copyTree(t, src, dst)
	return dst
}

func writeFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// zipNames lists a zip's members.
func zipNames(t testing.TB, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// fakeWheel writes a minimal wheel (METADATA only) into dir.
func fakeWheel(t testing.TB, dir, name, version, tag, requiresPython string, requires ...string) string {
	t.Helper()
	return fakeWheelFiles(t, dir, name, version, tag, requiresPython, nil, requires...)
}

// fakeWheelFiles writes a wheel holding METADATA and files into dir.
func fakeWheelFiles(t testing.TB, dir, name, version, tag, requiresPython string, files map[string]string, requires ...string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.whl", name, version, tag))
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	md := fmt.Sprintf("Metadata-Version: 2.1\nName: %s\nVersion: %s\n", name, version)
	if requiresPython != "" {
		md += "Requires-Python: " + requiresPython + "\n"
	}
	for _, r := range requires {
		md += "Requires-Dist: " + r + "\n"
	}
	w, _ := zw.Create(fmt.Sprintf("%s-%s.dist-info/METADATA", name, version))
	w.Write([]byte(md))
	for n, body := range files {
		w, _ := zw.Create(n)
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}
