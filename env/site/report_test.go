package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep508"
)

func TestFreeze(t *testing.T) {
	l := testLayout(t)
	src := t.TempDir()
	for _, d := range []fakeDist{
		{Name: "pip", Version: "23.2.1"},
		{Name: "setuptools", Version: "65.5.0"},
		{Name: "wheel", Version: "0.41.0"},
		{Name: "Zope.Interface", Version: "6.0"},
		{Name: "alpha", Version: "1.0-1"},        // normalised to 1.0.post1
		{Name: "Beta", Version: "not-a-version"}, // ===
		{Name: "gamma", Version: "2.0", DirectURL: `{"url":"https://h/gamma-2.0.tar.gz","archive_info":{"hash":"sha256=abc"}}`},
		{Name: "delta", Version: "1", DirectURL: `{"url":"file://` + src + `","dir_info":{"editable":true}}`},
		{Name: "epsilon", Version: "1", DirectURL: `{"url":"file:///src/eps","dir_info":{}}`},
		{Name: "argparse", Version: "1.4"},
	} {
		d.install(t, l)
	}
	db := mustOpen(t, l)
	want := []string{
		"alpha==1.0.post1",
		"Beta===not-a-version",
		"# Editable install with no version control (delta==1)",
		"-e " + src,
		"epsilon @ file:///src/eps",
		"gamma @ https://h/gamma-2.0.tar.gz#sha256=abc",
		"Zope.Interface==6.0",
	}
	check := func(name string, got, want []string) {
		t.Helper()
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	check("3.11", Freeze(db, FreezeOptions{}), want)
	check("3.12", Freeze(db, FreezeOptions{PythonVersion: "3.12"}), append(append([]string{}, want[:6]...), "setuptools==65.5.0", "wheel==0.41.0", "Zope.Interface==6.0"))
	check("all", Freeze(db, FreezeOptions{All: true, Exclude: []string{"ZOPE-interface"}, ExcludeEditable: true}),
		[]string{"alpha==1.0.post1", "Beta===not-a-version", "epsilon @ file:///src/eps", "gamma @ https://h/gamma-2.0.tar.gz#sha256=abc", "pip==23.2.1", "setuptools==65.5.0", "wheel==0.41.0"})
	// --pins: an sdist or wheel by URL is pinned; folder installs keep their line.
	check("pins", Freeze(db, FreezeOptions{Pins: true}), append(append(append([]string{}, want[:5]...), "gamma==2.0"), want[6:]...))

	if _, err := exec.LookPath("git"); err != nil {
		t.Log("git not found: editable git checkouts not tested")
		return
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", src}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	writeFile(t, filepath.Join(src, "setup.py"), "")
	run("init", "-q")
	run("add", "setup.py")
	run("commit", "-q", "-m", "x")
	lines := Freeze(db, FreezeOptions{})
	if lines[2] != "# Editable Git install with no remote (delta==1)" {
		t.Errorf("no remote: %q", lines[2:4])
	}
	run("remote", "add", "origin", "https://example.org/delta.git")
	sha, _ := exec.Command("git", "-C", src, "rev-parse", "HEAD").Output()
	lines = Freeze(db, FreezeOptions{})
	if want := "-e git+https://example.org/delta.git@" + strings.TrimSpace(string(sha)) + "#egg=delta"; lines[2] != want {
		t.Errorf("git remote: %q, want %q", lines[2], want)
	}
	if lines := Freeze(db, FreezeOptions{NoVCS: true}); lines[3] != "-e "+src {
		t.Errorf("NoVCS: %q", lines[2:4])
	}
}

func TestList(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "pip", Version: "23.2.1"}.install(t, l)
	fakeDist{Name: "Flask", Version: "3.0.0", Installer: "fwenv"}.install(t, l)
	fakeDist{Name: "mine", Version: "0.1", DirectURL: `{"url":"file:///src/mine","dir_info":{"editable":true}}`}.install(t, l)
	db := mustOpen(t, l)
	rows := List(db, ListOptions{})
	cols := strings.Join(ListColumns(rows, false), "\n")
	want := "Package Version Editable project location\n" +
		"------- ------- -------------------------\n" +
		"Flask   3.0.0\n" +
		"mine    0.1     /src/mine\n" +
		"pip     23.2.1"
	if cols != want {
		t.Errorf("columns:\n%s\nwant:\n%s", cols, want)
	}
	js := string(ListJSON(rows, false))
	if js != `[{"name":"Flask","version":"3.0.0"},{"name":"mine","version":"0.1","editable_project_location":"/src/mine"},{"name":"pip","version":"23.2.1"}]` {
		t.Errorf("json = %s", js)
	}
	if v := string(ListJSON(rows[:1], true)); v != `[{"name":"Flask","version":"3.0.0","location":"`+l.Purelib+`","installer":"fwenv"}]` {
		t.Errorf("verbose json = %s", v)
	}
	if f := ListFreeze(List(db, ListOptions{ExcludeEditable: true, Exclude: []string{"PIP"}})); strings.Join(f, ",") != "Flask==3.0.0" {
		t.Errorf("freeze format = %v", f)
	}
	if e := List(db, ListOptions{EditableOnly: true}); len(e) != 1 || e[0].Name != "mine" {
		t.Errorf("editable only = %v", e)
	}
	if ListColumns(nil, false) != nil {
		t.Error("no rows should print nothing")
	}
}

var linux311 = pep508.Environment{
	"implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
	"platform_machine": "x86_64", "platform_python_implementation": "CPython", "platform_release": "6.1",
	"platform_system": "Linux", "platform_version": "#1", "python_full_version": "3.11.7",
	"python_version": "3.11", "sys_platform": "linux",
}

func TestShow(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "framework", Version: "0.0.1", Requires: []string{"Future", "pkg_resources", `colorama ; sys_platform == "win32"`, `pytest ; extra == "test"`},
		EntryPoints: "[console_scripts]\nframework = framework.cli:main\n", Files: map[string]string{"framework/cli.py": ""}}.install(t, l)
	p := seedPlugin(1)
	p.Requires = []string{"framework>=0.0.1"}
	p.install(t, l)
	fakeDist{Name: "future", Version: "1.0"}.install(t, l)
	db := mustOpen(t, l)
	s := Show(db.Get("framework"), linux311)
	if strings.Join(s.Requires, ",") != "Future,pkg_resources" || strings.Join(s.RequiredBy, ",") != "framework.typeA.plugin1" {
		t.Errorf("requires %v required-by %v", s.Requires, s.RequiredBy)
	}
	text := strings.Join(s.Text(true, true), "\n")
	for _, want := range []string{"Name: framework\nVersion: 0.0.1\nSummary: the framework project\n", "Location: " + l.Purelib + "\n",
		"Requires: Future, pkg_resources\nRequired-by: framework.typeA.plugin1\n", "Installer: pip\n",
		"Entry-points:\n  [console_scripts]\n  framework = framework.cli:main\n", "Files:\n  framework-0.0.1.dist-info/INSTALLER\n", "  framework/cli.py"} {
		if !strings.Contains(text, want) {
			t.Errorf("show text lacks %q:\n%s", want, text)
		}
	}
	if s := Show(db.Get("future"), nil); strings.Join(s.RequiredBy, ",") != "framework" {
		t.Errorf("future required-by %v", s.RequiredBy)
	}
}

func TestEntryPointsIn(t *testing.T) {
	l := testLayout(t)
	seedPlugin(2).install(t, l)
	seedPlugin(1).install(t, l)
	fakeDist{Name: "framework", Version: "0.0.1", EntryPoints: "[console_scripts]\nframework = framework.cli:main\n[typeA]\nother = framework.x:y [extra1]\n"}.install(t, l)
	db := mustOpen(t, l)
	rows := EntryPointsIn(db, "typeA")
	var got []string
	for _, r := range rows {
		s := r.Group + " " + r.Name + " = " + r.Reference() + " (" + r.Dist.Name + ")"
		if r.Duplicate {
			s += " dup"
		}
		got = append(got, s)
	}
	want := []string{
		"typeA other = framework.x:y [extra1] (framework)",
		"typeA plugin = framework.typeA.plugin1:run (framework.typeA.plugin1) dup",
		"typeA plugin = framework.typeA.plugin2:run (framework.typeA.plugin2) dup",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if all := EntryPointsIn(db, ""); len(all) != 4 || all[0].Group != "console_scripts" || all[0].Duplicate {
		t.Errorf("all groups = %+v", all)
	}
	if j := rows[1].JSON(); j.Dist != "framework.typeA.plugin1" || !j.Duplicate || j.Value != "framework.typeA.plugin1:run" {
		t.Errorf("json = %+v", j)
	}
}

func TestCheck(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "app", Version: "1.0", Requires: []string{
		"lib>=2", "missing-one", `winonly ; sys_platform == "win32"`, `testdep ; extra == "test"`, "ok-dep<2,>=1", `pre>=1.0`,
	}, Files: map[string]string{"app/__init__.py": "A\n", "app/data.txt": "D\n", "app/gone.py": "G\n"}}.install(t, l)
	fakeDist{Name: "lib", Version: "1.5"}.install(t, l)
	fakeDist{Name: "OK_dep", Version: "1.2"}.install(t, l)
	fakeDist{Name: "pre", Version: "1.1rc1"}.install(t, l)
	fakeDist{Name: "hostile", Version: "1", ExtraRows: []string{"../../../../outside.txt,sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,1"}}.install(t, l)
	fakeDist{Name: "norec", Version: "1", NoRecord: true}.install(t, l)
	os.WriteFile(filepath.Join(l.Purelib, "app", "data.txt"), []byte("changed\n"), 0o644)
	os.Remove(filepath.Join(l.Purelib, "app", "gone.py"))
	db := mustOpen(t, l)
	var got []string
	for _, p := range Check(db, linux311) {
		got = append(got, p.String())
	}
	want := []string{
		"app 1.0 requires missing-one, which is not installed.",
		"app 1.0 has requirement lib>=2, but you have lib 1.5.",
		"app 1.0: app/data.txt was modified: expected sha256=fER6olJCZKPiTfc6b93Y2zYIQPiVvLXlTWQ8GN4mqK4 (2 bytes), actual sha256=f4sd_EZrYknwbL5VyRdN8leOd1TaeT_e0kTvXLoqOPE (8 bytes)",
		"app 1.0: app/gone.py is missing (RECORD expects sha256=pTZzLPxtcIwqfPeCf3g32X8k7O-GJYLrnX2idGhhFQ8 (2 bytes))",
		"hostile 1: RECORD path ../../../../outside.txt points outside the environment",
		"norec 1: no RECORD file",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	win := linux311.With("sys_platform", "win32")
	found := false
	for _, p := range CheckRequirements(db, win) {
		if p.Kind == ProblemMissing && p.Dependency == "winonly" {
			found = true
		}
	}
	if !found {
		t.Error("marker true on win32: winonly should be reported missing")
	}
}
