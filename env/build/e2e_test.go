package build

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/venv"
)

// e2eOptions are options for real builds: this machine's pyenv bundles and
// Debian's wheel folder as fallbacks, the install engine.
func e2eOptions(t *testing.T, target *python.Info, cache string) Options {
	t.Helper()
	interps := allPyenv(t)
	return Options{
		Interp:       target,
		CacheDir:     cache,
		Interpreters: func() []*python.Info { return interps },
		Populate:     enginePopulate,
	}
}

func slow(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow: runs real CPython and setuptools")
	}
}

var (
	sharedCacheOnce sync.Once
	sharedCache     string
)

// sharedCacheDir is one cache for tests that do not count environments, so
// build environments are made once per interpreter.
func sharedCacheDir(t *testing.T) string {
	sharedCacheOnce.Do(func() {
		sharedCache = filepath.Join(probeDir, "cache")
	})
	return sharedCache
}

// TestSeedProjects builds the tutorial's three setuptools projects as wheel,
// sdist and editable wheel on CPython 3.8, and one plugin on 3.9, 3.10 and
// 3.11 (setuptools 65.5 from the 3.10/3.11 bundles serves 3.8 and 3.9 too;
// wheel from Debian's folder).
func TestSeedProjects(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	for _, minor := range []string{"3.8", "3.9", "3.10", "3.11"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			o := e2eOptions(t, in, sharedCacheDir(t))
			o.NoCache = true // these tests are about the backend running
			projects := []string{"framework", "typeA_plugin1", "typeA_plugin2"}
			switch minor { // the full set runs on 3.8 (TestCaches covers all three on 3.11)
			case "3.9", "3.10":
				projects = projects[1:2]
			case "3.11":
				projects = projects[2:]
			}
			for _, proj := range projects {
				checkSetuptoolsEnv(t, buildSeedProject(t, proj, o))
			}
		})
	}
}

func checkSetuptoolsEnv(t *testing.T, r *Result) {
	t.Helper()
	got := map[string]string{}
	for _, w := range r.Requirements {
		got[w.Project] = w.Version + " " + string(w.Origin)
	}
	if got["setuptools"] != "65.5.0 ensurepip" || !strings.HasSuffix(got["wheel"], " system") {
		t.Fatalf("build requirements %v: want setuptools 65.5.0 from a bundle and wheel from the system folder", got)
	}
	if len(r.Fallbacks()) != 2 {
		t.Fatalf("fallbacks %v", r.Fallbacks())
	}
}

var seedDist = map[string]string{"framework": "framework", "typeA_plugin1": "framework.typeA.plugin1", "typeA_plugin2": "framework.typeA.plugin2"}

func checkSeedWheel(t *testing.T, proj, path string, editable bool) {
	t.Helper()
	dist := seedDist[proj]
	// setuptools 65 keeps the dots of the name; newer ones write underscores.
	base := filepath.Base(path)
	esc, _, _ := strings.Cut(base, "-0.0.1-")
	if esc != dist && esc != strings.ReplaceAll(dist, ".", "_") || !strings.HasSuffix(base, ".whl") {
		t.Fatalf("wheel name %s", base)
	}
	if strings.Count(base, "-") != 4 {
		t.Fatalf("wheel name %s: a build tag is left (setuptools' 0.editable is dropped)", base)
	}
	files := zipNames(t, path)
	ep := files[esc+"-0.0.1.dist-info/entry_points.txt"]
	wantEP := "[typeA]\nplugin = " + dist + ":run"
	if proj == "framework" {
		wantEP = "[console_scripts]\nframework = framework.cli:main"
	}
	if !strings.Contains(ep, wantEP) {
		t.Fatalf("%s: entry_points.txt %q lacks %q", filepath.Base(path), ep, wantEP)
	}
	if editable {
		pth := false
		for n := range files {
			if strings.HasSuffix(n, ".pth") && !strings.Contains(n, "/") {
				pth = true
			}
			if strings.HasPrefix(n, "framework/") {
				t.Fatalf("editable wheel %s carries the sources (%s)", filepath.Base(path), n)
			}
		}
		if !pth {
			t.Fatalf("editable wheel %s has no .pth file: %v", filepath.Base(path), keys(files))
		}
		return
	}
	ns := `__path__ = __import__("pkgutil").extend_path(__path__, __name__)`
	want := []string{"framework/__init__.py"}
	if proj == "framework" {
		want = append(want, "framework/cli.py")
	} else {
		want = append(want, "framework/typeA/__init__.py", strings.ReplaceAll(dist, ".", "/")+"/__init__.py")
	}
	for _, n := range want {
		body, ok := files[n]
		if !ok {
			t.Fatalf("%s lacks %s: %v", filepath.Base(path), n, keys(files))
		}
		if n != "framework/cli.py" && !strings.Contains(n, "plugin") && !strings.Contains(body, ns) {
			t.Fatalf("%s: %s is not a pkgutil namespace: %q", filepath.Base(path), n, body)
		}
	}
}

func checkSeedSdist(t *testing.T, proj, path string) {
	t.Helper()
	dist := seedDist[proj]
	if base := filepath.Base(path); base != dist+"-0.0.1.tar.gz" && base != strings.ReplaceAll(dist, ".", "_")+"-0.0.1.tar.gz" {
		t.Fatalf("sdist name %s", base)
	}
	out, err := exec.Command("tar", "tzf", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.Contains(s, "/setup.py") || !strings.Contains(s, "/PKG-INFO") || !strings.Contains(s, "/src/framework/__init__.py") {
		t.Fatalf("sdist %s members:\n%s", filepath.Base(path), s)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestEditableInstallSeesEdits installs the plugin's editable wheel into an
// environment and checks that an edit to the source shows without a rebuild.
func TestEditableInstallSeesEdits(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	in := pyenvInfo(t, "3.11")
	o := e2eOptions(t, in, sharedCacheDir(t))
	dir := tutorialProject(t, "typeA_plugin1")
	r, err := BuildEditable(context.Background(), dir, t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	envDir := filepath.Join(t.TempDir(), "env")
	if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: envDir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	if err := enginePopulate(context.Background(), envDir, in, []string{r.Path}); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		out, err := exec.Command(filepath.Join(envDir, "bin", "python"), "-c", "import framework.typeA.plugin1 as p; print(p.__file__); p.run()").CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return string(out)
	}
	out := run()
	if !strings.Contains(out, filepath.Join(dir, "src")) || !strings.Contains(out, "plugin1 starting") {
		t.Fatalf("editable import does not come from the project:\n%s", out)
	}
	mod := filepath.Join(dir, "src", "framework", "typeA", "plugin1", "__init__.py")
	if err := os.WriteFile(mod, []byte("def run():\n    print('edited plugin1')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := run(); !strings.Contains(out, "edited plugin1") {
		t.Fatalf("edit not visible:\n%s", out)
	}
}

const tinyBackend = `
import base64, hashlib, json, os, sys, tarfile, zipfile

def _line(name, data):
    d = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, d, len(data))

def get_requires_for_build_wheel(config_settings=None):
    if os.path.exists("extra-requires.txt"):
        return open("extra-requires.txt").read().split()
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with open(os.path.join("tiny", "__init__.py"), "rb") as f:
        init = f.read()
    files = [
        ("tiny/__init__.py", init),
        ("tiny-1.0.dist-info/METADATA", b"Metadata-Version: 2.1\nName: tiny\nVersion: 1.0\n"),
        ("tiny-1.0.dist-info/WHEEL", b"Wheel-Version: 1.0\nGenerator: tiny\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        ("tiny-1.0.dist-info/entry_points.txt", b"[typeA]\ntiny = tiny:run\n"),
        ("tiny-1.0.dist-info/built.json", json.dumps({"python": "%d.%d" % sys.version_info[:2], "config": config_settings, "cwd": os.getcwd()}).encode()),
    ]
    name = "tiny-1.0-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        record = []
        for n, d in files:
            z.writestr(n, d)
            record.append(_line(n, d))
        record.append("tiny-1.0.dist-info/RECORD,,")
        z.writestr("tiny-1.0.dist-info/RECORD", "\n".join(record) + "\n")
    print("tiny backend: built", name)
    return name

def build_sdist(sdist_directory, config_settings=None):
    name = "tiny-1.0.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as t:
        for f in ["pyproject.toml", "tiny/__init__.py", "backend/tiny_backend.py"]:
            t.add(f, arcname="tiny-1.0/" + f)
    return name
`

func tinyProject(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "tiny")
	writeFiles(t, dir, map[string]string{
		"pyproject.toml":          "[build-system]\nrequires = []\nbuild-backend = \"tiny_backend\"\nbackend-path = [\"backend\"]\n",
		"backend/tiny_backend.py": tinyBackend,
		"tiny/__init__.py":        "def run():\n    print('tiny')\n",
	})
	return dir
}

// TestInTreeBackend builds a project whose backend lives in the project
// (backend-path) on 2.7, 3.6, 3.8, 3.12 and 3.13: no setuptools needed, and
// the hook runner itself runs on every supported Python.
func TestInTreeBackend(t *testing.T) {
	slow(t)
	for _, minor := range []string{"2.7", "3.6", "3.8", "3.12", "3.13"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			dir := tinyProject(t)
			o := e2eOptions(t, in, sharedCacheDir(t))
			o.ConfigSettings = map[string][]string{"mode": {"fast"}, "flag": {"a", "b"}}
			out := t.TempDir()
			r, err := BuildWheel(context.Background(), dir, out, o)
			if err != nil {
				t.Fatal(err)
			}
			files := zipNames(t, r.Path)
			built := files["tiny-1.0.dist-info/built.json"]
			for _, want := range []string{`"python": "` + minor + `"`, `"mode": "fast"`, `"flag": ["a", "b"]`, `"cwd": "` + dir + `"`} {
				if !strings.Contains(built, want) {
					t.Fatalf("built.json %s lacks %s", built, want)
				}
			}
			if len(r.Requirements) != 0 {
				t.Fatalf("requirements %v, want none", r.Requirements)
			}
			s, err := BuildSdist(context.Background(), dir, out, o)
			if err != nil || filepath.Base(s.Path) != "tiny-1.0.tar.gz" {
				t.Fatalf("sdist %v %v", s, err)
			}
			// No prepare_metadata_for_build_wheel: the metadata comes from a built wheel.
			m, err := PrepareMetadata(context.Background(), dir, t.TempDir(), false, o)
			if err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(filepath.Join(m.Path, "METADATA")); err != nil || !strings.Contains(string(b), "Name: tiny") {
				t.Fatalf("metadata %s: %v %s", m.Path, err, b)
			}
			// No build_editable: a clear error, nothing silently done instead.
			_, err = BuildEditable(context.Background(), dir, out, o)
			var he *HookError
			if !errors.As(err, &he) || he.Kind != "missing-hook" || he.Hook != "build_editable" || !strings.Contains(he.Hint(), "PEP 660") {
				t.Fatalf("editable build of a backend without build_editable: %v", err)
			}
		})
	}
}

// TestDynamicRequirements: what get_requires_for_build_wheel adds is
// installed into a second cached build environment.
func TestDynamicRequirements(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	in := pyenvInfo(t, "3.12")
	dir := tinyProject(t)
	writeFiles(t, dir, map[string]string{"extra-requires.txt": "wheel\n"})
	o := e2eOptions(t, in, t.TempDir())
	var events []Event
	o.Events = func(e Event) { events = append(events, e) }
	r, err := BuildWheel(context.Background(), dir, t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Requirements) != 1 || r.Requirements[0].Project != "wheel" || r.Requirements[0].Origin != FromSystem {
		t.Fatalf("requirements %+v", r.Requirements)
	}
	if _, err := os.Stat(filepath.Join(r.Env, in.SitePackages(), "wheel")); err != nil {
		t.Fatalf("wheel not in the build environment %s: %v", r.Env, err)
	}
	created := 0
	for _, e := range events {
		if e.Kind == EnvCreated {
			created++
		}
	}
	if created != 2 {
		t.Fatalf("%d environments created, want 2 (static, then with the added requirement)", created)
	}
}

// TestFailingSetupPy shows the backend's error: the last lines and the log.
func TestFailingSetupPy(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	in := pyenvInfo(t, "3.11")
	dir := filepath.Join(t.TempDir(), "broken")
	writeFiles(t, dir, map[string]string{
		"setup.py": "import sys\nfrom setuptools import setup\nfor i in range(50):\n    print('noise line', i)\nraise RuntimeError('boom: this project is broken on purpose')\n",
	})
	o := e2eOptions(t, in, sharedCacheDir(t))
	var verbose strings.Builder
	o.Verbose = &verbose
	out := t.TempDir()
	_, err := BuildWheel(context.Background(), dir, out, o)
	var he *HookError
	if !errors.As(err, &he) {
		t.Fatalf("error %T %v, want a HookError", err, err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "boom: this project is broken on purpose") || !strings.Contains(msg, "full log: ") {
		t.Fatalf("error does not show the backend's error and the log:\n%s", msg)
	}
	if len(he.Tail) == 0 || len(he.Tail) > TailLines || strings.Contains(strings.Join(he.Tail, "\n"), "noise line 10\n") {
		t.Fatalf("tail has %d lines:\n%s", len(he.Tail), strings.Join(he.Tail, "\n"))
	}
	log, err := os.ReadFile(he.Log)
	if err != nil {
		t.Fatalf("log %s: %v", he.Log, err)
	}
	if !strings.Contains(string(log), "noise line 0") || !strings.Contains(string(log), "RuntimeError: boom") {
		t.Fatalf("log lacks the output:\n%s", log)
	}
	if !strings.Contains(verbose.String(), "noise line 0") {
		t.Fatal("verbose sink did not get the output")
	}
	if he.Hint() == "" {
		t.Fatal("no hint")
	}
	if es, _ := os.ReadDir(out); len(es) != 0 {
		t.Fatalf("output folder not empty after a failure: %v", es)
	}
}

// TestSuccessHidesOutput: a successful build keeps no log unless asked.
func TestSuccessHidesOutput(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "3.12")
	o := e2eOptions(t, in, t.TempDir())
	r, err := BuildWheel(context.Background(), tinyProject(t), t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Log != "" {
		t.Fatalf("log kept after success: %s", r.Log)
	}
	es, _ := os.ReadDir(filepath.Join(o.CacheDir, "build-logs"))
	if len(es) != 0 {
		t.Fatalf("logs left: %v", es)
	}
	o.KeepLog, o.NoCache = true, true
	r, err = BuildWheel(context.Background(), tinyProject(t), t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(r.Log); err != nil || !strings.Contains(string(b), "tiny backend: built") {
		t.Fatalf("kept log %s: %v %s", r.Log, err, b)
	}
}

func countEnvs(t *testing.T, cache string) int {
	es, _ := os.ReadDir(filepath.Join(cache, "build-envs"))
	n := 0
	for _, e := range es {
		if e.IsDir() {
			n++
		}
	}
	return n
}

// TestCaches: build environments are shared between projects and
// concurrent builds; an unchanged project is not built again; a change is.
func TestCaches(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	in := pyenvInfo(t, "3.11")
	cache := t.TempDir()
	o := e2eOptions(t, in, cache)
	fw := tutorialProject(t, "framework")
	p1 := tutorialProject(t, "typeA_plugin1")
	p2 := tutorialProject(t, "typeA_plugin2")
	out := t.TempDir()

	// Three builds at once with an empty cache: one build environment.
	var wg sync.WaitGroup
	errs := make([]error, 3)
	results := make([]*Result, 3)
	for i, p := range []string{fw, p1, p2} {
		wg.Add(1)
		go func(i int, p string) {
			defer wg.Done()
			results[i], errs[i] = BuildEditable(context.Background(), p, out, o)
		}(i, p)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := countEnvs(t, cache); n != 1 {
		t.Fatalf("%d build environments after three concurrent builds, want 1", n)
	}
	reused := 0
	for _, r := range results {
		if r.EnvReused {
			reused++
		}
	}
	if reused != 2 {
		t.Fatalf("%d builds reused the environment, want 2", reused)
	}

	// Unchanged: from the cache, no backend run.
	var events []Event
	o.Events = func(e Event) { events = append(events, e) }
	r, err := BuildEditable(context.Background(), p1, out, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Kind == HookStart {
			t.Fatalf("hook %s ran for an unchanged project", e.Hook)
		}
	}
	if !r.Cached || events[len(events)-1].Kind != CacheHit {
		t.Fatalf("not cached: %+v", r)
	}
	// A regular wheel of the same project is another cache entry.
	w, err := BuildWheel(context.Background(), p1, out, o)
	if err != nil || w.Cached {
		t.Fatalf("wheel after editable: %+v %v", w, err)
	}
	if w2, err := BuildWheel(context.Background(), p1, out, o); err != nil || !w2.Cached {
		t.Fatalf("second wheel: %+v %v", w2, err)
	}
	// The same sources elsewhere: an editable wheel points at its folder, so it is rebuilt.
	moved := filepath.Join(t.TempDir(), "typeA_plugin1")
	copyTree(t, p1, moved)
	if r, err := BuildEditable(context.Background(), moved, out, o); err != nil || r.Cached {
		t.Fatalf("editable of a copy: cached=%v %v", r != nil && r.Cached, err)
	}
	// A changed setup.py: rebuilt, in the same environment.
	setup := filepath.Join(p1, "setup.py")
	b, _ := os.ReadFile(setup)
	if err := os.WriteFile(setup, []byte(strings.Replace(string(b), `version="0.0.1"`, `version="0.0.2"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = BuildWheel(context.Background(), p1, out, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Cached || !strings.Contains(filepath.Base(r.Path), "0.0.2") || !r.EnvReused {
		t.Fatalf("after editing setup.py: %+v", r)
	}
	if n := countEnvs(t, cache); n != 1 {
		t.Fatalf("%d build environments, want 1", n)
	}

	// Without isolation, in an environment that has setuptools and wheel.
	o.NoIsolation, o.Env, o.Populate = true, r.Env, nil
	ni, err := BuildWheel(context.Background(), fw, t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	if ni.Env != "" || ni.Cached || len(ni.Requirements) != 0 {
		t.Fatalf("no-isolation result %+v", ni)
	}
	checkSeedWheel(t, "framework", ni.Path, false)
}

// TestBuildCommand: `fwenv build` makes the sdist and the wheel in DIR/dist.
func TestBuildCommand(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	in := pyenvInfo(t, "3.10")
	dir := tutorialProject(t, "typeA_plugin2")
	res, err := Build(context.Background(), dir, BuildOptions{Options: e2eOptions(t, in, sharedCacheDir(t))})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sdist == nil || res.Wheel == nil || filepath.Dir(res.Sdist.Path) != filepath.Join(dir, "dist") || filepath.Dir(res.Wheel.Path) != filepath.Join(dir, "dist") {
		t.Fatalf("build results %+v", res)
	}
	checkSeedSdist(t, "typeA_plugin2", res.Sdist.Path)
	checkSeedWheel(t, "typeA_plugin2", res.Wheel.Path, false)
	only, err := Build(context.Background(), dir, BuildOptions{Options: e2eOptions(t, in, sharedCacheDir(t)), Sdist: true, OutDir: t.TempDir()})
	if err != nil || only.Wheel != nil || only.Sdist == nil {
		t.Fatalf("--sdist: %+v %v", only, err)
	}
}

// TestDebianInterpreter: Debian's own Python may use Debian's patched
// setuptools wheel (and only it may; see TestFallbackOrder).
func TestDebianInterpreter(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	if m, _ := filepath.Glob(filepath.Join(SystemWheelDir, "setuptools-*.whl")); len(m) == 0 {
		t.Skip("no Debian setuptools wheel (python3-setuptools-whl)")
	}
	p := &python.Prober{CacheDir: probeDir}
	in, err := p.Probe("/usr/bin/python3")
	if err != nil || !in.DebianScheme {
		t.Skipf("/usr/bin/python3 is not Debian's interpreter (%v)", err)
	}
	o := e2eOptions(t, in, sharedCacheDir(t))
	o.Interpreters = nil // no pyenv bundles: Debian's folder is the only source
	o.NoCache = true
	dir := tutorialProject(t, "typeA_plugin1")
	for _, build := range []func(context.Context, string, string, Options) (*Result, error){BuildWheel, BuildEditable} {
		r, err := build(context.Background(), dir, t.TempDir(), o)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range r.Requirements {
			if w.Origin != FromSystem {
				t.Fatalf("%s from %s, want the system folder", w, w.Origin)
			}
		}
		checkSeedWheel(t, "typeA_plugin1", r.Path, r.Kind == KindEditable)
	}
}
