package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/standin"
)

// standInTarget is fakeTarget with pip's stand-ins, as a new environment has.
func standInTarget(t *testing.T) *Target {
	tg := fakeTarget(t)
	for _, n := range []string{"pip", "pip3", "pip3.11"} {
		if err := os.WriteFile(filepath.Join(tg.Layout.Scripts, n), standin.Script(), standin.Mode); err != nil {
			t.Fatal(err)
		}
	}
	return tg
}

func pipWheel(t *testing.T, eps string) string {
	return buildWheel(t, t.TempDir(), wheelSpec{Name: "pip", Version: "99.0", Files: map[string]string{"pip/__init__.py": "def main(): pass\n"}, EntryPoints: eps})
}

// launcherOf reports whether bin/name is the launcher fwenv wrote for the
// entry point name.
func launcherOf(t *testing.T, tg *Target, name string) bool {
	data, err := os.ReadFile(filepath.Join(tg.Layout.Scripts, name))
	return err == nil && strings.Contains(string(data), "launcher written by fwenv for "+name+" = pip:main")
}

// TestPipReplacesStandIns: pip's wheel declares pip, pip3 and pip3.9 (the
// Python that built it); installed, its launchers are pip, pip3 and pip3.11
// (the environment's) and replace the stand-ins; uninstalled, the stand-ins
// are back and nothing of pip is left.
func TestPipReplacesStandIns(t *testing.T) {
	tg := standInTarget(t)
	before := snapshot(t, tg.Layout.Root)
	w := pipWheel(t, "[console_scripts]\npip = pip:main\npip3 = pip:main\npip3.9 = pip:main\n")
	mustInstall(t, tg, testOptions(t), req(w))
	for _, n := range []string{"pip", "pip3", "pip3.11"} {
		if !launcherOf(t, tg, n) {
			t.Errorf("bin/%s is not pip's launcher: %q", n, readFile(t, filepath.Join(tg.Layout.Scripts, n)))
		}
	}
	if _, err := os.Lstat(filepath.Join(tg.Layout.Scripts, "pip3.9")); err == nil {
		t.Error("bin/pip3.9 written: the launcher names another Python")
	}
	record := readFile(t, filepath.Join(tg.Layout.Purelib, "pip-99.0.dist-info", "RECORD"))
	if !strings.Contains(record, "../../../bin/pip3.11,") {
		t.Errorf("RECORD does not list bin/pip3.11:\n%s", record)
	}
	if _, err := Uninstall(tg, []string{"pip"}, testOptions(t)); err != nil {
		t.Fatal(err)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("after uninstalling pip, the environment differs from before: %v", d)
	}
}

// TestSyncRemovingPipRestoresStandIns: a removal through Options.Remove
// (sync's) puts the stand-ins back too.
func TestSyncRemovingPipRestoresStandIns(t *testing.T) {
	tg := standInTarget(t)
	before := snapshot(t, tg.Layout.Root)
	mustInstall(t, tg, testOptions(t), req(pipWheel(t, "[console_scripts]\npip = pip:main\n")))
	if !launcherOf(t, tg, "pip3.11") {
		t.Fatal("bin/pip3.11 is not pip's launcher")
	}
	o := testOptions(t)
	o.Remove = []string{"pip"}
	if _, err := Install(tg, nil, o); err != nil {
		t.Fatal(err)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("after removing pip, the environment differs from before: %v", d)
	}
}

// TestStandInsKeepOthers: a name pip's wheel has no launcher for keeps its
// stand-in; at pip's removal a stand-in takes the place of pip's launchers
// only, and the user's own file under a pip name is left alone.
func TestStandInsKeepOthers(t *testing.T) {
	tg := standInTarget(t)
	mustInstall(t, tg, testOptions(t), req(pipWheel(t, "[console_scripts]\npip3 = pip:main\n")))
	bin := tg.Layout.Scripts
	if !launcherOf(t, tg, "pip3") || !standin.IsFile(filepath.Join(bin, "pip")) || !standin.IsFile(filepath.Join(bin, "pip3.11")) {
		t.Fatal("pip3 must be pip's launcher, pip and pip3.11 stand-ins")
	}
	own := "#!/bin/sh\nexec /opt/mypip \"$@\"\n"
	os.WriteFile(filepath.Join(bin, "pip3.11"), []byte(own), 0o755)
	if _, err := Uninstall(tg, []string{"pip"}, testOptions(t)); err != nil {
		t.Fatal(err)
	}
	if !standin.IsFile(filepath.Join(bin, "pip3")) || !standin.IsFile(filepath.Join(bin, "pip")) {
		t.Error("pip3 and pip must be stand-ins again")
	}
	if got := readFile(t, filepath.Join(bin, "pip3.11")); got != own {
		t.Errorf("the user's bin/pip3.11 was replaced: %q", got)
	}
}

// TestNotPipCannotReplaceStandIns: another distribution declaring pip's
// names is refused, as it is when pip is installed.
func TestNotPipCannotReplaceStandIns(t *testing.T) {
	tg := standInTarget(t)
	w := buildWheel(t, t.TempDir(), wheelSpec{Name: "notpip", Version: "1.0", Files: map[string]string{"notpip/__init__.py": ""}, EntryPoints: "[console_scripts]\npip3 = notpip:main\n"})
	_, err := Install(tg, []Request{req(w)}, testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "would replace pip's launcher, and the distribution is not pip") {
		t.Fatalf("err = %v", err)
	}
	if !standin.IsFile(filepath.Join(tg.Layout.Scripts, "pip3")) {
		t.Error("the stand-in was replaced")
	}
}

// TestSetuptoolsLauncherNames: setuptools 41.2.0 (Python 2.7's bundle)
// declares easy_install-3.6; installed for 3.11 its launchers are
// easy_install and easy_install-3.11, as pip writes them.
func TestSetuptoolsLauncherNames(t *testing.T) {
	tg := fakeTarget(t)
	w := buildWheel(t, t.TempDir(), wheelSpec{Name: "setuptools", Version: "41.2.0", Files: map[string]string{"setuptools/__init__.py": ""},
		EntryPoints: "[console_scripts]\neasy_install = setuptools.command.easy_install:main\neasy_install-3.6 = setuptools.command.easy_install:main\n"})
	mustInstall(t, tg, testOptions(t), req(w))
	for name, want := range map[string]bool{"easy_install": true, "easy_install-3.11": true, "easy_install-3.6": false} {
		if _, err := os.Lstat(filepath.Join(tg.Layout.Scripts, name)); (err == nil) != want {
			t.Errorf("bin/%s exists: %v, want %v", name, err == nil, want)
		}
	}
}

// TestStandInsRollBack: an uninstall of pip interrupted after its last step
// (a stand-in put over pip's launcher) and not marked committed is rolled
// back whole by the next run: pip's launchers and files are back.
func TestStandInsRollBack(t *testing.T) {
	tg := standInTarget(t)
	w := pipWheel(t, "[console_scripts]\npip = pip:main\n")
	mustInstall(t, tg, testOptions(t), req(w))
	var ops int
	testHookOp = func(i int) { ops = i + 1 }
	if _, err := Uninstall(tg, []string{"pip"}, testOptions(t)); err != nil {
		t.Fatal(err)
	}
	testHookOp = nil
	mustInstall(t, tg, testOptions(t), req(w))
	installed := snapshot(t, tg.Layout.Root)
	func() {
		defer func() { recover() }()
		testHookOp = func(i int) {
			if i == ops-1 {
				panic("killed")
			}
		}
		defer func() { testHookOp = nil }()
		Uninstall(tg, []string{"pip"}, testOptions(t))
	}()
	if !standin.IsFile(filepath.Join(tg.Layout.Scripts, "pip3.11")) {
		t.Fatal("the interrupted uninstall did not get as far as the stand-ins")
	}
	if _, err := Recover(tg, nil); err != nil {
		t.Fatal(err)
	}
	if d := diffSnap(installed, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("after the rollback the environment differs from pip installed: %v", d)
	}
}
