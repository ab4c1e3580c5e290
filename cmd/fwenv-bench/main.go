// Command fwenv-bench times fwenv side by side with the tools it replaces, in
// one run: each round runs every contender once, in alternating order, in a
// fresh folder, and the report gives medians, minima and ratios to fwenv.
//
//	go build -o bin/fwenv ./cmd/fwenv && go run ./cmd/fwenv-bench -fwenv bin/fwenv
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

type contender struct {
	name string
	argv func(dir string) []string
}

func main() {
	fwenv := flag.String("fwenv", "bin/fwenv", "the fwenv binary to time")
	py := flag.String("python", "", "interpreter for every contender (default: what `fwenv python find` picks)")
	rounds := flag.Int("n", 20, "rounds")
	withPip := flag.Int("pip-rounds", 3, "rounds for `python -m venv` with pip (slow; 0 to skip)")
	flag.Parse()

	fw, err := filepath.Abs(*fwenv)
	check(err)
	if *py == "" {
		out, err := exec.Command(fw, "python", "find").Output()
		check(err)
		*py = strings.TrimSpace(string(out))
	}
	tmp, err := os.MkdirTemp("", "fwenv-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	cache := filepath.Join(tmp, "cache")
	// Warm the probe cache once: the benchmark measures a warm create.
	run([]string{fw, "--cache-dir", cache, "create", "-p", *py, filepath.Join(tmp, "warm")})

	cs := []contender{
		{"fwenv create", func(d string) []string { return []string{fw, "--cache-dir", cache, "create", "-q", "-p", *py, d} }},
		{"python -m venv --without-pip", func(d string) []string { return []string{*py, "-m", "venv", "--without-pip", d} }},
	}
	if vexe, err := exec.LookPath("virtualenv"); err == nil {
		cs = append(cs, contender{"virtualenv --no-seed", func(d string) []string {
			return []string{vexe, "--no-seed", "--no-periodic-update", "-q", "-p", *py, d}
		}})
	} else {
		fmt.Fprintln(os.Stderr, "virtualenv not found: skipped (Debian: apt-get install python3-virtualenv)")
	}
	times := map[string][]time.Duration{}
	n := 0
	for r := 0; r < *rounds; r++ {
		for k := range cs {
			c := cs[(k+r)%len(cs)] // alternate who goes first
			n++
			d := filepath.Join(tmp, fmt.Sprintf("e%d", n))
			times[c.name] = append(times[c.name], run(c.argv(d)))
			os.RemoveAll(d)
		}
	}
	if *withPip > 0 {
		name := "python -m venv (with pip)"
		for r := 0; r < *withPip; r++ {
			n++
			d := filepath.Join(tmp, fmt.Sprintf("e%d", n))
			times[name] = append(times[name], run([]string{*py, "-m", "venv", d}))
			os.RemoveAll(d)
		}
		cs = append(cs, contender{name: name})
	}
	base := median(times["fwenv create"])
	baseMin := minimum(times["fwenv create"])
	fmt.Printf("interpreter: %s\nrounds: %d (alternating order, fresh folders, warm probe cache)\n\n", *py, *rounds)
	fmt.Printf("| command | runs | median | min | median / fwenv | min / fwenv |\n|---|---|---|---|---|---|\n")
	for _, c := range cs {
		ts := times[c.name]
		fmt.Printf("| %s | %d | %s | %s | %.1f× | %.1f× |\n", c.name, len(ts), ms(median(ts)), ms(minimum(ts)),
			float64(median(ts))/float64(base), float64(minimum(ts))/float64(baseMin))
	}
}

func run(argv []string) time.Duration {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", strings.Join(argv, " "), err)
		os.Exit(1)
	}
	return time.Since(start)
}

func median(ts []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minimum(ts []time.Duration) time.Duration {
	m := ts[0]
	for _, t := range ts {
		if t < m {
			m = t
		}
	}
	return m
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
