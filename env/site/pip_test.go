package site

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

const pyenv311 = "/root/.pyenv/versions/3.11.7/bin/python3"

// python311 returns pyenv's CPython 3.11, skipping the test when it is
// absent outside CI (CI must have it).
func python311(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(pyenv311); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: %v", pyenv311, err)
		}
		t.Skipf("%s not found: the pip interoperability tests need pyenv's CPython 3.11 with pip", pyenv311)
	}
	return pyenv311
}

// buildWheel writes a pure-Python wheel into dir and returns its path.
func buildWheel(t *testing.T, dir, name, version string, files map[string]string, entryPoints string, requires ...string) string {
	t.Helper()
	escaped := strings.ReplaceAll(strings.ReplaceAll(name, "-", "_"), ".", "_")
	info := escaped + "-" + version + ".dist-info/"
	all := map[string]string{}
	for k, v := range files {
		all[k] = v
	}
	md := fmt.Sprintf("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: test %s\n", name, version, name)
	for _, r := range requires {
		md += "Requires-Dist: " + r + "\n"
	}
	all[info+"METADATA"] = md
	all[info+"WHEEL"] = "Wheel-Version: 1.0\nGenerator: fwenv-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
	if entryPoints != "" {
		all[info+"entry_points.txt"] = entryPoints
	}
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var rows []record.Entry
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(all[n]))
		rows = append(rows, record.Entry{Path: n, Hash: record.Sum([]byte(all[n])), Size: int64(len(all[n]))})
	}
	rows = append(rows, record.Entry{Path: info + "RECORD", Size: -1})
	var rec bytes.Buffer
	record.Write(&rec, rows)
	w, _ := zw.Create(info + "RECORD")
	w.Write(rec.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, escaped+"-"+version+"-py3-none-any.whl")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_NO_INPUT=1", "PYTHONDONTWRITEBYTECODE=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// TestAgainstPip installs the seed's framework and plugins with pip into a
// real virtual environment and compares what fwenv reads with what pip and
// importlib.metadata say, then uninstalls with PlanRemove.
func TestAgainstPip(t *testing.T) {
	t.Parallel()
	py := python311(t)
	tmp := t.TempDir()
	envDir := filepath.Join(tmp, "venv")
	wheels := filepath.Join(tmp, "wheels")
	os.MkdirAll(wheels, 0o755)
	run(t, py, "-m", "venv", "--without-pip", envDir)
	envPy := filepath.Join(envDir, "bin", "python")

	buildWheel(t, wheels, "framework", "0.0.1", map[string]string{
		"framework/__init__.py": nsInit,
		"framework/cli.py":      "import importlib.metadata as m\ndef main():\n    for ep in m.entry_points(group='typeA'):\n        ep.load()()\n",
	}, "[console_scripts]\nframework = framework.cli:main\n", "future", "pkg_resources", `colorama ; sys_platform == "win32"`)
	var pluginWheels []string
	for n := 1; n <= 2; n++ {
		mod := fmt.Sprintf("plugin%d", n)
		pluginWheels = append(pluginWheels, buildWheel(t, wheels, "framework.typeA."+mod, "0.0.1", map[string]string{
			"framework/__init__.py":                   nsInit,
			"framework/typeA/__init__.py":             nsInit,
			"framework/typeA/" + mod + "/__init__.py": fmt.Sprintf("def run():\n    print(%q)\n", "framework.typeA."+mod+" starting"),
		}, "[typeA]\nplugin = framework.typeA."+mod+":run\n", "framework>=0.0.1"))
	}
	// pip freeze hides setuptools and wheel on Python 3.11.
	bundled, _ := filepath.Glob("/root/.pyenv/versions/3.11.7/lib/python3.11/ensurepip/_bundled/setuptools-*.whl")
	pluginWheels = append(pluginWheels, bundled...)
	buildWheel(t, wheels, "wheel", "0.41.2", map[string]string{"wheel/__init__.py": ""}, "")
	buildWheel(t, wheels, "Extra.Thing", "1.0.01", map[string]string{"extra_thing.py": "X = 1\n"}, "", "framework<0.0.1")

	pip := []string{"-m", "pip", "--python", envPy}
	// framework and Extra.Thing from a find-links folder (name==version),
	// the plugins by path (direct URLs), in one pip run.
	run(t, py, append(pip, append([]string{"install", "-q", "--no-index", "--no-deps", "-f", wheels, "framework", "Extra.Thing", "wheel"}, pluginWheels...)...)...)

	l := LayoutFor(envDir, nil) // the default scheme: lib/python3.11 from the purelib found below
	l.Purelib = filepath.Join(l.Root, "lib", "python3.11", "site-packages")
	l.Platlib = l.Purelib
	// Editable installs as PEP 660 backends leave them: a dist-info with
	// direct_url.json (dir_info.editable) and the source elsewhere; one plain
	// folder, one git checkout with a remote in a subfolder.
	plain := filepath.Join(tmp, "src", "plain")
	writeFile(t, filepath.Join(plain, "pyproject.toml"), "")
	fakeDist{Name: "Plain_Editable", Version: "0.1", Installer: "pip",
		DirectURL: `{"url": "` + source.FileURL(plain) + `", "dir_info": {"editable": true}}`}.install(t, Layout{Purelib: filepath.Join(envDir, "lib", "python3.11", "site-packages")})
	if _, err := exec.LookPath("git"); err == nil {
		repo := filepath.Join(tmp, "src", "repo")
		proj := filepath.Join(repo, "sub", "proj")
		writeFile(t, filepath.Join(proj, "setup.py"), "")
		for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "x"}, {"remote", "add", "origin", "https://example.org/x/repo.git"}} {
			cmd := exec.Command("git", append([]string{"-C", repo}, args...)...)
			cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t", "GIT_CONFIG_GLOBAL=/dev/null")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		fakeDist{Name: "git-editable", Version: "2.0",
			DirectURL: `{"url": "` + source.FileURL(proj) + `", "dir_info": {"editable": true}}`}.install(t, Layout{Purelib: filepath.Join(envDir, "lib", "python3.11", "site-packages")})
	}

	db := mustOpen(t, l)
	if len(db.Problems) != 0 {
		t.Errorf("problems: %v", db.Problems)
	}

	if db.Get("wheel") == nil || (len(bundled) == 1 && db.Get("setuptools") == nil) {
		t.Errorf("setuptools and wheel should be installed: %v", db.Dists())
	}

	// freeze
	pipFreeze := strings.TrimSpace(run(t, py, append(pip, "freeze")...))
	ours := strings.Join(Freeze(db, FreezeOptions{}), "\n")
	if ours != pipFreeze {
		t.Errorf("freeze differs:\nfwenv:\n%s\npip:\n%s", ours, pipFreeze)
	}
	if !strings.Contains(ours, "-e "+plain) || !strings.Contains(ours, "framework.typeA.plugin1 @ file://") {
		t.Errorf("a wheel installed by path should freeze as a direct URL:\n%s", ours)
	}
	if _, err := exec.LookPath("git"); err == nil && !strings.Contains(ours, "-e git+https://example.org/x/repo.git@") {
		t.Errorf("an editable git checkout should freeze as -e git+URL:\n%s", ours)
	}
	t.Logf("freeze:\n%s", ours)

	// list --format json
	var pipList, ourList []map[string]string
	json.Unmarshal([]byte(run(t, py, append(pip, "list", "--format", "json")...)), &pipList)
	json.Unmarshal(ListJSON(List(db, ListOptions{}), false), &ourList)
	if fmt.Sprint(pipList) != fmt.Sprint(ourList) {
		t.Errorf("list json differs:\nfwenv: %v\npip:   %v", ourList, pipList)
	}

	// entry points, as the framework discovers them at run time
	imp := run(t, envPy, "-c", `import importlib.metadata as m, json
print(json.dumps(sorted([e.group, e.name, e.value, e.dist.name] for e in m.entry_points(group="typeA"))))`)
	var impRows [][]string
	json.Unmarshal([]byte(imp), &impRows)
	var ourRows [][]string
	for _, r := range EntryPointsIn(db, "typeA") {
		if !r.Duplicate {
			t.Errorf("%s: the two plugins share the name 'plugin': Duplicate should be set", r.Dist.Name)
		}
		ourRows = append(ourRows, []string{r.Group, r.Name, r.Reference(), r.Dist.Name})
	}
	if fmt.Sprint(impRows) != fmt.Sprint(ourRows) {
		t.Errorf("entry points differ:\nfwenv:     %v\nimportlib: %v", ourRows, impRows)
	}

	// check: the same requirement problems as pip check, no file problems
	markersJSON := run(t, envPy, "-c", `import json, os, sys, platform
impl = sys.implementation
v = "{0.major}.{0.minor}.{0.micro}".format(impl.version)
print(json.dumps({"implementation_name": impl.name, "implementation_version": v, "os_name": os.name,
 "platform_machine": platform.machine(), "platform_release": platform.release(), "platform_system": platform.system(),
 "platform_version": platform.version(), "python_full_version": platform.python_version(),
 "platform_python_implementation": platform.python_implementation(), "python_version": ".".join(platform.python_version_tuple()[:2]),
 "sys_platform": sys.platform}))`)
	var markers pep508.Environment
	if err := json.Unmarshal([]byte(markersJSON), &markers); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, append(pip, "check")...)
	out, _ := cmd.Output() // exits 1: the seed's requirements are missing
	pipCheck := strings.Split(strings.TrimSpace(string(out)), "\n")
	var ourCheck []string
	for _, p := range Check(db, markers) {
		ourCheck = append(ourCheck, p.String())
	}
	sort.Strings(pipCheck)
	sort.Strings(ourCheck)
	if strings.Join(ourCheck, "\n") != strings.Join(pipCheck, "\n") {
		t.Errorf("check differs:\nfwenv:\n%s\npip:\n%s", strings.Join(ourCheck, "\n"), strings.Join(pipCheck, "\n"))
	}

	// show: requires and required-by as pip show prints them
	pipShow := run(t, py, append(pip, "show", "framework")...)
	ourShow := strings.Join(Show(db.Get("framework"), markers).Text(false, false), "\n")
	if strings.TrimSpace(pipShow) != ourShow {
		t.Errorf("show differs:\nfwenv:\n%s\npip:\n%s", ourShow, pipShow)
	}

	// uninstall plugin1: the shared namespace files stay, plugin2 still runs
	sp := l.Purelib
	for _, d := range db.Dists() {
		if _, ok := d.Editable(); ok {
			p, err := PlanRemove(db, []string{d.Name})
			if err != nil {
				t.Fatal(err)
			}
			p.apply()
		}
	}
	plan, err := PlanRemove(db, []string{"framework-typea-plugin1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"framework/__init__.py", "framework/typeA/__init__.py"} {
		if !exists(filepath.Join(sp, f)) {
			t.Errorf("shared file %s removed with plugin1", f)
		}
	}
	if exists(filepath.Join(sp, "framework/typeA/plugin1")) {
		t.Error("plugin1's package folder left behind")
	}
	got := run(t, filepath.Join(envDir, "bin", "framework"))
	if got != "framework.typeA.plugin2 starting\n" {
		t.Errorf("framework after removing plugin1 printed %q", got)
	}
	dists := run(t, envPy, "-c", "import importlib.metadata as m; print(sorted(d.name for d in m.distributions()))")
	if strings.Contains(dists, "plugin1") || !strings.Contains(dists, "plugin2") {
		t.Errorf("importlib.metadata after removing plugin1: %s", dists)
	}

	// uninstall plugin2: the typeA namespace goes; framework keeps its own __init__.py
	db = mustOpen(t, l)
	plan, err = PlanRemove(db, []string{"framework.typeA.plugin2"})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(sp, "framework/typeA")) {
		t.Error("framework/typeA left behind after both plugins were removed")
	}
	if !exists(filepath.Join(sp, "framework/__init__.py")) {
		t.Error("framework/__init__.py (still listed by framework) removed")
	}
	if got := run(t, filepath.Join(envDir, "bin", "framework")); got != "" {
		t.Errorf("framework with no plugins printed %q", got)
	}

	// uninstall the rest: site-packages is back to empty, bin has only the venv's files
	db = mustOpen(t, l)
	var rest []string
	for _, d := range db.Dists() {
		rest = append(rest, d.Name)
	}
	plan, err = PlanRemove(db, rest)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(sp)
	if len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("site-packages not empty: %v", names)
	}
	if exists(filepath.Join(envDir, "bin", "framework")) {
		t.Error("console script left behind")
	}
	if dists := run(t, envPy, "-c", "import importlib.metadata as m; print(list(m.distributions()))"); dists != "[]\n" {
		t.Errorf("importlib.metadata still sees %s", dists)
	}
}

// TestFreezeAgainstPipOn312 checks the rule that depends on the Python
// version: pip 23.2 hides setuptools and wheel only below 3.12.
func TestFreezeAgainstPipOn312(t *testing.T) {
	t.Parallel()
	py := python311(t)
	py312 := "/root/.pyenv/versions/3.12.1/bin/python3"
	if _, err := os.Stat(py312); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing", py312)
		}
		t.Skipf("%s not found", py312)
	}
	bundled, _ := filepath.Glob("/root/.pyenv/versions/3.11.7/lib/python3.11/ensurepip/_bundled/setuptools-*.whl")
	if len(bundled) != 1 {
		t.Skip("no setuptools wheel in 3.11's ensurepip bundle")
	}
	tmp := t.TempDir()
	wheels := filepath.Join(tmp, "wheels")
	os.MkdirAll(wheels, 0o755)
	w := buildWheel(t, wheels, "wheel", "0.41.2", map[string]string{"wheel/__init__.py": ""}, "")
	for _, v := range []struct{ py, mm string }{{py312, "3.12"}} { // 3.11: TestAgainstPip
		envDir := filepath.Join(tmp, "venv"+v.mm)
		run(t, v.py, "-m", "venv", "--without-pip", envDir)
		envPy := filepath.Join(envDir, "bin", "python")
		run(t, py, "-m", "pip", "--python", envPy, "install", "-q", "--no-index", "--no-deps", bundled[0], w)
		pipFreeze := strings.TrimSpace(run(t, py, "-m", "pip", "--python", envPy, "freeze"))
		db := mustOpen(t, LayoutFor(envDir, &python.Info{VersionInfo: []int{3, 0}, Scheme: map[string]string{"purelib": "lib/python" + v.mm + "/site-packages"}}))
		ours := strings.Join(Freeze(db, FreezeOptions{}), "\n")
		if ours != pipFreeze {
			t.Errorf("Python %s: freeze differs:\nfwenv:\n%s\npip:\n%s", v.mm, ours, pipFreeze)
		}
		if shown := strings.Contains(ours, "setuptools"); shown != (v.mm == "3.12") {
			t.Errorf("Python %s: setuptools shown = %v:\n%s", v.mm, shown, ours)
		}
	}
}
