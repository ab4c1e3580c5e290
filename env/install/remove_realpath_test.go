package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpgradeRemovesByRealPath: an upgrade removes the old version's files
// under the same rule as uninstall. A tampered old RECORD that reaches
// another distribution's files through lib64, bin/ through a linked
// folder, or fwenv's own lock leaves them all in place, and the result
// says what was kept and refused.
func TestUpgradeRemovesByRealPath(t *testing.T) {
	tg := fakeTarget(t)
	root := tg.Layout.Root
	sp := tg.Layout.Purelib
	if err := os.Symlink("lib", filepath.Join(root, "lib64")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "bin", "activate"), []byte("# activate\n"), 0o644)
	dir := t.TempDir()
	o := testOptions(t)
	mustInstall(t, tg, o, req(buildWheel(t, dir, wheelSpec{Name: "victim", Version: "1", Files: map[string]string{"victim/__init__.py": "V = 1\n"}})))
	mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("1.0"))))
	if err := os.Symlink("../../../bin", filepath.Join(sp, "binlink")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".fwenv", "lock")); err != nil {
		t.Fatalf("no lock file to attack: %v", err)
	}
	rec := filepath.Join(sp, "demo_pkg-1.0.dist-info", "RECORD")
	f, err := os.OpenFile(rec, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("../../../lib64/python3.11/site-packages/victim/__init__.py,,\n" +
		filepath.Join(root, "lib64/python3.11/site-packages/victim-1.dist-info/RECORD") + ",,\n" +
		"binlink/python,,\nbinlink/activate,,\n../../../.fwenv/lock,,\n")
	f.Close()

	res := mustInstall(t, tg, o, req(buildWheel(t, dir, demoSpec("2.0"))))
	for _, p := range []string{"bin/python", "bin/activate", ".fwenv/lock", "lib/python3.11/site-packages/victim/__init__.py", "lib/python3.11/site-packages/victim-1.dist-info/RECORD"} {
		if _, err := os.Lstat(filepath.Join(root, p)); err != nil {
			t.Errorf("%s removed by the upgrade: %v", p, err)
		}
	}
	if _, err := os.Lstat(filepath.Join(sp, "demo_pkg-1.0.dist-info")); err == nil {
		t.Error("the old version's metadata survived")
	}
	if len(res.Kept) != 2 || len(res.Refused) != 3 {
		t.Errorf("kept %+v\nrefused %+v", res.Kept, res.Refused)
	}
	// The victim still uninstalls completely.
	res, err = Uninstall(tg, []string{"victim"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Kept) != 0 || len(res.Refused) != 0 {
		t.Errorf("victim: kept %+v refused %+v", res.Kept, res.Refused)
	}
	for _, p := range []string{"victim", "victim-1.dist-info"} {
		if _, err := os.Lstat(filepath.Join(sp, p)); err == nil {
			t.Errorf("%s left behind", p)
		}
	}
}

// TestUpgradeThroughLib64KeepsNewFiles: with platlib spelled through the
// lib64 link (as on Fedora), the new version's files are written through
// lib64 while the old RECORD names them under lib: the upgrade must not
// delete what it has just written.
func TestUpgradeThroughLib64KeepsNewFiles(t *testing.T) {
	tg := fakeTarget(t)
	root := tg.Layout.Root
	if err := os.Symlink("lib", filepath.Join(root, "lib64")); err != nil {
		t.Fatal(err)
	}
	info := fakeInfo()
	info.Scheme = map[string]string{"purelib": "lib/python3.11/site-packages", "platlib": "lib64/python3.11/site-packages", "scripts": "bin", "data": "."}
	tg, err := NewTarget(root, info)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o := testOptions(t)
	spec := func(v string) wheelSpec {
		return wheelSpec{Name: "plat", Version: v, Platlib: true, Files: map[string]string{"plat/__init__.py": "V = '" + v + "'\n", "plat/same.py": "S = 1\n"}}
	}
	mustInstall(t, tg, o, req(buildWheel(t, dir, spec("1"))))
	// The old RECORD as another installer may have written it: absolute
	// rows under lib/.
	sp := filepath.Join(root, "lib/python3.11/site-packages")
	rec := filepath.Join(sp, "plat-1.dist-info", "RECORD")
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, row := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		rows = append(rows, filepath.Join(sp, row))
	}
	os.WriteFile(rec, []byte(strings.Join(rows, "\n")+"\n"), 0o644)

	mustInstall(t, tg, o, req(buildWheel(t, dir, spec("2"))))
	for _, f := range []string{"plat/__init__.py", "plat/same.py", "plat-2.dist-info/RECORD"} {
		if _, err := os.Stat(filepath.Join(sp, f)); err != nil {
			t.Errorf("%s missing after the upgrade: %v", f, err)
		}
	}
	if got := readFile(t, filepath.Join(sp, "plat/__init__.py")); got != "V = '2'\n" {
		t.Errorf("__init__.py = %q", got)
	}
}
