package install

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const pipPython = "/root/.pyenv/versions/3.11.7/bin/python3.11"

func pip(t testing.TB, tg *Target, args ...string) string {
	t.Helper()
	full := append([]string{"-m", "pip", "--disable-pip-version-check", "--no-input", "--python", tg.Python}, args...)
	cmd := exec.Command(pipPython, full...)
	cmd.Env = append(os.Environ(), "PIP_NO_INDEX=1", "PIP_CONFIG_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pip %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestRealLaunchersAndPipInterop(t *testing.T) {
	tg := realTarget(t)
	whl := buildWheel(t, t.TempDir(), demoSpec("1.0"))
	mustInstall(t, tg, testOptions(t), req(whl))
	bin := tg.Layout.Scripts
	for cmd, want := range map[string]string{"demo": "demo\n", "demo-gui": "demo\n", "demo-tool": "tool\n", "demo-raw": "raw\n"} {
		out, err := exec.Command(filepath.Join(bin, cmd)).CombinedOutput()
		if err != nil || string(out) != want {
			t.Errorf("%s: %q %v, want %q", cmd, out, err, want)
		}
	}
	if out := pip(t, tg, "list"); !strings.Contains(out, "demo-pkg") || !strings.Contains(out, "1.0") {
		t.Errorf("pip list:\n%s", out)
	}
	show := pip(t, tg, "show", "-f", "demo-pkg")
	for _, w := range []string{"Name: demo-pkg", "Version: 1.0", "../../../bin/demo", "demo/cli.py"} {
		if !strings.Contains(show, w) {
			t.Errorf("pip show lacks %q:\n%s", w, show)
		}
	}
	if out := pip(t, tg, "freeze"); !strings.Contains(out, "demo-pkg @ file://"+whl) {
		t.Errorf("pip freeze does not see direct_url.json:\n%s", out)
	}
	eps := runPy(t, tg, "-c", `import importlib.metadata as m; print(sorted((e.name, e.value) for e in m.entry_points(group="typeA"))); print(m.distribution("demo-pkg").read_text("INSTALLER"))`)
	if !strings.Contains(eps, "[('plug', 'demo.cli')]") || !strings.Contains(eps, "fwenv") {
		t.Errorf("importlib.metadata:\n%s", eps)
	}
	pip(t, tg, "uninstall", "-y", "demo-pkg")
	left := snapshot(t, tg.Layout.Root)
	for p := range left {
		if strings.HasSuffix(p, "/") {
			continue // pip leaves empty folders of the data scheme
		}
		if strings.Contains(p, "demo") || strings.HasPrefix(p, "share/") || strings.HasPrefix(p, "include/site/python3.11/demo") {
			t.Errorf("pip uninstall left %s", p)
		}
	}
}

// seedWheels are the seed article's framework and two plugins.
func seedWheels(t testing.TB, dir string) (framework, p1, p2 string) {
	fw := wheelSpec{Name: "framework", Version: "0.0.1",
		Files: map[string]string{
			"framework/__init__.py":       nsInit,
			"framework/typeA/__init__.py": nsInit,
			"framework/cli.py": `import importlib.metadata as m
def main():
    for ep in sorted(m.entry_points(group="typeA"), key=lambda e: e.name):
        ep.load()()
    return 0
`,
		},
		EntryPoints: "[console_scripts]\nframework = framework.cli:main\n",
	}
	return buildWheel(t, dir, fw), buildWheel(t, dir, pluginSpec("plugin1", nsInit)), buildWheel(t, dir, pluginSpec("plugin2", nsInit))
}

func TestRealSeedPluginsShareNamespace(t *testing.T) {
	tg := realTarget(t)
	fw, p1, p2 := seedWheels(t, t.TempDir())
	o := testOptions(t)
	mustInstall(t, tg, o, req(fw), req(p1))
	res := mustInstall(t, tg, o, req(p2))
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	run := func() string {
		out, err := exec.Command(filepath.Join(tg.Layout.Scripts, "framework")).CombinedOutput()
		if err != nil {
			t.Fatalf("framework: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(); out != "plugin1 ran\nplugin2 ran\n" {
		t.Errorf("framework printed %q", out)
	}
	if _, err := Uninstall(tg, []string{"framework.typeA.plugin1"}, o); err != nil {
		t.Fatal(err)
	}
	if out := run(); out != "plugin2 ran\n" {
		t.Errorf("after uninstalling plugin1, framework printed %q", out)
	}
	out := runPy(t, tg, "-c", `import importlib.metadata as m; print([e.name for e in m.entry_points(group="typeA")]); import framework.typeA.plugin2`)
	if strings.TrimSpace(out) != "['plugin2']" {
		t.Errorf("entry points after uninstall: %s", out)
	}
	// pip removes the other plugin the same way
	pip(t, tg, "uninstall", "-y", "framework.typeA.plugin2")
	if out := run(); out != "" {
		t.Errorf("framework with no plugins printed %q", out)
	}
}

func TestRealCompile(t *testing.T) {
	tg := realTarget(t)
	o := testOptions(t)
	o.Compile = true
	mustInstall(t, tg, o, req(buildWheel(t, t.TempDir(), demoSpec("1.0"))))
	sp := tg.Layout.Purelib
	pyc := filepath.Join(sp, "demo/__pycache__/cli.cpython-311.pyc")
	rec := readFile(t, filepath.Join(sp, "demo_pkg-1.0.dist-info/RECORD"))
	if !strings.Contains(rec, "demo/__pycache__/cli.cpython-311.pyc,sha256=") {
		t.Errorf("RECORD lacks the .pyc:\n%s", rec)
	}
	out := runPy(t, tg, "-c", `import marshal,sys; print(marshal.loads(open(sys.argv[1],"rb").read()[16:]).co_filename)`, pyc)
	if strings.TrimSpace(out) != filepath.Join(sp, "demo/cli.py") {
		t.Errorf("the .pyc names %s", out)
	}
	// the interpreter uses the .pyc as is (it does not rewrite it)
	st1, _ := os.Stat(pyc)
	runPy(t, tg, "-c", "import demo.cli")
	st2, _ := os.Stat(pyc)
	if !st1.ModTime().Equal(st2.ModTime()) {
		t.Error("python rewrote the .pyc: stale source mtime?")
	}
	pip(t, tg, "uninstall", "-y", "demo-pkg")
	if _, err := os.Stat(filepath.Join(sp, "demo")); err == nil {
		t.Error("pip uninstall left demo/")
	}
}

// installedTree lists the files of an environment with their bytes, minus
// installer bookkeeping, with the environment's own path replaced.
func installedTree(t testing.TB, root string, skip func(rel string) bool) map[string]string {
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if e.IsDir() {
			if rel == ".fwenv" || e.Name() == "__pycache__" {
				return filepath.SkipDir
			}
			return nil
		}
		if skip(rel) {
			return nil
		}
		switch filepath.Base(rel) {
		case "INSTALLER", "RECORD", "direct_url.json", "REQUESTED":
			if strings.Contains(rel, ".dist-info") {
				return nil
			}
		}
		if e.Type()&fs.ModeSymlink != 0 {
			l, _ := os.Readlink(p)
			m[rel] = "-> " + l
			return nil
		}
		b, _ := os.ReadFile(p)
		m[rel] = strings.ReplaceAll(string(b), root, "<ENV>")
		return nil
	})
	return m
}

func compareWithPip(t *testing.T, wheels []string, launchers map[string]bool) (fw, pp *Target) {
	fw, pp = realTarget(t), realTarget(t)
	var reqs []Request
	for _, w := range wheels {
		reqs = append(reqs, Request{Path: w, Requested: true, DirectURL: true})
	}
	mustInstall(t, fw, testOptions(t), reqs...)
	pip(t, pp, append([]string{"install", "--no-deps", "--no-index", "--no-compile"}, wheels...)...)
	skip := func(rel string) bool { return strings.HasPrefix(rel, "bin/") && launchers[filepath.Base(rel)] }
	a, b := installedTree(t, fw.Layout.Root, skip), installedTree(t, pp.Layout.Root, skip)
	var diffs []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			diffs = append(diffs, "only fwenv: "+k)
		} else if v != w {
			diffs = append(diffs, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, "only pip: "+k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = diffs[:20]
		}
		t.Errorf("fwenv and pip installed different trees:\n%s", strings.Join(diffs, "\n"))
	}
	// every fwenv RECORD row matches the file
	return fw, pp
}

func TestRealSameBytesAsPip(t *testing.T) {
	dir := t.TempDir()
	fw, p1, p2 := seedWheels(t, dir)
	demo := buildWheel(t, dir, demoSpec("1.0"))
	f, p := compareWithPip(t, []string{demo, fw, p1, p2}, map[string]bool{"demo": true, "demo-gui": true, "framework": true})
	if a, b := pip(t, f, "freeze"), pip(t, p, "freeze"); a != b {
		t.Errorf("pip freeze differs:\nfwenv:\n%s\npip:\n%s", a, b)
	}
	checkDists(t, f)
}

// TestRealWheelhouse installs real wheels rebuilt from the machine's
// site-packages (../shared/tools/make_wheelhouse.py) with fwenv and pip.
func TestRealWheelhouse(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	tool := "/work/shared/tools/make_wheelhouse.py"
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("%s is absent (only CI and the shared workspace have it)", tool)
	}
	needPython(t)
	dir := os.Getenv("FWENV_TEST_WHEELHOUSE")
	if dir == "" {
		dir = t.TempDir()
		if out, err := exec.Command(pipPython, tool, dir).CombinedOutput(); err != nil {
			t.Fatalf("make_wheelhouse: %v\n%s", err, out)
		}
	}
	var wheels []string
	for _, pat := range []string{"flask-*", "click-*", "jinja2-*", "markupsafe-*", "werkzeug-*", "itsdangerous-*", "blinker-*", "six-*", "pyyaml-*", "cffi-*"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat+".whl"))
		wheels = append(wheels, m...)
	}
	if len(wheels) < 3 {
		t.Skipf("wheelhouse %s has too few of the expected wheels", dir)
	}
	f, p := compareWithPip(t, wheels, map[string]bool{"flask": true})
	if a, b := pip(t, f, "freeze"), pip(t, p, "freeze"); a != b {
		t.Errorf("pip freeze differs:\nfwenv:\n%s\npip:\n%s", a, b)
	}
	if _, err := os.Stat(filepath.Join(f.Layout.Scripts, "flask")); err == nil {
		out, err := exec.Command(filepath.Join(f.Layout.Scripts, "flask"), "--version").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Flask") {
			t.Errorf("flask --version: %v\n%s", err, out)
		}
	}
	checkDists(t, f)
}

// TestRealPipInstalledThenFwenv: what pip installed, fwenv upgrades and
// uninstalls from pip's RECORD (byte-code included).
func TestRealPipInstalledThenFwenv(t *testing.T) {
	tg := realTarget(t)
	dir := t.TempDir()
	v1 := demoSpec("1.0")
	v1.Files["demo/only_in_v1.py"] = "X = 1\n"
	pip(t, tg, "install", "--no-deps", "--no-index", buildWheel(t, dir, v1)) // compiles: RECORD lists .pyc files
	sp := tg.Layout.Purelib
	if _, err := os.Stat(filepath.Join(sp, "demo/__pycache__")); err != nil {
		t.Fatalf("pip did not compile: %v", err)
	}
	o := testOptions(t)
	res := mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("2.0"))))
	if res.Installed[0].OldVersion != "1.0" {
		t.Errorf("replaced %q", res.Installed[0].OldVersion)
	}
	for _, p := range []string{"demo/only_in_v1.py", "demo/__pycache__/only_in_v1.cpython-311.pyc", "demo_pkg-1.0.dist-info"} {
		if _, err := os.Stat(filepath.Join(sp, p)); err == nil {
			t.Errorf("%s survived the upgrade over pip's install", p)
		}
	}
	if out := pip(t, tg, "list"); !strings.Contains(out, "2.0") {
		t.Errorf("pip list after the upgrade:\n%s", out)
	}
	pip(t, tg, "install", "--no-deps", "--no-index", "--force-reinstall", buildWheel(t, dir, v1))
	if _, err := Uninstall(tg, []string{"Demo_Pkg"}, o); err != nil {
		t.Fatal(err)
	}
	for p := range snapshot(t, tg.Layout.Root) {
		if strings.Contains(p, "demo") && !strings.HasSuffix(p, "/") {
			t.Errorf("fwenv uninstall of a pip install left %s", p)
		}
	}
}
