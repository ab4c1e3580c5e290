package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func exists(p string) bool { _, err := os.Lstat(p); return err == nil }

func TestPlanRemoveKeepsSharedNamespaceFiles(t *testing.T) {
	l := testLayout(t)
	seedPlugin(1).install(t, l)
	seedPlugin(2).install(t, l)
	sp := l.Purelib
	// byte-code as Python leaves it
	writeFile(t, filepath.Join(sp, "framework/typeA/plugin1/__pycache__/__init__.cpython-311.pyc"), "pyc")
	writeFile(t, filepath.Join(sp, "framework/typeA/__pycache__/__init__.cpython-311.pyc"), "pyc")
	db := mustOpen(t, l)

	plan, err := PlanRemove(db, []string{"Framework.TypeA.Plugin1"})
	if err != nil {
		t.Fatal(err)
	}
	rel := func(ps []string) string {
		var out []string
		for _, p := range ps {
			r, _ := filepath.Rel(sp, p)
			out = append(out, r)
		}
		return strings.Join(out, "\n")
	}
	wantRemove := `framework/typeA/plugin1/__init__.py
framework/typeA/plugin1/__pycache__/__init__.cpython-311.pyc
framework_typea_plugin1-0.0.1.dist-info/INSTALLER
framework_typea_plugin1-0.0.1.dist-info/METADATA
framework_typea_plugin1-0.0.1.dist-info/RECORD
framework_typea_plugin1-0.0.1.dist-info/REQUESTED
framework_typea_plugin1-0.0.1.dist-info/entry_points.txt`
	if got := rel(plan.Remove); got != wantRemove {
		t.Errorf("remove:\n%s\nwant:\n%s", got, wantRemove)
	}
	wantDirs := "framework/typeA/plugin1/__pycache__\nframework/typeA/plugin1\nframework_typea_plugin1-0.0.1.dist-info"
	if got := rel(plan.Dirs); got != wantDirs {
		t.Errorf("dirs:\n%s\nwant:\n%s", got, wantDirs)
	}
	if len(plan.Keep) != 2 || plan.Keep[0].Owners[0].Key != "framework-typea-plugin2" {
		t.Errorf("keep = %+v", plan.Keep)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"framework/__init__.py", "framework/typeA/__init__.py", "framework/typeA/__pycache__/__init__.cpython-311.pyc", "framework/typeA/plugin2/__init__.py"} {
		if !exists(filepath.Join(sp, p)) {
			t.Errorf("%s was removed", p)
		}
	}
	if exists(filepath.Join(sp, "framework/typeA/plugin1")) {
		t.Error("plugin1 folder left behind")
	}

	// Now the last owner goes: shared files and folders go with it.
	db = mustOpen(t, l)
	plan, err = PlanRemove(db, []string{"framework.typeA.plugin2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Keep) != 0 {
		t.Errorf("keep = %+v", plan.Keep)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(sp)
	if len(entries) != 0 {
		t.Errorf("site-packages not empty: %v", entries)
	}
	if !exists(sp) || !exists(l.Scripts) {
		t.Error("site-packages or bin removed")
	}
}

func TestPlanRemoveBothAtOnce(t *testing.T) {
	l := testLayout(t)
	seedPlugin(1).install(t, l)
	seedPlugin(2).install(t, l)
	db := mustOpen(t, l)
	plan, err := PlanRemove(db, []string{"framework.typeA.plugin1", "framework-typea-plugin2", "framework.typeA.plugin1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Dists) != 2 || len(plan.Keep) != 0 {
		t.Errorf("dists %v keep %v", plan.Dists, plan.Keep)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(l.Purelib, "framework")) {
		t.Error("framework/ left behind")
	}
}

func TestPlanRemoveNeverLeavesTheEnvironment(t *testing.T) {
	l := testLayout(t)
	outsideDir := t.TempDir()
	victim := filepath.Join(outsideDir, "victim.txt")
	writeFile(t, victim, "keep me")
	// A folder inside site-packages that is a link to a folder outside.
	if err := os.Symlink(outsideDir, filepath.Join(l.Purelib, "linked")); err != nil {
		t.Fatal(err)
	}
	relOut, _ := filepath.Rel(l.Purelib, victim)
	fakeDist{Name: "hostile", Version: "1",
		Files: map[string]string{
			"hostile.py":           "x\n",
			"../../../bin/hostile": "#!/bin/sh\n",
		},
		ExtraRows: []string{
			relOut + ",,",
			victim + ",,",
			"linked/victim.txt,,",
			"../../../bin/python,,",
			"../../../pyvenv.cfg,,",
			"../../..,,",
			"../../../bin,,",
		},
	}.install(t, l)
	db := mustOpen(t, l)
	plan, err := PlanRemove(db, []string{"hostile"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plan.Remove {
		if !inside(l.Root, p) {
			t.Errorf("plan removes %s outside the environment", p)
		}
	}
	// 3 outside (by "..", absolute, by a linked folder), 2 of the
	// environment's own files, 2 layout folders.
	if len(plan.Refused) != 7 {
		t.Errorf("refused = %+v", plan.Refused)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{victim, filepath.Join(l.Scripts, "python"), filepath.Join(l.Root, "pyvenv.cfg"), l.Scripts, l.Purelib} {
		if !exists(p) {
			t.Errorf("%s was removed", p)
		}
	}
	for _, p := range []string{filepath.Join(l.Scripts, "hostile"), filepath.Join(l.Purelib, "hostile.py")} {
		if exists(p) {
			t.Errorf("%s was not removed", p)
		}
	}
}

func TestPlanRemoveErrors(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "norecord", Version: "1", NoRecord: true}.install(t, l)
	fakeDist{Name: "fine", Version: "1"}.install(t, l)
	egg := filepath.Join(l.Purelib, "old-1.0.egg-info")
	writeFile(t, filepath.Join(egg, "PKG-INFO"), "Metadata-Version: 1.1\nName: old\nVersion: 1.0\n")
	writeFile(t, filepath.Join(egg, "installed-files.txt"), "PKG-INFO\n")
	db := mustOpen(t, l)
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"fine", "nothere"}, "nothere: not installed"},
		{[]string{"norecord"}, "norecord (" + filepath.Join(l.Purelib, "norecord-1.dist-info") + "): no RECORD file"},
		{[]string{"OLD"}, "old (" + egg + "): installed as legacy .egg-info"},
	}
	for _, tt := range tests {
		_, err := PlanRemove(db, tt.names)
		e, ok := err.(*Error)
		if !ok || !strings.HasPrefix(err.Error(), tt.want) || e.Hint() == "" {
			t.Errorf("%v: error %v, want prefix %q and a hint", tt.names, err, tt.want)
		}
	}
	if !exists(filepath.Join(l.Purelib, "fine-1.dist-info")) {
		t.Error("a failed plan changed the environment")
	}
}
