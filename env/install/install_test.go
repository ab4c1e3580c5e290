package install

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/resolver/source"
)

func demoSpec(version string) wheelSpec {
	return wheelSpec{
		Name: "demo-pkg", Version: version,
		Files: map[string]string{
			"demo/__init__.py": "VERSION = '" + version + "'\n",
			"demo/cli.py":      "def main():\n    print('demo')\n    return 0\n",
			"demo_pkg-" + version + ".data/scripts/demo-tool":     "#!python\nprint('tool')\n",
			"demo_pkg-" + version + ".data/scripts/demo-raw":      "#!/bin/sh\necho raw\n",
			"demo_pkg-" + version + ".data/headers/demo.h":        "int demo;\n",
			"demo_pkg-" + version + ".data/data/share/demo/x.txt": "data\n",
			"demo_pkg-" + version + ".data/purelib/demo_extra.py": "X = 1\n",
		},
		EntryPoints: "[console_scripts]\ndemo = demo.cli:main\n[gui_scripts]\ndemo-gui = demo.cli:main\n[typeA]\nplug = demo.cli\n",
	}
}

func TestInstallSchemesAndMetadata(t *testing.T) {
	tg := fakeTarget(t)
	whl := buildWheel(t, t.TempDir(), demoSpec("1.0"))
	var events []EventKind
	o := testOptions(t)
	o.Progress = func(e Event) { events = append(events, e.Kind) }
	res := mustInstall(t, tg, o, req(whl))
	if len(res.Installed) != 1 || res.Installed[0].Name != "demo-pkg" || res.Installed[0].Version != "1.0" {
		t.Fatalf("installed %+v", res.Installed)
	}
	l := tg.Layout
	sp := l.Purelib
	want := map[string]string{
		filepath.Join(sp, "demo/__init__.py"):                            "VERSION = '1.0'\n",
		filepath.Join(sp, "demo_extra.py"):                               "X = 1\n",
		filepath.Join(l.Scripts, "demo-raw"):                             "#!/bin/sh\necho raw\n",
		filepath.Join(l.Scripts, "demo-tool"):                            "#!" + tg.Python + "\nprint('tool')\n",
		filepath.Join(l.Root, "include/site/python3.11/demo-pkg/demo.h"): "int demo;\n",
		filepath.Join(l.Root, "share/demo/x.txt"):                        "data\n",
		filepath.Join(sp, "demo_pkg-1.0.dist-info/INSTALLER"):            "fwenv\n",
		filepath.Join(sp, "demo_pkg-1.0.dist-info/REQUESTED"):            "",
	}
	for p, c := range want {
		if got := readFile(t, p); got != c {
			t.Errorf("%s = %q, want %q", p, got, c)
		}
	}
	for _, s := range []string{"demo", "demo-gui", "demo-tool", "demo-raw"} {
		fi, err := os.Stat(filepath.Join(l.Scripts, s))
		if err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("%s: %v %v, want mode 0755", s, fi, err)
		}
	}
	launcher := readFile(t, filepath.Join(l.Scripts, "demo"))
	if !strings.HasPrefix(launcher, "#!"+tg.Python+"\n") || !strings.Contains(launcher, "from demo.cli import main\n") || !strings.Contains(launcher, "sys.exit(main())") {
		t.Errorf("launcher:\n%s", launcher)
	}
	du := readFile(t, filepath.Join(sp, "demo_pkg-1.0.dist-info/direct_url.json"))
	sha, _ := source.FileSHA256(whl)
	wantDU := `{"archive_info": {"hash": "sha256=` + sha + `", "hashes": {"sha256": "` + sha + `"}}, "url": "file://` + whl + `"}`
	if du != wantDU {
		t.Errorf("direct_url.json = %s\nwant %s", du, wantDU)
	}
	// RECORD: every installed file, relative to site-packages, hashed.
	entries, err := record.Parse([]byte(readFile(t, filepath.Join(sp, "demo_pkg-1.0.dist-info/RECORD"))))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]record.Entry{}
	for _, e := range entries {
		rows[e.Path] = e
	}
	for _, p := range []string{"../../../bin/demo", "../../../bin/demo-gui", "../../../bin/demo-tool", "../../../include/site/python3.11/demo-pkg/demo.h",
		"../../../share/demo/x.txt", "demo/__init__.py", "demo_pkg-1.0.dist-info/INSTALLER", "demo_pkg-1.0.dist-info/direct_url.json",
		"demo_pkg-1.0.dist-info/REQUESTED", "demo_pkg-1.0.dist-info/METADATA", "demo_pkg-1.0.dist-info/RECORD"} {
		if _, ok := rows[p]; !ok {
			t.Errorf("RECORD lacks %s", p)
		}
	}
	for _, e := range entries {
		abs := filepath.Join(sp, filepath.FromSlash(e.Path))
		data, err := os.ReadFile(abs)
		if err != nil {
			t.Errorf("RECORD lists %s: %v", e.Path, err)
			continue
		}
		if strings.HasSuffix(e.Path, "/RECORD") {
			if !e.Hash.IsZero() {
				t.Errorf("RECORD row of RECORD has a hash")
			}
			continue
		}
		if !e.Hash.Equal(record.Sum(data)) || e.Size != int64(len(data)) {
			t.Errorf("RECORD row %s does not match the file", e.Path)
		}
	}
	if len(entries) != 16 {
		t.Errorf("RECORD has %d rows, want 16", len(entries))
	}
	if _, err := os.Stat(filepath.Join(l.Root, ".fwenv/txn")); err == nil {
		if ents, _ := os.ReadDir(filepath.Join(l.Root, ".fwenv/txn")); len(ents) > 0 {
			t.Errorf("transaction folder left: %v", ents)
		}
	}
	if len(events) == 0 || events[len(events)-1] != EventDone {
		t.Errorf("events %v", events)
	}
}

func TestNotRequestedNoDirectURL(t *testing.T) {
	tg := fakeTarget(t)
	whl := buildWheel(t, t.TempDir(), demoSpec("1.0"))
	mustInstall(t, tg, testOptions(t), Request{Path: whl})
	di := filepath.Join(tg.Layout.Purelib, "demo_pkg-1.0.dist-info")
	for _, n := range []string{"REQUESTED", "direct_url.json"} {
		if _, err := os.Stat(filepath.Join(di, n)); err == nil {
			t.Errorf("%s written for a dependency install", n)
		}
	}
}

func TestPlatlibRoot(t *testing.T) {
	info := fakeInfo()
	info.Scheme["platlib"] = "lib64/python3.11/site-packages"
	dir := filepath.Join(t.TempDir(), "env")
	os.MkdirAll(dir, 0o755)
	tg, _ := NewTarget(dir, info)
	s := wheelSpec{Name: "native", Version: "2", Platlib: true, Tag: "cp311-cp311-manylinux_2_17_x86_64",
		Files: map[string]string{"native/_x.so": "ELF", "native-2.data/purelib/pure.py": "P = 1\n"}}
	mustInstall(t, tg, testOptions(t), req(buildWheel(t, t.TempDir(), s)))
	readFile(t, filepath.Join(dir, "lib64/python3.11/site-packages/native/_x.so"))
	readFile(t, filepath.Join(dir, "lib64/python3.11/site-packages/native-2.dist-info/RECORD"))
	rec := readFile(t, filepath.Join(dir, "lib64/python3.11/site-packages/native-2.dist-info/RECORD"))
	if !strings.Contains(rec, "../../../lib/python3.11/site-packages/pure.py,") {
		t.Errorf("RECORD:\n%s", rec)
	}
}

func TestIncompatibleTags(t *testing.T) {
	tg := fakeTarget(t)
	s := wheelSpec{Name: "old", Version: "1", Tag: "cp27-cp27mu-manylinux1_x86_64", Platlib: true, Files: map[string]string{"old.py": ""}}
	whl := buildWheel(t, t.TempDir(), s)
	before := snapshot(t, tg.Layout.Root)
	_, err := Install(tg, []Request{req(whl)}, testOptions(t))
	if err == nil {
		t.Fatal("installed an incompatible wheel")
	}
	msg := err.Error()
	for _, w := range []string{filepath.Base(whl), "cp27-cp27mu-manylinux1_x86_64", "cp311-cp311-manylinux_2_36_x86_64", "hint:"} {
		if !strings.Contains(msg, w) {
			t.Errorf("message lacks %q:\n%s", w, msg)
		}
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("environment changed: %v", d)
	}
}

func TestReinstallRemovesOldFiles(t *testing.T) {
	tg := fakeTarget(t)
	dir := t.TempDir()
	v1 := demoSpec("1.0")
	v1.Files["demo/old_only.py"] = "gone = True\n"
	v1.EntryPoints += "[console_scripts]\n"
	v1.EntryPoints = "[console_scripts]\ndemo = demo.cli:main\nold-cmd = demo.cli:main\n"
	o := testOptions(t)
	mustInstall(t, tg, o, req(buildWheel(t, dir, v1)))
	sp := tg.Layout.Purelib
	os.MkdirAll(filepath.Join(sp, "demo/__pycache__"), 0o755)
	os.WriteFile(filepath.Join(sp, "demo/__pycache__/old_only.cpython-311.pyc"), []byte("pyc"), 0o644)
	readFile(t, filepath.Join(tg.Layout.Scripts, "old-cmd"))
	res := mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("2.0"))))
	if res.Installed[0].OldVersion != "1.0" {
		t.Errorf("old version %q", res.Installed[0].OldVersion)
	}
	for _, p := range []string{"demo/old_only.py", "demo/__pycache__/old_only.cpython-311.pyc", "demo_pkg-1.0.dist-info", "../../../bin/old-cmd"} {
		if _, err := os.Lstat(filepath.Join(sp, p)); err == nil {
			t.Errorf("%s survived the upgrade", p)
		}
	}
	if got := readFile(t, filepath.Join(sp, "demo/__init__.py")); got != "VERSION = '2.0'\n" {
		t.Errorf("__init__ = %q", got)
	}
	readFile(t, filepath.Join(sp, "demo_pkg-2.0.dist-info/RECORD"))
	// same version again: skipped unless Reinstall
	res = mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("2.0"))))
	if len(res.Skipped) != 1 || len(res.Installed) != 0 {
		t.Errorf("same version: %+v", res)
	}
	os.Remove(filepath.Join(sp, "demo/cli.py"))
	o.Reinstall = true
	res = mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("2.0"))))
	if len(res.Installed) != 1 {
		t.Errorf("reinstall: %+v", res)
	}
	readFile(t, filepath.Join(sp, "demo/cli.py"))
}

func pluginSpec(n string, initContent string) wheelSpec {
	return wheelSpec{
		Name: "framework.typeA." + n, Version: "0.0.1",
		Files: map[string]string{
			"framework/__init__.py":                 initContent,
			"framework/typeA/__init__.py":           initContent,
			"framework/typeA/" + n + "/__init__.py": "def run():\n    print('" + n + " ran')\n",
		},
		EntryPoints: "[typeA]\n" + n + " = framework.typeA." + n + ":run\n",
	}
}

const nsInit = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"

func TestSharedFiles(t *testing.T) {
	tg := fakeTarget(t)
	dir := t.TempDir()
	o := testOptions(t)
	res := mustInstall(t, tg, o, req(buildWheel(t, dir, pluginSpec("plugin1", nsInit))), req(buildWheel(t, dir, pluginSpec("plugin2", nsInit))))
	if len(res.Warnings) != 0 {
		t.Errorf("identical shared files warned: %v", res.Warnings)
	}
	res = mustInstall(t, tg, o, req(buildWheel(t, dir, pluginSpec("plugin3", "# different\n"))))
	if len(res.Warnings) != 2 || !strings.Contains(res.Warnings[0], "framework.typeA.plugin3") || !strings.Contains(res.Warnings[0], "framework.typeA.plugin1") {
		t.Errorf("warnings %q", res.Warnings)
	}
	if _, err := Uninstall(tg, []string{"framework.typeA.plugin1", "framework-typea-plugin3"}, o); err != nil {
		t.Fatal(err)
	}
	sp := tg.Layout.Purelib
	readFile(t, filepath.Join(sp, "framework/__init__.py"))
	readFile(t, filepath.Join(sp, "framework/typeA/plugin2/__init__.py"))
	for _, p := range []string{"framework/typeA/plugin1", "framework/typeA/plugin3", "framework.typeA.plugin1-0.0.1.dist-info", "framework_typeA_plugin1-0.0.1.dist-info"} {
		if _, err := os.Lstat(filepath.Join(sp, p)); err == nil {
			t.Errorf("%s survived the uninstall", p)
		}
	}
	if _, err := Uninstall(tg, []string{"framework.typeA.plugin2"}, o); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(sp); len(ents) != 0 {
		t.Errorf("site-packages not empty after uninstalling everything: %v", ents)
	}
	if _, err := Uninstall(tg, []string{"nothing-here"}, o); err == nil || !strings.Contains(err.Error(), "hint:") {
		t.Errorf("uninstall of a missing dist: %v", err)
	}
}

func TestHostileWheelsRefused(t *testing.T) {
	cases := []struct {
		name string
		spec wheelSpec
		want string
	}{
		{"python console script", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": "def main(): pass\n"}, EntryPoints: "[console_scripts]\npython = evil:main\n"}, "python"},
		{"python3.11 gui script", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": ""}, EntryPoints: "[gui_scripts]\npython3.11 = evil:main\n"}, "python3.11"},
		{"dotdot script name", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": ""}, EntryPoints: "[console_scripts]\n../../evil = evil:main\n"}, "evil"},
		{"activate script", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": ""}, EntryPoints: "[console_scripts]\nactivate = evil:main\n"}, "activate"},
		{"pip from another dist", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": ""}, EntryPoints: "[console_scripts]\npip3 = evil:main\n"}, "pip3"},
		{"data script python3", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/scripts/python3": "#!python\n"}}, "python3"},
		{"data/data into bin", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/data/bin/python": "x"}}, "python"},
		{"data/data pyvenv.cfg", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/data/pyvenv.cfg": "home = /evil"}}, "pyvenv.cfg"},
		{"data/data state folder", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/data/.fwenv/lock": "x"}}, ".fwenv"},
		{"module-only script", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": ""}, EntryPoints: "[console_scripts]\nevil = evil\n"}, "function"},
		{"record mismatch", wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil.py": "x = 1\n"}, BadRecord: "evil.py"}, "evil.py"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := fakeTarget(t)
			before := snapshot(t, tg.Layout.Root)
			whl := buildWheel(t, t.TempDir(), c.spec)
			_, err := Install(tg, []Request{req(whl)}, testOptions(t))
			if err == nil {
				t.Fatal("installed")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Base(whl)) {
				t.Errorf("error lacks %q or the wheel name:\n%v", c.want, err)
			}
			if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
				t.Errorf("environment changed: %v", d)
			}
		})
	}
	t.Run("pip may install pip", func(t *testing.T) {
		tg := fakeTarget(t)
		s := wheelSpec{Name: "pip", Version: "23", Files: map[string]string{"pip/__init__.py": "def main(): pass\n"}, EntryPoints: "[console_scripts]\npip = pip:main\npip3 = pip:main\n"}
		mustInstall(t, tg, testOptions(t), req(buildWheel(t, t.TempDir(), s)))
		readFile(t, filepath.Join(tg.Layout.Scripts, "pip3"))
	})
}

func TestBatchFailureLeavesEnvironmentUnchanged(t *testing.T) {
	tg := fakeTarget(t)
	dir := t.TempDir()
	o := testOptions(t)
	mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("1.0"))))
	before := snapshot(t, tg.Layout.Root)
	good := buildWheel(t, dir, demoSpec("2.0"))
	other := buildWheel(t, dir, pluginSpec("plugin1", nsInit))
	bad := buildWheel(t, dir, wheelSpec{Name: "broken", Version: "1", Files: map[string]string{"broken.py": "x = 1\n", "broken2.py": "y\n"}, BadRecord: "broken2.py"})
	_, err := Install(tg, []Request{req(good), req(other), req(bad)}, o)
	if err == nil || !strings.Contains(err.Error(), "broken2.py") {
		t.Fatalf("error %v", err)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("environment changed: %v", d)
	}
	if ents, _ := os.ReadDir(filepath.Join(tg.Layout.Root, ".fwenv/txn")); len(ents) > 0 {
		t.Errorf("transaction left: %v", ents)
	}
	// the bad wheel never reached the cache
	sha, _ := source.FileSHA256(bad)
	if o.Cache.Lookup(sha) != nil {
		t.Error("a wheel with a bad RECORD hash was cached")
	}
}

func TestCommitFailureRollsBack(t *testing.T) {
	tg := fakeTarget(t)
	dir := t.TempDir()
	o := testOptions(t)
	mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("1.0"))))
	before := snapshot(t, tg.Layout.Root)
	testHookOp = func(i int) {
		if i == 5 {
			panic("boom")
		}
	}
	func() {
		defer func() { recover() }()
		Install(tg, []Request{req(buildWheel(t, dir, demoSpec("2.0")))}, o)
	}()
	testHookOp = nil
	// the panicking process left a journal: Recover rolls it back.
	msgs, err := Recover(tg, nil)
	if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0], "rolled back") {
		t.Fatalf("recover: %v %v", msgs, err)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("environment changed: %v", d)
	}
}

func TestCacheHitAndLinkModes(t *testing.T) {
	dir := t.TempDir()
	whl := buildWheel(t, dir, demoSpec("1.0"))
	o := testOptions(t)
	var unpacked atomic.Int64
	cache.TestHookUnpacked = func(string) { unpacked.Add(1) }
	defer func() { cache.TestHookUnpacked = nil }()
	tg1 := fakeTarget(t)
	res := mustInstall(t, tg1, o, req(whl))
	if unpacked.Load() == 0 || res.Installed[0].CacheHit {
		t.Fatalf("first install: unpacked %d, %+v", unpacked.Load(), res.Installed)
	}
	sha, _ := source.FileSHA256(whl)
	e := o.Cache.Lookup(sha)
	cached := e.Path("demo/__init__.py")
	fi, err := os.Stat(cached)
	if err != nil || fi.Mode().Perm() != 0o444 {
		t.Fatalf("cached file mode %v %v, want 0444", fi, err)
	}
	for _, mode := range []cache.LinkMode{cache.Auto, cache.Hardlink, cache.Copy} {
		t.Run(string(mode), func(t *testing.T) {
			unpacked.Store(0)
			tg := fakeTarget(t)
			oo := *o
			oo.LinkMode = mode
			res := mustInstall(t, tg, &oo, req(whl))
			if unpacked.Load() != 0 || !res.Installed[0].CacheHit {
				t.Errorf("cache hit re-unpacked %d files", unpacked.Load())
			}
			inst := filepath.Join(tg.Layout.Purelib, "demo/__init__.py")
			same := sameInode(t, cached, inst)
			fi, _ := os.Stat(inst)
			switch {
			case mode == cache.Copy && (same || fi.Mode().Perm() != 0o644):
				t.Errorf("copy: shared inode %v, mode %v", same, fi.Mode())
			case mode != cache.Copy && (!same || fi.Mode().Perm() != 0o444):
				// auto on ext4 (no reflinks) settles on hard links
				t.Errorf("%s: shared inode %v, mode %v (used %s)", mode, same, fi.Mode(), res.LinkMode)
			}
		})
	}
	t.Run("clone", func(t *testing.T) {
		tg := fakeTarget(t)
		oo := *o
		oo.LinkMode = cache.Clone
		before := snapshot(t, tg.Layout.Root)
		_, err := Install(tg, []Request{req(whl)}, &oo)
		if err == nil {
			// the file system supports reflinks: a private, writable copy
			inst := filepath.Join(tg.Layout.Purelib, "demo/__init__.py")
			if sameInode(t, cached, inst) {
				t.Error("clone shares the inode")
			}
			return
		}
		if !strings.Contains(err.Error(), "hint:") {
			t.Errorf("clone failure without a hint: %v", err)
		}
		if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
			t.Errorf("environment changed: %v", d)
		}
	})
	if _, err := cache.ParseLinkMode("symlink"); err == nil {
		t.Error("symlink link mode accepted")
	}
}

func sameInode(t testing.TB, a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return fa.Sys().(*syscall.Stat_t).Ino == fb.Sys().(*syscall.Stat_t).Ino
}

func TestNoSharedCache(t *testing.T) {
	tg := fakeTarget(t)
	whl := buildWheel(t, t.TempDir(), demoSpec("1.0"))
	res, err := Install(tg, []Request{req(whl)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.LinkMode == "" {
		t.Error("no link mode reported")
	}
	readFile(t, filepath.Join(tg.Layout.Purelib, "demo/cli.py"))
	if ents, _ := os.ReadDir(filepath.Join(tg.Layout.Root, ".fwenv/txn")); len(ents) > 0 {
		t.Errorf("private cache left behind: %v", ents)
	}
}

func TestWheelErrorHintKept(t *testing.T) {
	tg := fakeTarget(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "bad-1.0-py3-none-any.whl")
	os.WriteFile(p, []byte("not a zip"), 0o644)
	_, err := Install(tg, []Request{req(p)}, nil)
	var ie *Error
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "bad-1.0-py3-none-any.whl") || strings.Count(err.Error(), "hint:") != 1 {
		t.Errorf("error %v", err)
	}
}

func TestErrorsHaveHints(t *testing.T) {
	tg := fakeTarget(t)
	_, err := Install(tg, []Request{req(filepath.Join(t.TempDir(), "missing-1.0-py3-none-any.whl"))}, nil)
	var ie *Error
	if !errors.As(err, &ie) || ie.Hint() == "" || !strings.Contains(err.Error(), "missing-1.0-py3-none-any.whl") {
		t.Errorf("error %v", err)
	}
}

// Wheels the cache holds are staged while the others are still being
// checked; a later failure must still leave the environment and the cache's
// entries as they were, and no transaction behind.
func TestBatchFailureAfterEarlyStaging(t *testing.T) {
	dir := t.TempDir()
	o := testOptions(t)
	good := buildWheel(t, dir, demoSpec("2.0"))
	other := buildWheel(t, dir, pluginSpec("plugin1", nsInit))
	mustInstall(t, fakeTarget(t), o, req(good), req(other)) // both cached now
	incompatible := buildWheel(t, dir, wheelSpec{Name: "native", Version: "1", Tag: "cp27-cp27m-win32", Files: map[string]string{"native.py": "x\n"}})
	badRecord := buildWheel(t, dir, wheelSpec{Name: "broken", Version: "1", Files: map[string]string{"broken.py": "x = 1\n", "broken2.py": "y\n"}, BadRecord: "broken2.py"})
	for _, bad := range []string{incompatible, badRecord} {
		tg := fakeTarget(t)
		mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("1.0"))))
		before := snapshot(t, tg.Layout.Root)
		// The entries must be the same (their use stamps, NAME.used, may
		// be refreshed).
		entries := func() []string {
			names, _ := filepath.Glob(filepath.Join(o.Cache.Dir, "wheels", "*", "*"))
			var out []string
			for _, n := range names {
				if !strings.HasSuffix(n, ".used") {
					out = append(out, n)
				}
			}
			return out
		}
		cachedBefore := entries()
		res, err := Install(tg, []Request{req(good), req(other), req(bad)}, o)
		if err == nil {
			t.Fatalf("%s: installed: %+v", filepath.Base(bad), res)
		}
		if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
			t.Errorf("%s: environment changed: %v", filepath.Base(bad), d)
		}
		if ents, _ := os.ReadDir(filepath.Join(tg.Layout.Root, ".fwenv/txn")); len(ents) > 0 {
			t.Errorf("%s: transaction left: %v", filepath.Base(bad), ents)
		}
		if got := entries(); strings.Join(got, ",") != strings.Join(cachedBefore, ",") {
			t.Errorf("%s: cache entries %v, before %v", filepath.Base(bad), got, cachedBefore)
		}
	}
}

// Options.Remove uninstalls in the same transaction as the installs: a
// failure leaves both undone, and files the new distributions share stay.
func TestInstallAndRemoveTogether(t *testing.T) {
	dir := t.TempDir()
	o := testOptions(t)
	p1 := buildWheel(t, dir, pluginSpec("plugin1", nsInit))
	p2 := buildWheel(t, dir, pluginSpec("plugin2", nsInit))
	tg := fakeTarget(t)
	mustInstall(t, tg, o, req(p1))
	sp := tg.Layout.Purelib

	// A refused batch: plugin1 stays, nothing of plugin2 arrives.
	before := snapshot(t, tg.Layout.Root)
	bad := buildWheel(t, dir, wheelSpec{Name: "broken", Version: "1", Files: map[string]string{"broken.py": "x\n"}, BadRecord: "broken.py"})
	ro := *o
	ro.Remove = []string{"framework.typeA.plugin1"}
	if _, err := Install(tg, []Request{req(p2), req(bad)}, &ro); err == nil {
		t.Fatal("a batch with a bad wheel was installed")
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("environment changed by a refused install+remove: %v", d)
	}

	// Swap plugin1 for plugin2 in one go: the shared namespace files stay.
	res, err := Install(tg, []Request{req(p2)}, &ro)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Removed) != 1 || res.Removed[0].Name != "framework.typeA.plugin1" || len(res.Installed) != 1 {
		t.Errorf("result: removed %+v, installed %+v", res.Removed, res.Installed)
	}
	readFile(t, filepath.Join(sp, "framework/__init__.py"))
	readFile(t, filepath.Join(sp, "framework/typeA/plugin2/__init__.py"))
	if _, err := os.Lstat(filepath.Join(sp, "framework/typeA/plugin1")); err == nil {
		t.Error("plugin1's files survived")
	}

	// Removing only, and the errors.
	ro.Remove = []string{"framework.typeA.plugin2"}
	if _, err := Install(tg, nil, &ro); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(sp); len(ents) != 0 {
		t.Errorf("site-packages not empty: %v", ents)
	}
	ro.Remove = []string{"nothing-here"}
	if _, err := Install(tg, []Request{req(p1)}, &ro); err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Errorf("removing a missing distribution: %v", err)
	}
	if ents, _ := os.ReadDir(sp); len(ents) != 0 {
		t.Errorf("a refused command installed something: %v", ents)
	}
	mustInstall(t, tg, o, req(p1))
	ro.Remove = []string{"framework-typea-plugin1"}
	for _, reinstall := range []bool{true, false} { // false: the request would be skipped as installed
		if _, err := Install(tg, []Request{req(p1)}, &Options{Cache: o.Cache, Reinstall: reinstall, Remove: ro.Remove}); err == nil || !strings.Contains(err.Error(), "both installed and removed") {
			t.Errorf("installing (reinstall %v) and removing one distribution: %v", reinstall, err)
		}
		readFile(t, filepath.Join(sp, "framework/typeA/plugin1/__init__.py"))
	}
}
