package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The article's workflow (docs/tutorial) end to end on the interpreters
// older than 3.8 that fwenv supports: develop in place with -e, build sdists,
// install them, freeze, download everything with the build requirements,
// restore with no index, lock and sync, uninstall the plugins one by one with
// the shared namespace file kept, and ask the seeded pip what it sees.
//
// The framework finds its plugins with pkg_resources there (no
// importlib.metadata before 3.8), so this also checks that create seeds
// setuptools on those versions.

// frameworkLines is what the tutorial's framework prints with both plugins.
var frameworkLines = []string{
	"Framework is running.",
	"framework.typeA.plugin1 starting",
	"framework.typeA.plugin1 finishing",
	"framework.typeA.plugin2 starting",
	"framework.typeA.plugin2 finishing",
	"Framework is now exiting.",
}

func TestTutorialOnLegacyPythons(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end on real interpreters; skipped with -short")
	}
	eachPython(t, []string{"2.7", "3.6", "3.7"}, tutorialWorkflow)
}

// eachPython runs f in a parallel subtest per version mm ("2.7") with
// pyenv's newest CPython mm, skipping (with a message) a version not
// installed.
func eachPython(t *testing.T, versions []string, f func(t *testing.T, mm, py string)) {
	for _, mm := range versions {
		mm := mm
		t.Run(mm, func(t *testing.T) {
			t.Parallel()
			py := interpreters()[mm]
			if py == "" {
				t.Skipf("no CPython %s under %s", mm, pyenvRoot())
			}
			f(t, mm, py)
		})
	}
}

type tutorialRun struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// run runs fwenv with args in the tutorial folder and returns its combined
// output; a non-zero exit fails the test.
func (r *tutorialRun) fwenv(args ...string) string {
	r.t.Helper()
	out, err := runPlain(r.bin, r.dir, r.env, args...)
	if err != nil {
		r.t.Fatalf("fwenv %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// sh runs a bash command line in the tutorial folder, fwenv first on PATH.
func (r *tutorialRun) sh(script string) string {
	r.t.Helper()
	c := exec.Command("bash", "-c", script)
	c.Dir = r.dir
	c.Env = append(append([]string(nil), r.env...), "PATH="+filepath.Dir(r.bin)+string(os.PathListSeparator)+envValue(r.env, "PATH"))
	out, err := c.CombinedOutput()
	if err != nil {
		r.t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return string(out)
}

func envValue(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v
		}
	}
	return ""
}

// frameworkSays checks the framework's output holds want, in order, and no
// traceback.
func frameworkSays(t *testing.T, what, out string, want ...string) {
	t.Helper()
	var got []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "Framework ") || strings.HasPrefix(l, "framework.typeA.") {
			got = append(got, l)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || strings.Contains(out, "Traceback") {
		t.Fatalf("%s printed:\n%s\nwant the lines:\n%s", what, out, strings.Join(want, "\n"))
	}
}

func tutorialWorkflow(t *testing.T, mm, py string) {
	work := t.TempDir()
	bin := fwenvBinary(t)
	r := &tutorialRun{t: t, bin: bin, dir: work, env: progressEnv(t, work)}
	repo, _ := filepath.Abs(filepath.Join("..", ".."))
	for _, p := range []string{"framework", "typeA_plugin1", "typeA_plugin2"} {
		if out, err := exec.Command("cp", "-R", filepath.Join(repo, "docs", "tutorial", p), work).CombinedOutput(); err != nil {
			t.Fatalf("copy %s: %v\n%s", p, err, out)
		}
	}

	// Develop in place, as the article's "done when" line says.
	out := r.sh("fwenv create -p " + py + " venv && source venv/bin/activate && " +
		"fwenv install -e framework -e typeA_plugin1 -e typeA_plugin2 && framework")
	frameworkSays(t, "the framework installed in place", out, frameworkLines...)
	if !regexp.MustCompile(`(?i)setuptools`).MatchString(out) {
		t.Errorf("create on %s does not say it seeds setuptools:\n%s", mm, out)
	}
	if ver := r.sh("venv/bin/python -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])'"); strings.TrimSpace(ver) != mm {
		t.Fatalf("venv/bin/python is Python %s, want %s", ver, mm)
	}
	eps := r.fwenv("--env", "venv", "entry-points", "--group", "typeA")
	for _, ep := range []string{"framework.typeA.plugin1:run", "framework.typeA.plugin2:run"} {
		if !strings.Contains(eps, ep) {
			t.Errorf("entry-points --group typeA lacks %s:\n%s", ep, eps)
		}
	}
	// An edit shows without reinstalling.
	p2 := filepath.Join(work, "typeA_plugin2", "src", "framework", "typeA", "plugin2", "__init__.py")
	src, err := os.ReadFile(p2)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p2, []byte(strings.Replace(string(src), `finishing")`, `finishing (edited)")`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := append(append([]string(nil), frameworkLines[:4]...), "framework.typeA.plugin2 finishing (edited)", frameworkLines[5])
	frameworkSays(t, "the framework after an edit", r.sh("venv/bin/framework"), edited...)
	if err := os.WriteFile(p2, src, 0o644); err != nil {
		t.Fatal(err)
	}

	// Build for release.
	for _, p := range []string{"framework", "typeA_plugin1", "typeA_plugin2"} {
		r.fwenv("build", "-p", py, "--sdist", "-o", "pkgs", p)
	}
	for _, f := range []string{"framework-0.0.1.tar.gz", "framework.typeA.plugin1-0.0.1.tar.gz", "framework.typeA.plugin2-0.0.1.tar.gz"} {
		if _, err := os.Stat(filepath.Join(work, "pkgs", f)); err != nil {
			alt := strings.ReplaceAll(f, "framework.typeA.", "framework_typeA_")
			if _, err2 := os.Stat(filepath.Join(work, "pkgs", alt)); err2 != nil {
				t.Fatalf("pkgs/ lacks %s: %v", f, err)
			}
		}
	}

	// Install the sdists into a second environment.
	r.fwenv("create", "-p", py, "venv2")
	r.fwenv("--env", "venv2", "install", "--no-index", "-f", "pkgs", "framework", "framework.typeA.plugin1", "framework.typeA.plugin2")
	frameworkSays(t, "the framework installed from sdists", r.sh("venv2/bin/framework"), frameworkLines...)
	freeze := r.fwenv("--env", "venv2", "freeze")
	for _, name := range []string{"framework", "framework.typeA.plugin1", "framework.typeA.plugin2"} {
		if !strings.Contains(strings.ToLower(freeze), strings.ToLower(name)) {
			t.Errorf("freeze lacks %s:\n%s", name, freeze)
		}
	}
	r.fwenv("--env", "venv2", "check")
	list := r.fwenv("--env", "venv2", "list")
	if !strings.Contains(list, "framework") {
		t.Errorf("list lacks framework:\n%s", list)
	}
	show := r.fwenv("--env", "venv2", "show", "framework")
	if !strings.Contains(show, "0.0.1") {
		t.Errorf("show framework:\n%s", show)
	}

	// Snapshot, download everything, restore with no index.
	if err := os.WriteFile(filepath.Join(work, "requirements.txt"), []byte(r.fwenv("--env", "venv2", "freeze", "--pins")), 0o644); err != nil {
		t.Fatal(err)
	}
	r.fwenv("--env", "venv2", "download", "--no-index", "-f", "pkgs", "-r", "requirements.txt", "-d", "bundle")
	bundle, _ := filepath.Glob(filepath.Join(work, "bundle", "setuptools-*"))
	if len(bundle) == 0 {
		names, _ := filepath.Glob(filepath.Join(work, "bundle", "*"))
		t.Fatalf("the bundle lacks the build requirement setuptools: %v", names)
	}
	r.fwenv("create", "-p", py, "venv3")
	r.fwenv("--env", "venv3", "install", "-f", "bundle")
	frameworkSays(t, "the framework restored offline", r.sh("venv3/bin/framework"), frameworkLines...)
	r.fwenv("--env", "venv3", "lock", "--from-env", "-f", "bundle", "--no-index", "-o", "fwenv.lock")
	r.fwenv("create", "-p", py, "venv4")
	r.fwenv("--env", "venv4", "sync", "--offline", "-f", "bundle", "fwenv.lock")
	frameworkSays(t, "the framework synced from the lock", r.sh("venv4/bin/framework"), frameworkLines...)

	// Uninstall the plugins one by one: the namespace file they share stays.
	site := strings.TrimSpace(r.sh(`venv2/bin/python -c 'import framework, os; print(os.path.dirname(framework.__file__))'`))
	r.fwenv("--env", "venv2", "uninstall", "-y", "framework.typeA.plugin1")
	frameworkSays(t, "the framework without plugin1", r.sh("venv2/bin/framework"),
		frameworkLines[0], frameworkLines[3], frameworkLines[4], frameworkLines[5])
	if _, err := os.Stat(filepath.Join(site, "typeA", "__init__.py")); err != nil {
		t.Errorf("uninstalling plugin1 removed the namespace file plugin2 still lists: %v", err)
	}
	r.fwenv("--env", "venv2", "uninstall", "-y", "framework.typeA.plugin2")
	frameworkSays(t, "the framework without plugins", r.sh("venv2/bin/framework"), frameworkLines[0], frameworkLines[5])
	if _, err := os.Stat(filepath.Join(site, "__init__.py")); err != nil {
		t.Errorf("uninstalling the plugins removed the framework's own file: %v", err)
	}
	r.fwenv("--env", "venv2", "check")

	// The seeded pip agrees with fwenv about what is installed.
	r.fwenv("create", "--seed", "-p", py, "venv5")
	r.fwenv("--env", "venv5", "install", "--no-index", "-f", "pkgs", "framework", "framework.typeA.plugin1")
	pipList := r.sh("venv5/bin/python -m pip list --disable-pip-version-check --format=freeze 2>&1")
	for _, want := range []string{"framework==0.0.1", "framework.typeA.plugin1==0.0.1"} {
		if !strings.Contains(strings.ReplaceAll(pipList, "-", "."), strings.ReplaceAll(want, "-", ".")) &&
			!strings.Contains(pipList, strings.ReplaceAll(want, ".", "-")) {
			t.Errorf("pip list in the seeded %s environment lacks %s:\n%s", mm, want, pipList)
		}
	}
	pipShow := r.sh("venv5/bin/python -m pip show --disable-pip-version-check framework.typeA.plugin1 2>&1")
	for _, want := range []string{"Version: 0.0.1", "Requires: framework"} {
		if !strings.Contains(pipShow, want) {
			t.Errorf("pip show in the seeded %s environment lacks %q:\n%s", mm, want, pipShow)
		}
	}
	// pkg_resources, the framework's way to its plugins here, knows the
	// plugin by the name it declares (the dist-info folder's name is where
	// it reads it from).
	r.sh(`venv5/bin/python -c "import pkg_resources; pkg_resources.require('framework.typeA.plugin1')"`)
	frameworkSays(t, "the framework in the seeded environment", r.sh("venv5/bin/framework"),
		frameworkLines[0], frameworkLines[1], frameworkLines[2], frameworkLines[5])
}
