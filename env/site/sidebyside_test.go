package site

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/pep508"
)

// Side-by-side benchmarks against pip and importlib.metadata on a real
// environment (FWENV_SITE_BENCH_ENV, skipped without it). The fwenv side
// runs as a process too: the test binary re-executes itself as a helper
// (FWENV_SITE_HELPER) that opens the database and prints, so both sides pay
// for starting a process. For example:
//
//	python3 ../shared/tools/make_wheelhouse.py /tmp/wh
//	python3.11 -m venv /tmp/big && /tmp/big/bin/pip install --no-index --no-deps --no-compile /tmp/wh/*.whl
//	FWENV_SITE_BENCH_ENV=/tmp/big go test ./env/site -run '^$' -bench Process -benchtime 21x

func TestMain(m *testing.M) {
	if what := os.Getenv("FWENV_SITE_HELPER"); what != "" {
		os.Exit(helper(what, os.Getenv("FWENV_SITE_BENCH_ENV")))
	}
	os.Exit(m.Run())
}

func benchEnvLayout(dir string) (Layout, error) {
	matches, _ := filepath.Glob(filepath.Join(dir, "lib", "python3*", "site-packages"))
	if len(matches) != 1 {
		return Layout{}, fmt.Errorf("%s: no single lib/python3*/site-packages", dir)
	}
	root, _ := filepath.Abs(dir)
	return Layout{Root: root, Purelib: matches[0], Platlib: matches[0], Scripts: filepath.Join(root, "bin"), Data: root}, nil
}

func helper(what, dir string) int {
	l, err := benchEnvLayout(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	db, err := OpenWith(l, OpenOptions{EntryPointsOnly: what == "entry-points"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var out []string
	switch what {
	case "freeze":
		out = Freeze(db, FreezeOptions{})
	case "list":
		out = ListColumns(List(db, ListOptions{}), false)
	case "entry-points":
		for _, r := range EntryPointsIn(db, "console_scripts") {
			out = append(out, r.Group+" "+r.Name+" "+r.Reference()+" "+r.Dist.Name)
		}
	case "check":
		var markers pep508.Environment
		json.Unmarshal([]byte(os.Getenv("FWENV_SITE_MARKERS")), &markers)
		for _, p := range Check(db, markers) {
			out = append(out, p.String())
		}
	}
	os.Stdout.WriteString(strings.Join(out, "\n") + "\n")
	return 0
}

func runOnce(b *testing.B, name string, args []string, env ...string) time.Duration {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return time.Since(start)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkProcess runs each pair of commands alternately, b.N times each,
// and reports the medians in milliseconds and the ratio (python/fwenv).
func BenchmarkProcess(b *testing.B) {
	dir := os.Getenv("FWENV_SITE_BENCH_ENV")
	if dir == "" {
		b.Skip("FWENV_SITE_BENCH_ENV is not set")
	}
	py := filepath.Join(dir, "bin", "python")
	self := os.Args[0]
	pairs := []struct {
		name   string
		theirs []string
	}{
		{"freeze", []string{"-m", "pip", "freeze"}},
		{"list", []string{"-m", "pip", "list"}},
		{"entry-points", []string{"-c", "import importlib.metadata as m; list(m.entry_points(group='console_scripts'))"}},
	}
	for _, p := range pairs {
		b.Run(p.name, func(b *testing.B) {
			var theirs, ours []time.Duration
			for i := 0; i < b.N; i++ {
				theirs = append(theirs, runOnce(b, py, p.theirs, "PIP_DISABLE_PIP_VERSION_CHECK=1"))
				ours = append(ours, runOnce(b, self, nil, "FWENV_SITE_HELPER="+p.name))
			}
			mt, mo := median(theirs), median(ours)
			b.ReportMetric(float64(mt.Microseconds())/1000, "python-ms")
			b.ReportMetric(float64(mo.Microseconds())/1000, "fwenv-ms")
			b.ReportMetric(float64(mt)/float64(mo), "x-faster")
		})
	}
}
