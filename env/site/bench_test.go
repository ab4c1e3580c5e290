package site

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchLayout is the environment FWENV_SITE_BENCH_ENV names (for example
// one where make_wheelhouse.py's ~90 wheels were installed with pip), or a
// synthetic one with 100 distributions of 30 files each.
func benchLayout(b *testing.B) Layout {
	if dir := os.Getenv("FWENV_SITE_BENCH_ENV"); dir != "" {
		matches, _ := filepath.Glob(filepath.Join(dir, "lib", "python3*", "site-packages"))
		if len(matches) != 1 {
			b.Fatalf("FWENV_SITE_BENCH_ENV=%s: no single lib/python3*/site-packages", dir)
		}
		root, _ := filepath.Abs(dir)
		return Layout{Root: root, Purelib: matches[0], Platlib: matches[0], Scripts: filepath.Join(root, "bin"), Data: root}
	}
	l := testLayout(b)
	for i := 0; i < 100; i++ {
		files := map[string]string{}
		for j := 0; j < 30; j++ {
			files[fmt.Sprintf("pkg%d/mod%d.py", i, j)] = fmt.Sprintf("X = %d\n", j)
		}
		fakeDist{Name: fmt.Sprintf("Project-%d", i), Version: "1.0", Files: files, Requires: []string{"Project-1>=1", `other ; extra == "x"`},
			EntryPoints: fmt.Sprintf("[console_scripts]\ntool%d = pkg%d.mod0:main\n", i, i)}.install(b, l)
	}
	return l
}

func BenchmarkOpenFreeze(b *testing.B) {
	l := benchLayout(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, err := Open(l)
		if err != nil {
			b.Fatal(err)
		}
		if len(Freeze(db, FreezeOptions{})) == 0 {
			b.Fatal("empty freeze")
		}
	}
}

func BenchmarkEntryPointsConsoleScripts(b *testing.B) {
	l := benchLayout(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, err := OpenWith(l, OpenOptions{EntryPointsOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		EntryPointsIn(db, "console_scripts")
	}
}

func BenchmarkPlanRemoveAll(b *testing.B) {
	l := benchLayout(b)
	db, err := Open(l)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, d := range db.Dists() {
		names = append(names, d.Name)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, _ := Open(l)
		if _, err := PlanRemove(db, names); err != nil {
			b.Fatal(err)
		}
	}
}
