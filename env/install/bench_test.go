package install

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/env/install/cache"
)

// TestBenchWheelhouse compares fwenv and pip installing a folder of wheels
// into fresh environments, alternating, and reports medians and minima. It
// runs only when asked:
//
//	python3 /work/shared/tools/make_wheelhouse.py /tmp/whouse
//	FWENV_BENCH_WHEELHOUSE=/tmp/whouse FWENV_BENCH_ROUNDS=5 \
//	    go test ./env/install -run TestBenchWheelhouse -v -timeout 30m
//
// FWENV_BENCH_ONLY=requests,urllib3,idna,certifi,charset_normalizer limits
// the run to those projects' wheels (the "small install" case).
func TestBenchWheelhouse(t *testing.T) {
	dir := os.Getenv("FWENV_BENCH_WHEELHOUSE")
	if dir == "" {
		t.Skip("set FWENV_BENCH_WHEELHOUSE to a folder of wheels")
	}
	needPython(t)
	rounds, _ := strconv.Atoi(os.Getenv("FWENV_BENCH_ROUNDS"))
	if rounds <= 0 {
		rounds = 3
	}
	wheels, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if only := os.Getenv("FWENV_BENCH_ONLY"); only != "" {
		// e.g. "requests,urllib3,idna,certifi,charset_normalizer"
		var sel []string
		for _, w := range wheels {
			for _, n := range strings.Split(only, ",") {
				if strings.HasPrefix(strings.ToLower(filepath.Base(w)), strings.ToLower(n)+"-") {
					sel = append(sel, w)
				}
			}
		}
		wheels = sel
	}
	if len(wheels) == 0 {
		t.Fatalf("no wheels in %s", dir)
	}
	var reqs []Request
	for _, w := range wheels {
		reqs = append(reqs, Request{Path: w, Requested: true, DirectURL: true})
	}
	warmCache := cache.New(filepath.Join(t.TempDir(), "warm"))
	if _, err := Install(realTarget(t), reqs, &Options{Cache: warmCache}); err != nil {
		t.Fatal(err)
	}
	times := map[string][]time.Duration{}
	timeIt := func(name string, fn func() error) {
		start := time.Now()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		times[name] = append(times[name], time.Since(start))
	}
	var files int
	var warmPhases []Phase
	for r := 0; r < rounds; r++ {
		var pipEnv *Target
		timeIt("pip install --no-deps --no-compile --no-index", func() error {
			pipEnv = realTarget(t)
			return nil
		})
		times["pip install --no-deps --no-compile --no-index"] = times["pip install --no-deps --no-compile --no-index"][:r]
		timeIt("pip install --no-deps --no-compile --no-index", func() error {
			args := append([]string{"-m", "pip", "--disable-pip-version-check", "--python", pipEnv.Python, "install", "--no-deps", "--no-compile", "--no-index", "-q"}, wheels...)
			out, err := exec.Command(pipPython, args...).CombinedOutput()
			if err != nil {
				return fmt.Errorf("%v\n%s", err, out)
			}
			return nil
		})
		tg := realTarget(t)
		timeIt("fwenv cold cache", func() error {
			res, err := Install(tg, reqs, &Options{Cache: cache.New(filepath.Join(t.TempDir(), "cold"))})
			if err == nil {
				files = res.Files
			}
			return err
		})
		tg2 := realTarget(t)
		timeIt("fwenv warm cache", func() error {
			res, err := Install(tg2, reqs, &Options{Cache: warmCache})
			if err == nil {
				warmPhases = res.Phases
			}
			return err
		})
		dst := filepath.Join(t.TempDir(), "copy")
		timeIt("cp -a (installed tree)", func() error { return exec.Command("cp", "-a", pipEnv.Layout.Root, dst).Run() })
		dst2 := filepath.Join(t.TempDir(), "links")
		timeIt("cp -al (installed tree)", func() error { return exec.Command("cp", "-al", pipEnv.Layout.Root, dst2).Run() })
		os.RemoveAll(tg.Layout.Root)
		os.RemoveAll(tg2.Layout.Root)
		os.RemoveAll(pipEnv.Layout.Root)
		os.RemoveAll(dst)
		os.RemoveAll(dst2)
	}
	var names []string
	for n := range times {
		names = append(names, n)
	}
	sort.Strings(names)
	t.Logf("%d wheels, %d files moved into place, %d rounds", len(wheels), files, rounds)
	for _, n := range names {
		ds := append([]time.Duration(nil), times[n]...)
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		var rs []string
		for _, d := range times[n] {
			rs = append(rs, fmt.Sprintf("%.2f", d.Seconds()))
		}
		t.Logf("%-48s median %6.3fs  min %6.3fs  rounds %s", n, ds[len(ds)/2].Seconds(), ds[0].Seconds(), strings.Join(rs, " "))
	}
	for _, p := range warmPhases {
		t.Logf("  last warm run: %-18s %v", p.Name, p.Took)
	}
}

// BenchmarkInstallSmallWarm installs five built wheels into a fresh
// environment from a warm cache.
func BenchmarkInstallSmallWarm(b *testing.B) {
	dir := b.TempDir()
	var reqs []Request
	for i := 0; i < 5; i++ {
		s := demoSpec("1.0")
		s.Name = fmt.Sprintf("pkg%d", i)
		s.EntryPoints = ""
		files := map[string]string{}
		for n, c := range s.Files { // the .data folder carries the wheel's own name
			files[strings.Replace(n, "demo_pkg-1.0.data/", s.Name+"-1.0.data/", 1)] = c
		}
		s.Files = files
		reqs = append(reqs, req(buildWheel(b, dir, s)))
	}
	o := &Options{Cache: cache.New(filepath.Join(b.TempDir(), "cache"))}
	mustInstall(b, fakeTarget(b), o, reqs...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tg := fakeTarget(b)
		b.StartTimer()
		mustInstall(b, tg, o, reqs...)
	}
}

// BenchmarkInstallWheelhouseWarm installs a folder of real wheels (the 92
// of make_wheelhouse.py) into a fresh environment from a warm cache; it
// runs only when FWENV_BENCH_WHEELHOUSE names the folder:
//
//	FWENV_BENCH_WHEELHOUSE=/tmp/whouse go test ./env/install -run '^$' -bench Wheelhouse -benchtime 20x
func BenchmarkInstallWheelhouseWarm(b *testing.B) {
	dir := os.Getenv("FWENV_BENCH_WHEELHOUSE")
	if dir == "" {
		b.Skip("set FWENV_BENCH_WHEELHOUSE to a folder of wheels")
	}
	wheels, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(wheels) == 0 {
		b.Fatalf("no wheels in %s", dir)
	}
	var reqs []Request
	for _, w := range wheels {
		reqs = append(reqs, Request{Path: w, Requested: true, DirectURL: true})
	}
	o := &Options{Cache: cache.New(filepath.Join(b.TempDir(), "warm"))}
	mustInstall(b, realTarget(b), o, reqs...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tg := realTarget(b)
		b.StartTimer()
		mustInstall(b, tg, o, reqs...)
		b.StopTimer()
		os.RemoveAll(tg.Layout.Root)
		b.StartTimer()
	}
}
