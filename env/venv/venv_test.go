package venv

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/fwenv/fwenv/env/python"
)

func fakeInfo(exe string) *python.Info {
	return &python.Info{
		Path: exe, VersionInfo: []int{3, 11, 7}, Implementation: "cpython", Is64: true,
		SchemeName: "venv",
		Scheme:     map[string]string{"purelib": "lib/python3.11/site-packages", "platlib": "lib/python3.11/site-packages", "scripts": "bin"},
		Markers:    map[string]string{"sys_platform": "linux"},
	}
}

func find(es []Entry, p string) *Entry {
	for i := range es {
		if es[i].Path == p {
			return &es[i]
		}
	}
	return nil
}

func TestLayout(t *testing.T) {
	es, err := Layout(Spec{Dir: "/w/my env", Interp: fakeInfo("/opt/py/bin/python3.11"), Prompt: "plugins", Command: "fwenv create x", FwenvVersion: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := find(es, "pyvenv.cfg")
	want := "home = /opt/py/bin\ninclude-system-site-packages = false\nversion = 3.11.7\nexecutable = /opt/py/bin/python3.11\ncommand = fwenv create x\nprompt = plugins\nfwenv = 1.2.3\n"
	if cfg == nil || string(cfg.Data) != want {
		t.Fatalf("pyvenv.cfg:\n%s", cfg.Data)
	}
	for p, target := range map[string]string{"bin/python": "/opt/py/bin/python3.11", "bin/python3": "python", "bin/python3.11": "python", "lib64": "lib"} {
		e := find(es, p)
		if e == nil || e.Kind != Symlink || e.Target != target {
			t.Errorf("%s: %+v, want a link to %s", p, e, target)
		}
	}
	for _, d := range []string{"bin", "include", "lib", "lib/python3.11", "lib/python3.11/site-packages"} {
		if e := find(es, d); e == nil || e.Kind != Dir {
			t.Errorf("missing folder %s", d)
		}
	}
	act := find(es, "bin/activate")
	if act == nil || !strings.Contains(string(act.Data), "/w/my env") {
		t.Fatalf("activate does not name the final folder")
	}
	for _, n := range []string{"activate.fish", "activate.csh", "Activate.ps1", "activate.nu"} {
		if find(es, "bin/"+n) == nil {
			t.Errorf("missing %s", n)
		}
	}
	if g := find(es, ".gitignore"); g == nil || !strings.Contains(string(g.Data), "\n*\n") {
		t.Errorf(".gitignore must ignore everything")
	}
}

func TestLayoutVariants(t *testing.T) {
	in := fakeInfo("/opt/py/bin/python3.11")
	in.Markers["sys_platform"] = "darwin"
	es, _ := Layout(Spec{Dir: "/w/e", Interp: in, Copies: true, SystemSite: true})
	if find(es, "lib64") != nil {
		t.Error("no lib64 link on macOS")
	}
	if e := find(es, "bin/python"); e.Kind != CopyFile || e.Target != in.Path {
		t.Errorf("--copies: %+v", e)
	}
	if !strings.Contains(string(find(es, "pyvenv.cfg").Data), "include-system-site-packages = true\n") {
		t.Error("--system-site-packages not recorded")
	}
	old := fakeInfo("/p/python3.5")
	old.VersionInfo = []int{3, 5, 10}
	if _, err := Layout(Spec{Dir: "/w/e", Interp: old}); err == nil {
		t.Error("Python 3.5 accepted")
	}
}

// linkFs is an in-memory filesystem that records symlinks.
type linkFs struct {
	afero.Afero
	links map[string]string
}

func (l *linkFs) Symlink(old, new string) error { l.links[new] = old; return nil }

// noLinkFs cannot make links.
type noLinkFs struct{ afero.Afero }

func (noLinkFs) Symlink(old, new string) error { return errors.New("cannot make symbolic links here") }

func TestApplyInMemory(t *testing.T) {
	fs := &linkFs{Afero: afero.Afero{Fs: afero.NewMemMapFs()}, links: map[string]string{}}
	es, err := Layout(Spec{Dir: "/env", Interp: fakeInfo("/opt/py/bin/python3.11"), Prompt: "env"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Apply(fs, "/stage", es); err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile("/stage/pyvenv.cfg")
	if err != nil || ParseCfg(data).Get("home") != "/opt/py/bin" {
		t.Fatalf("pyvenv.cfg: %v %s", err, data)
	}
	st, err := fs.Stat("/stage/bin/activate")
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("activate: %v %v", err, st)
	}
	if fs.links["/stage/bin/python"] != "/opt/py/bin/python3.11" {
		t.Fatalf("links: %v", fs.links)
	}
	if ok, _ := fs.DirExists("/stage/lib/python3.11/site-packages"); !ok {
		t.Fatal("no site-packages")
	}
	if err := Apply(noLinkFs{afero.Afero{Fs: afero.NewMemMapFs()}}, "/s2", es); err == nil || !strings.Contains(err.Error(), "cannot make symbolic links") {
		t.Fatalf("a filesystem without links must be refused: %v", err)
	}
}

func TestParseCfg(t *testing.T) {
	c := ParseCfg([]byte("home = /usr/bin\nInclude-System-Site-Packages=false\n# comment\nnot a pair\nprompt = 'x = y'\n"))
	if c.Get("home") != "/usr/bin" || c.Get("include-system-site-packages") != "false" || c.Get("prompt") != "'x = y'" {
		t.Fatalf("%+v", c.Values)
	}
	e := &Env{Dir: "/a/venv", Cfg: c}
	if e.Prompt() != "x = y" {
		t.Fatalf("prompt %q", e.Prompt())
	}
}

func listDir(t *testing.T, dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCreateFailureLeavesNothing(t *testing.T) {
	root := t.TempDir()
	in := fakeInfo(filepath.Join(root, "no-such-python"))
	// --copies of a missing executable fails half way through the layout.
	_, err := Create(CreateOptions{Spec: Spec{Dir: filepath.Join(root, "a", "b", "venv"), Interp: in, Copies: true}})
	if err == nil {
		t.Fatal("create succeeded")
	}
	if h, ok := err.(interface{ Hint() string }); !ok || h.Hint() == "" {
		t.Errorf("error without hint: %v", err)
	}
	if names := listDir(t, root); len(names) != 0 {
		t.Fatalf("left behind: %v", names)
	}
}

func TestCreateClearSwapsAndKeepsOnFailure(t *testing.T) {
	root := t.TempDir()
	exe := filepath.Join(root, "python3.11")
	os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755)
	dir := filepath.Join(root, "venv")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: fakeInfo(exe)}}); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(dir, "lib", "python3.11", "site-packages", "marker")
	os.WriteFile(marker, nil, 0o644)

	// A failing --clear keeps the old environment whole.
	bad := fakeInfo(filepath.Join(root, "missing"))
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: bad, Copies: true}, Clear: true}); err == nil {
		t.Fatal("create succeeded")
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("the old environment was damaged by a failed --clear")
	}
	// A working --clear replaces it.
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: fakeInfo(exe)}, Clear: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("--clear kept the old contents")
	}
	names := listDir(t, root)
	if len(names) != 2 {
		t.Fatalf("left behind: %v", names)
	}
}

func TestParseCfgLines(t *testing.T) {
	c := ParseCfg([]byte("home = /usr/bin\r\nversion = 3.11.7\nprompt = " + strings.Repeat("x", 70000) + "\nlast=1"))
	if c.Get("home") != "/usr/bin" || c.Get("version") != "3.11.7" || len(c.Get("prompt")) != 70000 || c.Get("last") != "1" {
		t.Fatalf("%q %q %d %q", c.Get("home"), c.Get("version"), len(c.Get("prompt")), c.Get("last"))
	}
}

// The scripts folder comes from the interpreter's venv scheme: a nested one
// gets its parents, one outside the environment is refused.
func TestLayoutScriptsScheme(t *testing.T) {
	in := fakeInfo("/opt/py/bin/python3.11")
	in.Scheme["scripts"] = "local/bin"
	es, err := Layout(Spec{Dir: "/env", Interp: in})
	if err != nil {
		t.Fatal(err)
	}
	local, bin := -1, -1
	for i, e := range es {
		switch e.Path {
		case "local":
			local = i
		case "local/bin":
			bin = i
		}
	}
	if local < 0 || bin < local || find(es, "local/bin/activate") == nil {
		t.Fatalf("nested scripts folder: local at %d, local/bin at %d", local, bin)
	}
	for _, bad := range []string{"/tmp/elsewhere", "../bin", "bin/../../x", "."} {
		in.Scheme["scripts"] = bad
		if _, err := Layout(Spec{Dir: "/env", Interp: in}); err == nil || !strings.Contains(err.Error(), "not a folder inside the environment") {
			t.Errorf("scripts %q: %v", bad, err)
		}
	}
}
