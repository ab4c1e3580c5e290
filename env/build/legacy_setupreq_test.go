package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/install"
)

// setupRequiresProject is a setup.py-only project whose setup_requires
// names somehelper and whose data_files go to the root of the environment.
func setupRequiresProject(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p2")
	writeFiles(t, dir, map[string]string{
		"setup.py": `from setuptools import setup

setup(
    name="p2",
    version="1.0",
    py_modules=["p2"],
    setup_requires=["somehelper>=1.0"],
    data_files=[("/", ["top.txt"])],
)
`,
		"p2.py":   "X = 2\n",
		"top.txt": "top\n",
	})
	return dir
}

// helperWheel builds somehelper 1.0 (py2.py3) into dir with target's
// legacy path and returns the wheel.
func helperWheel(t *testing.T, o Options, dir string) string {
	t.Helper()
	project := filepath.Join(t.TempDir(), "somehelper")
	writeFiles(t, project, map[string]string{
		"setup.py":      "from setuptools import setup\nsetup(name=\"somehelper\", version=\"1.0\", py_modules=[\"somehelper\"])\n",
		"setup.cfg":     "[bdist_wheel]\nuniversal = 1\n",
		"somehelper.py": "VERSION = \"1.0\"\n",
	})
	r, err := BuildWheel(context.Background(), project, dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return r.Path
}

// TestLegacySetupRequires: on Python 2.7 (no `wheel`, the legacy path) a
// project's setup_requires come from the find-links folders into the build
// environment, as a PEP 517 backend's extra requirements do, instead of
// setuptools' easy_install going to the network; they are build
// requirements of the result (fwenv download bundles them), also from the
// built-file cache; `wheel`, which setuptools' hook also names, is not.
func TestLegacySetupRequires(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "2.7")
	o := e2eOptions(t, in, t.TempDir())
	wh := t.TempDir()
	helperWheel(t, o, wh)
	o.FindLinks = []string{wh}
	project := setupRequiresProject(t)
	check := func(what string, r *Result, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if r.Legacy == "" {
			t.Fatalf("%s: not the legacy path", what)
		}
		if !hasProject(r.Requirements, "somehelper") || hasProject(r.Requirements, "wheel") {
			t.Fatalf("%s: build requirements %v", what, r.Requirements)
		}
	}
	w, err := BuildWheel(context.Background(), project, t.TempDir(), o)
	check("wheel", w, err)
	again, err := BuildWheel(context.Background(), project, t.TempDir(), o)
	check("cached wheel", again, err)
	if !again.Cached {
		t.Fatalf("the second build was not from the cache: %+v", again)
	}
	m, err := PrepareMetadata(context.Background(), project, t.TempDir(), false, o)
	check("metadata", m, err)
	e, err := BuildEditable(context.Background(), project, t.TempDir(), o)
	check("editable", e, err)
	// Reading setup_requires wrote nothing into the project.
	if _, err := os.Stat(filepath.Join(project, "p2.egg-info")); err == nil {
		t.Errorf("the build left p2.egg-info in the project")
	}
	if _, ok := zipNames(t, w.Path)["p2-1.0.data/data/top.txt"]; !ok {
		t.Fatalf("the wheel lacks p2-1.0.data/data/top.txt: %v", keys(zipNames(t, w.Path)))
	}
}

// TestLegacyDataFilesAtRoot: a data_files entry for "/" packs its files
// as .data/data/NAME, which fwenv's installer puts at the environment's
// top (a file at the stage's top was packed as NAME/.).
func TestLegacyDataFilesAtRoot(t *testing.T) {
	slow(t)
	in := pyenvInfo(t, "2.7")
	project := setupRequiresProject(t)
	// No setup_requires here: the base interpreter runs setup.py itself.
	setup, err := os.ReadFile(filepath.Join(project, "setup.py"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, project, map[string]string{"setup.py": strings.Replace(string(setup), `setup_requires=["somehelper>=1.0"],`, "", 1)})
	stage, facts := stageInstall(t, in.Path, project)
	out := t.TempDir()
	name, err := packStagedWheel(stage, facts, in, out)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(out, name)
	if wr, err := wheel.Open(p, nil); err != nil {
		t.Fatalf("fwenv's wheel reader refuses the packed wheel: %v", err)
	} else {
		wr.Close()
	}
	if files := zipNames(t, p); files["p2-1.0.data/data/top.txt"] != "top\n" {
		t.Fatalf("members %v", keys(files))
	}
	env := t.TempDir()
	tg, err := install.NewTarget(env, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := install.Install(tg, []install.Request{{Path: p, Requested: true}}, &install.Options{Context: context.Background()}); err != nil {
		t.Fatalf("installing %s: %v", name, err)
	}
	if b, err := os.ReadFile(filepath.Join(env, "top.txt")); err != nil || string(b) != "top\n" {
		t.Fatalf("top.txt in the environment: %q %v", b, err)
	}
}
