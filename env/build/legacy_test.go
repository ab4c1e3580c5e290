package build

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/venv"
)

func TestRequiresDist(t *testing.T) {
	in := "six>=1.0\n\n[:python_version < \"3.4\"]\nenum34\n\n[fast]\nsimplejson\n\n[fast:sys_platform == 'win32']\ncolorama\n[Tls]\npyopenssl ; python_version>'3'\n"
	dists, extras, err := requiresDist([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"six>=1.0",
		`enum34 ; python_version < "3.4"`,
		`simplejson ; extra == "fast"`,
		`colorama ; (sys_platform == 'win32') and (extra == "fast")`,
		`pyopenssl ; (python_version>'3') and (extra == "Tls")`,
	}
	if !reflect.DeepEqual(dists, want) {
		t.Fatalf("Requires-Dist\n got %q\nwant %q", dists, want)
	}
	if !reflect.DeepEqual(extras, []string{"fast", "Tls"}) {
		t.Fatalf("extras %q", extras)
	}
	if _, _, err := requiresDist([]byte("[broken\nx\n")); err == nil {
		t.Fatal("an unclosed section was accepted")
	}
	if _, _, err := requiresDist([]byte("not a req !!\n")); err == nil {
		t.Fatal("an invalid requirement was accepted")
	}
}

func TestMetadataFromPkgInfo(t *testing.T) {
	pkg := "Metadata-Version: 1.1\nName: legacy.plug\nVersion: 1.2.0\nSummary: s\nDescription: first\n        second\nRequires-Dist: stale\nProvides-Extra: stale\nPlatform: UNKNOWN\n"
	md, err := metadataFromPkgInfo([]byte(pkg), []byte("six\n[fast]\nsimplejson\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "Metadata-Version: 2.1\nName: legacy.plug\nVersion: 1.2.0\nSummary: s\nDescription: first\n        second\nPlatform: UNKNOWN\nProvides-Extra: fast\nRequires-Dist: six\nRequires-Dist: simplejson ; extra == \"fast\"\n"
	if string(md) != want {
		t.Fatalf("METADATA\n%s\nwant\n%s", md, want)
	}
}

func TestLegacyReason(t *testing.T) {
	old := []Resolved{{Project: "setuptools", Version: "58.1.0"}}
	pep660 := []Resolved{{Project: "setuptools", Version: "65.5.0"}, {Project: "wheel", Version: "0.38.4"}}
	cases := []struct {
		kind    Kind
		static  []Resolved
		noWheel bool
		want    string
	}{
		{KindSdist, old, true, ""},
		{KindWheel, old, true, "no `wheel`"},
		{KindMetadata, old, true, "no `wheel`"},
		{KindWheel, old, false, ""},
		{KindEditable, old, false, "setuptools 58.1.0 has no PEP 660"},
		{KindEditableMetadata, old, false, "setuptools 58.1.0 has no PEP 660"},
		{KindEditable, pep660, false, ""},
		{KindWheel, pep660, false, ""},
		// setuptools 70.1 and later build wheels without `wheel`.
		{KindWheel, []Resolved{{Project: "setuptools", Version: "70.1.0"}}, true, ""},
		{KindEditable, []Resolved{{Project: "setuptools", Version: "70.1.0"}}, true, ""},
	}
	for _, c := range cases {
		nw := ""
		if c.noWheel {
			nw = "no `wheel` package suits Python 3.6.15"
		}
		got := legacyReason(c.kind, c.static, nw)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s %v noWheel=%v: %q, want %q", c.kind, c.static, c.noWheel, got, c.want)
		}
	}
}

// legacyProject is a setup.py-only project with what the legacy path must
// carry over: a pkgutil namespace package under src/, console_scripts and
// a custom entry point group, install_requires with a marker, an extra with
// and without a marker, and a setup(scripts=) file.
func legacyProject(t testing.TB, version, message string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "legacy_plug")
	writeFiles(t, dir, map[string]string{
		"setup.py": `from setuptools import setup

setup(
    name="legacy.plug",
    version="` + version + `",
    description="A setup.py-only plugin",
    packages=["nsfw", "nsfw.legacyplug"],
    package_dir={"": "src"},
    install_requires=['six>=1.0', 'enum34; python_version < "3.4"'],
    extras_require={"fast": ["simplejson"], "fast:sys_platform == 'win32'": ["colorama"]},
    entry_points={
        "console_scripts": ["legacy-plug = nsfw.legacyplug:main"],
        "typeA.plugins": ["legacy = nsfw.legacyplug:run"],
    },
    scripts=["bin/legacy-tool"],
    data_files=[("share/legacy-plug", ["data/plug.conf"]), ("/etc/legacy-plug", ["data/plug.conf"])],
)
`,
		"data/plug.conf":                  "answer = 42\n",
		"src/nsfw/__init__.py":            `__path__ = __import__("pkgutil").extend_path(__path__, __name__)` + "\n",
		"src/nsfw/legacyplug/__init__.py": "def run():\n    return \"" + message + "\"\n\n\ndef main():\n    print(run())\n",
		"bin/legacy-tool":                 "#!/usr/bin/env python\nprint(\"tool\")\n",
	})
	return dir
}

// TestLegacyPackDirect runs the runner's staged setup.py install with the
// base interpreters of 2.7, 3.6 and 3.7 (their own setuptools, no `wheel`)
// and packs the tree: the wheel is valid (archive/wheel checks names,
// RECORD hashes and sizes), carries the metadata of requires.txt and the
// entry points, the scripts= file as .data/scripts with #!python, and not
// the pkg_resources launcher setup.py wrote for the console script.
func TestLegacyPackDirect(t *testing.T) {
	slow(t)
	for _, minor := range []string{"2.7", "3.6", "3.7"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			project := legacyProject(t, "1.2.0", "v1")
			stage, facts := stageInstall(t, in.Path, project)
			if facts.PackageDir != "src" || !facts.Pure || len(facts.Scripts) != 1 {
				t.Fatalf("facts %+v", facts)
			}
			out := t.TempDir()
			name, err := packStagedWheel(stage, facts, in, out)
			if err != nil {
				t.Fatal(err)
			}
			major := minor[:1]
			if name != "legacy.plug-1.2.0-py"+major+"-none-any.whl" {
				t.Fatalf("wheel name %s", name)
			}
			checkLegacyWheel(t, filepath.Join(out, name), major)
			// The source tree stays clean: egg-info and build/ went to the
			// work folder.
			for _, p := range []string{"build", "src/legacy.plug.egg-info", "legacy.plug.egg-info"} {
				if _, err := os.Stat(filepath.Join(project, p)); err == nil {
					t.Errorf("the build left %s in the project", p)
				}
			}
		})
	}
}

// TestLegacyPackExtension: a project with an extension module gets the
// interpreter's own tag (cp27-cp27mu, cp36-cp36m, cp37-cp37m on the plain
// platform, as bdist_wheel names them) and Root-Is-Purelib: false.
func TestLegacyPackExtension(t *testing.T) {
	slow(t)
	want := map[string]string{"2.7": "cp27-cp27mu-linux_x86_64", "3.6": "cp36-cp36m-linux_x86_64", "3.7": "cp37-cp37m-linux_x86_64"}
	for _, minor := range []string{"2.7", "3.6", "3.7"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			if in.Platform != "linux-x86_64" {
				t.Skipf("tags checked for linux-x86_64, not %s", in.Platform)
			}
			project := speedyProject(t)
			stage, facts := stageInstall(t, in.Path, project)
			out := t.TempDir()
			name, err := packStagedWheel(stage, facts, in, out)
			if err != nil {
				t.Fatal(err)
			}
			if name != "speedy-0.1-"+want[minor]+".whl" {
				t.Fatalf("wheel %s, want the tag %s", name, want[minor])
			}
			files := zipNames(t, filepath.Join(out, name))
			if !strings.Contains(files["speedy-0.1.dist-info/WHEEL"], "Root-Is-Purelib: false\nTag: "+want[minor]+"\n") {
				t.Fatalf("WHEEL:\n%s", files["speedy-0.1.dist-info/WHEEL"])
			}
			so := false
			for n := range files {
				if strings.HasPrefix(n, "speedy/_speed") && strings.HasSuffix(n, ".so") {
					so = true
				}
			}
			if !so {
				t.Fatalf("no extension module in %v", keys(files))
			}
		})
	}
}

// stageInstall runs the runner's staged setup.py install of project with
// the interpreter py itself (no build environment) and returns the stage
// and what the runner reported.
func stageInstall(t *testing.T, py, project string) (string, legacyFacts) {
	t.Helper()
	work := t.TempDir()
	log, err := openBuildLog(t.TempDir(), "legacy", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer log.close()
	hr, err := newHookRunner(py, hookEnviron(os.Environ(), "", false), project, &BuildSystem{Backend: LegacyBackend}, work, log)
	if err != nil {
		t.Fatal(err)
	}
	var facts legacyFacts
	stage := filepath.Join(work, "stage")
	if _, err := hr.call(context.Background(), legacyInstallHook, []any{stage, filepath.Join(work, "legacy")}, &facts); err != nil {
		t.Fatal(err)
	}
	return stage, facts
}

// TestLegacyFailure: a setup.py that fails on the legacy path is named by
// the setup.py command that ran, with a hint that the project's setup.py
// failed.
func TestLegacyFailure(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "3.6")
	o := e2eOptions(t, in, sharedCacheDir(t))
	project := filepath.Join(t.TempDir(), "bad")
	writeFiles(t, project, map[string]string{"setup.py": "from setuptools import setup\nraise SystemExit('error: cannot find the C library foo')\n"})
	_, err := BuildWheel(context.Background(), project, t.TempDir(), o)
	var he *HookError
	if !errors.As(err, &he) {
		t.Fatalf("error %v", err)
	}
	if !strings.Contains(he.Error(), "setup.py --name (legacy path, reading setup_requires) failed: setup.py exited with: error: cannot find the C library foo") ||
		!strings.Contains(he.Hint(), "the project's own setup.py") {
		t.Fatalf("error %q\nhint %q", he.Error(), he.Hint())
	}
}

// speedyProject is a setup.py project with one C extension module (for
// Python 2 and 3).
func speedyProject(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skip("no C compiler")
	}
	project := filepath.Join(t.TempDir(), "speedy")
	writeFiles(t, project, map[string]string{
		"setup.py": `from setuptools import setup, Extension
setup(name="speedy", version="0.1", packages=["speedy"],
      ext_modules=[Extension("speedy._speed", ["speedy/_speed.c"])])
`,
		"speedy/__init__.py": "",
		"speedy/_speed.c": `#include <Python.h>
static PyMethodDef methods[] = {{NULL, NULL, 0, NULL}};
#if PY_MAJOR_VERSION >= 3
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_speed", NULL, -1, methods};
PyMODINIT_FUNC PyInit__speed(void) { return PyModule_Create(&mod); }
#else
PyMODINIT_FUNC init_speed(void) { Py_InitModule("_speed", methods); }
#endif
`,
	})
	return project
}

// TestLegacyEditableExtension: an editable install of a project with an
// extension module on 2.7 and 3.6 builds it in place (setup.py build_ext
// --inplace, as setup.py develop did) and the wheel carries the
// interpreter's tag.
func TestLegacyEditableExtension(t *testing.T) {
	slow(t)
	for _, minor := range []string{"2.7", "3.6"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			project := speedyProject(t)
			o := e2eOptions(t, in, sharedCacheDir(t))
			e, err := BuildEditable(context.Background(), project, t.TempDir(), o)
			if err != nil {
				t.Fatal(err)
			}
			if e.Legacy == "" || strings.HasSuffix(e.Path, "-none-any.whl") {
				t.Fatalf("editable wheel %s (legacy %q)", e.Path, e.Legacy)
			}
			if m, _ := filepath.Glob(filepath.Join(project, "speedy", "_speed*.so")); len(m) != 1 {
				t.Fatalf("no extension module built in place: %v", m)
			}
			envDir := filepath.Join(t.TempDir(), "env")
			if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: envDir, Interp: in}}); err != nil {
				t.Fatal(err)
			}
			if err := enginePopulate(context.Background(), envDir, in, []string{e.Path}); err != nil {
				t.Fatal(err)
			}
			if got := runPy(t, envDir, "import speedy._speed as m; print(m.__file__)"); !strings.Contains(got, filepath.Join(project, "speedy", "_speed")) {
				t.Fatalf("the extension module comes from elsewhere: %s", got)
			}
		})
	}
}

func checkLegacyWheel(t *testing.T, path, major string) {
	t.Helper()
	w, err := wheel.Open(path, nil)
	if err != nil {
		t.Fatalf("fwenv's wheel reader refuses the packed wheel: %v", err)
	}
	w.Close()
	files := zipNames(t, path)
	di := "legacy.plug-1.2.0.dist-info/"
	md := files[di+"METADATA"]
	for _, want := range []string{
		"Name: legacy.plug\n", "Version: 1.2.0\n", "Provides-Extra: fast\n",
		"Requires-Dist: six>=1.0\n",
		"Requires-Dist: enum34 ; python_version < \"3.4\"\n",
		"Requires-Dist: simplejson ; extra == \"fast\"\n",
		"Requires-Dist: colorama ; (sys_platform == 'win32') and (extra == \"fast\")\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("METADATA lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(files[di+"WHEEL"], "Root-Is-Purelib: true\nTag: py"+major+"-none-any\n") {
		t.Errorf("WHEEL:\n%s", files[di+"WHEEL"])
	}
	ep := files[di+"entry_points.txt"]
	if !strings.Contains(ep, "legacy-plug = nsfw.legacyplug:main") || !strings.Contains(ep, "[typeA.plugins]") {
		t.Errorf("entry_points.txt:\n%s", ep)
	}
	if files[di+"top_level.txt"] != "nsfw\n" {
		t.Errorf("top_level.txt %q", files[di+"top_level.txt"])
	}
	if !strings.HasPrefix(files["legacy.plug-1.2.0.data/scripts/legacy-tool"], "#!python\n") {
		t.Errorf("scripts= file: %q", files["legacy.plug-1.2.0.data/scripts/legacy-tool"])
	}
	for n := range files {
		if strings.HasSuffix(n, "/scripts/legacy-plug") || strings.Contains(n, ".egg-info") || strings.HasSuffix(n, ".pyc") || strings.HasSuffix(n, "SOURCES.txt") {
			t.Errorf("the wheel carries %s", n)
		}
	}
	for _, n := range []string{"nsfw/__init__.py", "nsfw/legacyplug/__init__.py", di + "RECORD",
		"legacy.plug-1.2.0.data/data/share/legacy-plug/plug.conf", "legacy.plug-1.2.0.data/data/etc/legacy-plug/plug.conf"} {
		if _, ok := files[n]; !ok {
			t.Errorf("the wheel lacks %s", n)
		}
	}
}

// TestLegacyBuilds builds the setup.py-only project on real CPython 2.7,
// 3.6 and 3.7 with their build environments as fwenv makes them offline:
// 2.7 (setuptools 41.2 of its own bundle) and 3.6 (setuptools 58.1 of 3.9's
// bundle) have no `wheel` and no PEP 660, so wheels and editable wheels take
// the legacy path; 3.7 (setuptools 65.5, Debian's wheel 0.38.4) builds the
// PEP 517/660 way. The wheel installs with the install engine;
// pkg_resources sees its entry points; the base interpreter's pip installs
// the same wheel with the same files; the editable install sees an edit;
// the sdist needs no `wheel`.
func TestLegacyBuilds(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	for _, minor := range []string{"2.7", "3.6", "3.7"} {
		t.Run(minor, func(t *testing.T) {
			t.Parallel()
			in := pyenvInfo(t, minor)
			legacy := minor != "3.7"
			o := e2eOptions(t, in, sharedCacheDir(t))
			project := legacyProject(t, "1.2.0", "v1")
			out := t.TempDir()
			w, err := BuildWheel(context.Background(), project, out, o)
			if err != nil {
				t.Fatal(err)
			}
			if (w.Legacy != "") != legacy {
				t.Fatalf("wheel build legacy=%q, want legacy %v", w.Legacy, legacy)
			}
			var setuptools string
			for _, r := range w.Requirements {
				if r.Project == "wheel" && legacy {
					t.Fatalf("the legacy build environment has wheel: %v", w.Requirements)
				}
				if r.Project == "setuptools" {
					setuptools = r.Path
				}
			}
			if legacy {
				if !strings.Contains(w.Legacy, "no `wheel` package suits Python "+in.Version()) {
					t.Fatalf("reason %q", w.Legacy)
				}
				checkLegacyWheel(t, w.Path, minor[:1])
			}
			// Built again: the built-file cache serves the legacy wheel.
			again, err := BuildWheel(context.Background(), project, t.TempDir(), o)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Cached || again.Legacy != w.Legacy {
				t.Fatalf("second build: cached=%v legacy=%q", again.Cached, again.Legacy)
			}
			// Metadata (what the resolver asks of a project folder).
			for _, editable := range []bool{false, true} {
				m, err := PrepareMetadata(context.Background(), project, t.TempDir(), editable, o)
				if err != nil {
					t.Fatal(err)
				}
				if (m.Legacy != "") != legacy {
					t.Fatalf("metadata (editable %v) legacy=%q, want legacy %v", editable, m.Legacy, legacy)
				}
				md, err := os.ReadFile(filepath.Join(m.Path, "METADATA"))
				if err != nil || !strings.Contains(string(md), "Name: legacy.plug\n") || !strings.Contains(string(md), "simplejson") {
					t.Fatalf("metadata %s: %v\n%s", m.Path, err, md)
				}
			}
			// Installed with fwenv's engine (setuptools too, for
			// pkg_resources), the entry points are seen.
			envDir := filepath.Join(t.TempDir(), "env")
			if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: envDir, Interp: in}}); err != nil {
				t.Fatal(err)
			}
			if err := enginePopulate(context.Background(), envDir, in, []string{w.Path, setuptools}); err != nil {
				t.Fatal(err)
			}
			got := runPy(t, envDir, legacyProbe)
			// pkg_resources names the project as written (it reads the
			// name from the .dist-info folder's name).
			if !strings.Contains(got, "typeA.plugins: legacy -> v1 (legacy.plug)") || !strings.Contains(got, "console_scripts: legacy-plug") {
				t.Fatalf("pkg_resources sees:\n%s", got)
			}
			if b, err := exec.Command(filepath.Join(envDir, "bin", "legacy-plug")).CombinedOutput(); err != nil || string(b) != "v1\n" {
				t.Fatalf("console script: %v %q", err, b)
			}
			// Without build isolation, in an environment with setuptools
			// and no wheel (as fwenv seeds them below 3.8), the legacy path
			// too, whatever the setuptools version.
			ni := o
			ni.NoIsolation, ni.Env = true, envDir
			nw, err := BuildWheel(context.Background(), project, t.TempDir(), ni)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(nw.Legacy, "the environment has no `wheel` package (--no-build-isolation)") {
				t.Fatalf("build without isolation: legacy %q", nw.Legacy)
			}
			checkLegacyWheel(t, nw.Path, minor[:1])
			// pip installs the same files.
			target := t.TempDir()
			pip := exec.Command(pyenvInfo(t, minor).Path, "-m", "pip", "install", "--no-index", "--no-deps", "--no-compile", "--disable-pip-version-check", "--target", target, w.Path)
			if b, err := pip.CombinedOutput(); err != nil {
				t.Fatalf("pip: %v\n%s", err, b)
			}
			fw := recordFiles(t, filepath.Join(envDir, in.SitePackages()))
			pp := recordFiles(t, target)
			if !reflect.DeepEqual(fw, pp) {
				t.Fatalf("RECORD files differ\nfwenv %v\npip   %v", fw, pp)
			}
			// The sdist builds without wheel.
			s, err := BuildSdist(context.Background(), project, out, o)
			if err != nil || s.Legacy != "" {
				t.Fatalf("sdist: %v %+v", err, s)
			}
			// Editable: the legacy path below setuptools 64.
			e, err := BuildEditable(context.Background(), project, out, o)
			if err != nil {
				t.Fatal(err)
			}
			if (e.Legacy != "") != legacy {
				t.Fatalf("editable build legacy=%q, want legacy %v", e.Legacy, legacy)
			}
			edEnv := filepath.Join(t.TempDir(), "env")
			if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: edEnv, Interp: in}}); err != nil {
				t.Fatal(err)
			}
			if err := enginePopulate(context.Background(), edEnv, in, []string{e.Path, setuptools}); err != nil {
				t.Fatal(err)
			}
			if got := runPy(t, edEnv, legacyProbe); !strings.Contains(got, "typeA.plugins: legacy -> v1") || !strings.Contains(got, filepath.Join(project, "src")) {
				t.Fatalf("editable install:\n%s", got)
			}
			writeFiles(t, project, map[string]string{"src/nsfw/legacyplug/__init__.py": "def run():\n    return 'edited'\n"})
			if got := runPy(t, edEnv, legacyProbe); !strings.Contains(got, "typeA.plugins: legacy -> edited") {
				t.Fatalf("edit not seen:\n%s", got)
			}
		})
	}
}

// legacyProbe prints what pkg_resources finds of the project, as the
// tutorial's framework looks for plugins.
const legacyProbe = `
import pkg_resources
for group in ("typeA.plugins", "console_scripts"):
    for ep in pkg_resources.iter_entry_points(group):
        if group == "typeA.plugins":
            print("%s: %s -> %s (%s)" % (group, ep.name, ep.resolve()(), ep.dist.project_name))
        else:
            print("%s: %s" % (group, ep.name))
import nsfw.legacyplug
print(nsfw.legacyplug.__file__)
`

func runPy(t *testing.T, envDir, code string) string {
	t.Helper()
	b, err := exec.Command(filepath.Join(envDir, "bin", "python"), "-c", code).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	return string(b)
}

// recordFiles lists the files the RECORD of legacy_plug's .dist-info in
// lib names, scripts as bin/NAME, without bytecode and the installer's own
// files.
func recordFiles(t *testing.T, lib string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(lib, "legacy_plug-1.2.0.dist-info", "RECORD"))
	if len(m) == 0 {
		m, _ = filepath.Glob(filepath.Join(lib, "legacy.plug-1.2.0.dist-info", "RECORD"))
	}
	if len(m) != 1 {
		t.Fatalf("no RECORD in %s", lib)
	}
	data, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		p, _, _ := strings.Cut(line, ",")
		base := filepath.Base(p)
		switch {
		case p == "", strings.Contains(p, "__pycache__"), strings.HasSuffix(p, ".pyc"),
			base == "INSTALLER", base == "REQUESTED", base == "direct_url.json":
			continue
		case strings.HasPrefix(p, "../"):
			p = "bin/" + base
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
