package build

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fwenv/fwenv/env/python"
)

// The benchmarks measure (never assert) build times:
//
//	FWENV_BUILD_BENCH_COLD=1 go test -run '^$' -bench . -benchtime 5x ./env/build/
//
// The cold ones run setuptools (about a second each) and only run when
// FWENV_BUILD_BENCH_COLD is set, so `make bench` (200 iterations) stays short.

func coldBench(b *testing.B) {
	if os.Getenv("FWENV_BUILD_BENCH_COLD") == "" {
		b.Skip("set FWENV_BUILD_BENCH_COLD=1 to run the backend in a benchmark")
	}
}

func benchSetup(b *testing.B) (Options, string) {
	needWheelWhl(b)
	in := pyenvInfo(b, "3.11")
	cache := b.TempDir()
	interps := allPyenv(b)
	o := Options{Interp: in, CacheDir: cache, Interpreters: func() []*python.Info { return interps }, Populate: enginePopulate}
	return o, tutorialProject(b, "typeA_plugin1")
}

// BenchmarkWarmEditable: an unchanged project whose editable wheel is cached.
func BenchmarkWarmEditable(b *testing.B) {
	o, dir := benchSetup(b)
	out := b.TempDir()
	if _, err := BuildEditable(context.Background(), dir, out, o); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := BuildEditable(context.Background(), dir, out, o)
		if err != nil || !r.Cached {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdEditable: the backend runs (get_requires + build_editable)
// in a cached build environment.
func BenchmarkColdEditable(b *testing.B) {
	coldBench(b)
	o, dir := benchSetup(b)
	o.NoCache = true
	out := b.TempDir()
	if _, err := BuildEditable(context.Background(), dir, out, o); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := BuildEditable(context.Background(), dir, out, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdestEditable: nothing cached: the build environment is made
// (venv + the install engine) and the backend runs.
func BenchmarkColdestEditable(b *testing.B) {
	coldBench(b)
	o, dir := benchSetup(b)
	out := b.TempDir()
	for i := 0; i < b.N; i++ {
		o.CacheDir = filepath.Join(b.TempDir(), "cache")
		if _, err := BuildEditable(context.Background(), dir, out, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEnvCreate: making one setuptools+wheel build environment.
func BenchmarkEnvCreate(b *testing.B) {
	coldBench(b)
	o, _ := benchSetup(b)
	rs := newResolver(o.Interp, Pools(o.Interp, nil, o.Interpreters(), SystemWheelDir))
	ws, err := rs.resolve(LegacyRequires, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		o.CacheDir = filepath.Join(b.TempDir(), "cache")
		if _, err := ensureEnv(context.Background(), &o, "bench", ws); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiscover: listing every interpreter as the CLI does (probes
// cached), which the fallbacks need.
func BenchmarkDiscover(b *testing.B) {
	cache := b.TempDir()
	home := os.Getenv("HOME")
	f := &python.Finder{Prober: &python.Prober{CacheDir: cache}, Pyenv: python.NewPyenv(os.Getenv, "/"), PathDirs: filepath.SplitList(os.Getenv("PATH")), ExtraDirs: python.DefaultExtraDirs(home)}
	start := time.Now()
	f.List()
	b.ReportMetric(float64(time.Since(start).Milliseconds()), "first-ms")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Discovered(f.List)()
	}
}

// BenchmarkWarmEditableNewProcess is BenchmarkWarmEditable with the
// per-process memories cleared (wheel hashes, discovered interpreters), as
// a new fwenv process sees it; interpreter probes come from their disk cache.
func BenchmarkWarmEditableNewProcess(b *testing.B) {
	o, dir := benchSetup(b)
	out := b.TempDir()
	if _, err := BuildEditable(context.Background(), dir, out, o); err != nil {
		b.Fatal(err)
	}
	probes := b.TempDir()
	finder := func() *python.Finder {
		return &python.Finder{Prober: &python.Prober{CacheDir: probes}, Pyenv: python.NewPyenv(os.Getenv, "/"), PathDirs: filepath.SplitList(os.Getenv("PATH")), ExtraDirs: python.DefaultExtraDirs(os.Getenv("HOME"))}
	}
	finder().List() // fill the probe cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hashMemo.Clear()
		o.Interpreters = Discovered(finder().List)
		r, err := BuildEditable(context.Background(), dir, out, o)
		if err != nil || !r.Cached {
			b.Fatal(err)
		}
	}
}
