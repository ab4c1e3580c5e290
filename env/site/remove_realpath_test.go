package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realPathLayout is testLayout plus what a real environment has: the
// lib64 -> lib link, activation scripts and fwenv's lock.
func realPathLayout(t *testing.T) Layout {
	t.Helper()
	l := testLayout(t)
	if err := os.Symlink("lib", filepath.Join(l.Root, "lib64")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(l.Scripts, "activate"), "# activate\n")
	writeFile(t, filepath.Join(l.Root, ".fwenv", "lock"), "")
	if err := os.Symlink("python", filepath.Join(l.Scripts, "python3.11")); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestPlanRemoveDecidesOnRealPaths: RECORD rows that reach another
// distribution's files or the environment's own files through lib64, an
// absolute path, a linked folder inside the environment or ".." after a
// link are kept or refused, never removed.
func TestPlanRemoveDecidesOnRealPaths(t *testing.T) {
	l := realPathLayout(t)
	sp := l.Purelib
	victimInfo := fakeDist{Name: "victim", Version: "1", Files: map[string]string{
		"victim/__init__.py": "v = 1\n",
		"victim/mod.py":      "m = 1\n",
		"victim/data.txt":    "d\n",
	}}.install(t, l)
	// Folders inside site-packages that are links to folders inside the
	// environment.
	for link, target := range map[string]string{"binlink": "../../../bin", "alias": "victim", "fwlink": "../../../.fwenv"} {
		if err := os.Symlink(target, filepath.Join(sp, link)); err != nil {
			t.Fatal(err)
		}
	}
	lib64sp := filepath.Join(l.Root, "lib64", "python3.11", "site-packages")
	fakeDist{Name: "hostile", Version: "1",
		Files: map[string]string{
			"hostile.py": "h = 1\n",
			"../../../lib64/python3.11/site-packages/hostile_two.py": "h = 2\n",
		},
		ExtraRows: []string{
			"../../../lib64/python3.11/site-packages/victim/__init__.py,,",
			filepath.Join(lib64sp, "victim", "mod.py") + ",,",
			"../../../lib64/python3.11/site-packages/" + filepath.Base(victimInfo) + "/RECORD,,",
			"alias/data.txt,,",
			"binlink/../lib/python3.11/site-packages/victim/data.txt,,",
			"binlink/python,,",
			"binlink/python3.11,,",
			"binlink/activate,,",
			"../../../lib64/../bin/activate,,",
			"../../../.fwenv/lock,,",
			"fwlink/lock,,",
			"../../../lib64,,",
			"binlink/../pyvenv.cfg,,",
		},
	}.install(t, l)
	// A RECORD file that is itself a link (to bin/python) is removed as a
	// link; the interpreter stays.
	if err := os.Symlink("../../../bin/python", filepath.Join(sp, "pylink")); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(sp, "hostile-1.dist-info", "RECORD")
	f, err := os.OpenFile(rec, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("pylink,,\n")
	f.Close()

	db := mustOpen(t, l)
	plan, err := PlanRemove(db, []string{"hostile"})
	if err != nil {
		t.Fatal(err)
	}
	rels := func(ps []string) string {
		var out []string
		for _, p := range ps {
			r, _ := filepath.Rel(l.Root, p)
			out = append(out, r)
		}
		return strings.Join(out, "\n")
	}
	wantRemove := `lib/python3.11/site-packages/hostile-1.dist-info/INSTALLER
lib/python3.11/site-packages/hostile-1.dist-info/METADATA
lib/python3.11/site-packages/hostile-1.dist-info/RECORD
lib/python3.11/site-packages/hostile.py
lib/python3.11/site-packages/hostile_two.py
lib/python3.11/site-packages/pylink`
	if got := rels(plan.Remove); got != wantRemove {
		t.Errorf("remove:\n%s\nwant:\n%s", got, wantRemove)
	}
	var kept []string
	for _, k := range plan.Keep {
		kept = append(kept, k.Path)
		if len(k.Owners) != 1 || k.Owners[0].Key != "victim" {
			t.Errorf("kept %s: owners %v, want victim", k.Path, k.Owners)
		}
	}
	wantKept := `lib/python3.11/site-packages/victim/__init__.py
lib/python3.11/site-packages/victim/mod.py
lib/python3.11/site-packages/victim-1.dist-info/RECORD
lib/python3.11/site-packages/victim/data.txt`
	if got := rels(kept); got != wantKept {
		t.Errorf("kept:\n%s\nwant:\n%s", got, wantKept)
	}
	refused := map[string]string{}
	for _, r := range plan.Refused {
		refused[r.Rel] = r.Reason
	}
	for _, rel := range []string{"binlink/python", "binlink/python3.11", "binlink/activate", "../../../.fwenv/lock", "fwlink/lock", "../../../lib64", "binlink/../pyvenv.cfg"} {
		if refused[rel] == "" {
			t.Errorf("%s not refused (refused: %v)", rel, refused)
		}
	}
	if !strings.Contains(refused["binlink/python"], "interpreter") || !strings.Contains(refused["fwlink/lock"], ".fwenv") {
		t.Errorf("reasons: %v", refused)
	}

	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"bin/python", "bin/python3.11", "bin/activate", ".fwenv/lock", "pyvenv.cfg", "lib64",
		"lib/python3.11/site-packages/victim/__init__.py", "lib/python3.11/site-packages/victim/mod.py",
		"lib/python3.11/site-packages/victim/data.txt", "lib/python3.11/site-packages/victim-1.dist-info/RECORD",
	} {
		if !exists(filepath.Join(l.Root, p)) {
			t.Errorf("%s was removed", p)
		}
	}
	if _, err := os.Stat(filepath.Join(l.Scripts, "python3.11")); err != nil {
		t.Errorf("bin/python3.11 no longer leads to the interpreter: %v", err)
	}
	for _, p := range []string{"hostile.py", "hostile_two.py", "pylink", "hostile-1.dist-info"} {
		if exists(filepath.Join(sp, p)) {
			t.Errorf("%s was not removed", p)
		}
	}

	// The victim still uninstalls completely.
	db = mustOpen(t, l)
	plan, err = PlanRemove(db, []string{"victim"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Keep) != 0 || len(plan.Missing) != 0 {
		t.Errorf("victim: keep %v missing %v", plan.Keep, plan.Missing)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"victim", filepath.Base(victimInfo)} {
		if exists(filepath.Join(sp, p)) {
			t.Errorf("%s left behind", p)
		}
	}
}

// TestPlanRemoveSharedFilesByRealPath: a shared namespace __init__.py that
// the remaining plugin's RECORD spells through lib64 is still shared.
func TestPlanRemoveSharedFilesByRealPath(t *testing.T) {
	l := realPathLayout(t)
	seedPlugin(1).install(t, l)
	p2 := seedPlugin(2)
	files := map[string]string{}
	for rel, content := range p2.Files {
		files["../../../lib64/python3.11/site-packages/"+rel] = content
	}
	p2.Files = files
	p2.install(t, l)

	db := mustOpen(t, l)
	plan, err := PlanRemove(db, []string{"framework.typeA.plugin1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Keep) != 2 {
		t.Errorf("keep = %+v", plan.Keep)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"framework/__init__.py", "framework/typeA/__init__.py", "framework/typeA/plugin2/__init__.py"} {
		if !exists(filepath.Join(l.Purelib, p)) {
			t.Errorf("%s was removed", p)
		}
	}
	if exists(filepath.Join(l.Purelib, "framework/typeA/plugin1")) {
		t.Error("plugin1 left behind")
	}

	// The last plugin takes the shared files with it, spelled through lib64.
	db = mustOpen(t, l)
	plan, err = PlanRemove(db, []string{"framework.typeA.plugin2"})
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.apply(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(l.Purelib); len(entries) != 0 {
		t.Errorf("site-packages not empty: %v", entries)
	}
	if !exists(filepath.Join(l.Root, "lib64")) || !exists(l.Purelib) {
		t.Error("lib64 or site-packages removed")
	}
}

// TestPlanRemoveRootSpelledThroughLink: an environment reached through a
// link (/tmp -> /private/tmp on macOS) accepts absolute RECORD rows written
// with its real path, and the plan's paths stay under the root as spelled.
func TestPlanRemoveRootSpelledThroughLink(t *testing.T) {
	l := realPathLayout(t)
	link := filepath.Join(t.TempDir(), "envlink")
	if err := os.Symlink(l.Root, link); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(l.Purelib, "abs_mod.py")
	fakeDist{Name: "absrows", Version: "1", Files: map[string]string{real: "x\n", "rel_mod.py": "y\n"}}.install(t, l)
	ll := l
	for _, p := range []*string{&ll.Root, &ll.Purelib, &ll.Platlib, &ll.Scripts, &ll.Data, &ll.Headers} {
		*p = filepath.Join(link, strings.TrimPrefix(*p, l.Root))
	}
	db := mustOpen(t, ll)
	plan, err := PlanRemove(db, []string{"absrows"})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(ll.Purelib, "abs_mod.py")
	found := false
	for _, p := range plan.Remove {
		if !inside(ll.Root, p) {
			t.Errorf("%s not under %s", p, ll.Root)
		}
		found = found || p == want
	}
	if !found || len(plan.Refused) != 0 {
		t.Errorf("remove %v refused %+v", plan.Remove, plan.Refused)
	}
	if got := plan.Canonical(filepath.Join(ll.Root, "lib64", "python3.11", "site-packages", "new", "x.py")); got != filepath.Join(ll.Purelib, "new", "x.py") {
		t.Errorf("Canonical = %s", got)
	}
}
