package site

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLandmarkFile(t *testing.T) {
	own := []string{"lib/python2.7/os.py", "lib/python2.7/os.pyc", "lib/python2.7/site.py", "lib/python2.7/site.pyc",
		"lib/python2.7/orig-prefix.txt", "lib/python2.7/no-global-site-packages.txt", "lib/python2.7/lib-dynload", "lib/python2.7/lib-dynload/_ssl.so",
		"include/python2.7", "include/python2.7/Python.h", "lib64/python2.7/os.py"}
	for _, rel := range own {
		if LandmarkFile(rel) == "" {
			t.Errorf("%s not protected", rel)
		}
	}
	for _, rel := range []string{"lib/python2.7/site-packages/os.py", "lib/python3.11/os.py", "lib/python2.7/site-packages/site.py",
		"include/site/python2.7/pkg/x.h", "bin/tool", "lib/python2.7"} {
		if why := LandmarkFile(rel); why != "" {
			t.Errorf("%s protected: %s", rel, why)
		}
	}
}

// Uninstalling a distribution whose RECORD lists the files of a Python 2
// layout removes its own files and keeps those, in any case (../OS.py is
// os.py on a case-insensitive file system).
func TestPlanRemoveKeepsLandmarkLayout(t *testing.T) {
	root := t.TempDir()
	lib := filepath.Join(root, "lib", "python2.7")
	sp := filepath.Join(lib, "site-packages")
	l := Layout{Root: root, Purelib: sp, Platlib: sp, Scripts: filepath.Join(root, "bin"), Data: root,
		Headers: filepath.Join(root, "include", "site", "python2.7")}
	os.MkdirAll(sp, 0o755)
	os.MkdirAll(l.Scripts, 0o755)
	writeFile(t, filepath.Join(root, "pyvenv.cfg"), "home = /usr/bin\n")
	writeFile(t, filepath.Join(l.Scripts, "python"), "#!/bin/sh\n")
	writeFile(t, filepath.Join(l.Scripts, "python2.7"), "#!/bin/sh\n")
	for _, f := range []string{"os.py", "site.py", "orig-prefix.txt", "OS.py", "Site.py"} {
		writeFile(t, filepath.Join(lib, f), "landmark\n")
	}
	fakeDist{Name: "hostile", Version: "1",
		Files:     map[string]string{"hostile.py": "x\n"},
		ExtraRows: []string{"../os.py,,", "../site.py,,", "../orig-prefix.txt,,", "../../../bin/python2.7,,", "../OS.py,,", "../Site.py,,"},
	}.install(t, l)
	db := mustOpen(t, l)
	plan, err := PlanRemove(db, []string{"hostile"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Refused) != 6 {
		t.Errorf("refused = %+v", plan.Refused)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(lib, "os.py"), filepath.Join(lib, "site.py"), filepath.Join(lib, "orig-prefix.txt"), filepath.Join(l.Scripts, "python2.7")} {
		if !exists(f) {
			t.Errorf("%s was removed", f)
		}
	}
	if exists(filepath.Join(sp, "hostile.py")) {
		t.Error("hostile.py was not removed")
	}
}
