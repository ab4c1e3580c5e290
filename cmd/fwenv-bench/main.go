// Command fwenv-bench times fwenv side by side with the tools it replaces, in
// one run: each round runs every contender once, in alternating order, in
// fresh folders, and the report gives medians, minima and ratios to fwenv.
//
//	make build && go run ./cmd/fwenv-bench -fwenv bin/fwenv -mode create
//	go run ./cmd/fwenv-bench -mode editable      # the tutorial's three -e installs
//	go run ./cmd/fwenv-bench -mode wheels -wheels DIR   # a folder of wheels (make_wheelhouse.py)
//	go run ./cmd/fwenv-bench -mode phases        # where a create's time goes (FWENV_TIMING)
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// contender is one side of a comparison. prepare runs untimed before each
// timed run, in the round's fresh folder.
type contender struct {
	name    string
	prepare func(dir string)
	argv    func(dir string) []string
}

var (
	fw      string
	py      string
	tmp     string
	verbose bool
)

func main() {
	fwenv := flag.String("fwenv", "bin/fwenv", "the fwenv binary to time")
	pyFlag := flag.String("python", "", "interpreter for every contender (default: what `fwenv python find` picks)")
	mode := flag.String("mode", "create", "create, editable, wheels, read or phases")
	rounds := flag.Int("n", 0, "rounds (default: 20 for create, 5 otherwise)")
	withPip := flag.Int("pip-rounds", 3, "create: rounds of `python -m venv` with pip (slow; 0 to skip)")
	wheels := flag.String("wheels", "", "wheels: the folder of wheels to install")
	flag.BoolVar(&verbose, "v", false, "show the commands' output")
	flag.BoolVar(&startup, "startup", false, "create: also time `fwenv --version`, the process start-up alone")
	flag.StringVar(&only, "only", "", "run only the contenders whose names contain one of these comma-separated words")
	flag.StringVar(otherFwenv, "other-fwenv", "", "create, wheels, read: a second fwenv binary to time beside the first (A/B comparisons)")
	del := flag.Bool("delete", false, "delete each round's folders right after the run (the old protocol: the next run then pays for the deletion, see docs/benchmarks.md)")
	where := flag.String("dir", "", "make the benchmark's folder in this folder (default $TMPDIR); see docs/benchmarks.md for why -dir / gives steadier figures")
	flag.Parse()
	keep = !*del

	var err error
	fw, err = filepath.Abs(*fwenv)
	check(err)
	py = *pyFlag
	if py == "" {
		out, err := exec.Command(fw, "python", "find", "3.11").Output()
		check(err)
		py = strings.TrimSpace(string(out))
	}
	tmp, err = os.MkdirTemp(*where, "fwenv-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	n := *rounds
	switch *mode {
	case "create":
		if n == 0 {
			n = 20
		}
		benchCreate(n, *withPip)
	case "editable":
		if n == 0 {
			n = 5
		}
		benchEditable(n)
	case "phases":
		if n == 0 {
			n = 100
		}
		benchPhases(n)
	case "read":
		if n == 0 {
			n = 30
		}
		if *wheels == "" {
			check(fmt.Errorf("-mode read needs -wheels DIR (python3 ../shared/tools/make_wheelhouse.py DIR makes one)"))
		}
		benchRead(n, *wheels)
	case "wheels":
		if n == 0 {
			n = 5
		}
		if *wheels == "" {
			check(fmt.Errorf("-mode wheels needs -wheels DIR (python3 ../shared/tools/make_wheelhouse.py DIR makes one)"))
		}
		benchWheels(n, *wheels)
	default:
		check(fmt.Errorf("unknown -mode %q", *mode))
	}
}

func benchCreate(rounds, pipRounds int) {
	cache := filepath.Join(tmp, "cache")
	run([]string{fw, "--cache-dir", cache, "create", "-q", "-p", py, filepath.Join(tmp, "warm")}) // warm the probe cache
	cs := []contender{
		{name: "fwenv create", argv: func(d string) []string { return []string{fw, "--cache-dir", cache, "create", "-q", "-p", py, d + "/e"} }},
		{name: "python -m venv --without-pip", argv: func(d string) []string { return []string{py, "-m", "venv", "--without-pip", d + "/e"} }},
	}
	if *otherFwenv != "" {
		// A cache of its own: another build may probe differently.
		cache2 := filepath.Join(tmp, "cache2")
		run([]string{*otherFwenv, "--cache-dir", cache2, "create", "-q", "-p", py, filepath.Join(tmp, "warm2")})
		cs = append(cs, contender{name: "fwenv create (" + *otherFwenv + ")", argv: func(d string) []string {
			return []string{*otherFwenv, "--cache-dir", cache2, "create", "-q", "-p", py, d + "/e"}
		}})
	}
	if startup {
		cs = append(cs, contender{name: "fwenv --version (start-up alone)", argv: func(string) []string { return []string{fw, "--version"} }})
	}
	if vexe, err := exec.LookPath("virtualenv"); err == nil {
		cs = append(cs, contender{name: "virtualenv --no-seed", argv: func(d string) []string {
			return []string{vexe, "--no-seed", "--no-periodic-update", "-q", "-p", py, d + "/e"}
		}})
	} else {
		fmt.Fprintln(os.Stderr, "virtualenv not found: skipped (Debian: apt-get install python3-virtualenv)")
	}
	cs = pick(cs)
	times := race(cs, rounds)
	if pipRounds > 0 {
		c := contender{name: "python -m venv (with pip)", argv: func(d string) []string { return []string{py, "-m", "venv", d + "/e"} }}
		times[c.name] = race([]contender{c}, pipRounds)[c.name]
		cs = append(cs, c)
	}
	fmt.Printf("interpreter: %s\nrounds: %d (alternating order, fresh folders, warm probe cache)\n\n", py, rounds)
	report(cs, times)
}

// benchEditable times the tutorial's three -e installs into a fresh
// environment: fwenv (warm: the projects are unchanged since fwenv last built
// them) against pip with build isolation from a folder holding setuptools and
// wheel.
func benchEditable(rounds int) {
	repo, err := filepath.Abs(".")
	check(err)
	projects := filepath.Join(tmp, "projects")
	check(os.MkdirAll(projects, 0o755))
	for _, p := range []string{"framework", "typeA_plugin1", "typeA_plugin2"} {
		run([]string{"cp", "-R", filepath.Join(repo, "docs/tutorial", p), projects})
	}
	// Build requirements for pip: the same wheels fwenv's fallbacks use.
	links := filepath.Join(tmp, "links")
	check(os.MkdirAll(links, 0o755))
	for _, g := range []string{"/root/.pyenv/versions/3.1[01].*/lib/python3.1*/ensurepip/_bundled/setuptools-*.whl", "/usr/share/python-wheels/wheel-*.whl"} {
		m, _ := filepath.Glob(g)
		if len(m) == 0 {
			check(fmt.Errorf("no wheel matches %s", g))
		}
		run([]string{"cp", m[len(m)-1], links})
	}
	cache := filepath.Join(tmp, "cache")
	pe := func(p string) string { return filepath.Join(projects, p) }
	newEnv := func(d string) { run([]string{fw, "--cache-dir", cache, "create", "-q", "-p", py, d + "/venv"}) }
	fwArgs := func(c string) func(d string) []string {
		return func(d string) []string {
			return []string{fw, "--cache-dir", c, "--env", d + "/venv", "install", "-q", "-e", pe("framework"), "-e", pe("typeA_plugin1"), "-e", pe("typeA_plugin2")}
		}
	}
	pipArgs := func(d string) []string {
		return []string{py, "-m", "pip", "--disable-pip-version-check", "-q", "--python", d + "/venv/bin/python", "install", "--no-index", "-f", links,
			"-e", pe("framework"), "-e", pe("typeA_plugin1"), "-e", pe("typeA_plugin2")}
	}
	// Cold: nothing built or unpacked, as in the wheels mode (a cache
	// folder of its own each round, the interpreter's probe in it).
	cold := contender{name: "fwenv install -e ×3, cold cache", prepare: func(d string) {
		newEnv(d)
		c := coldCache(d)
		run([]string{fw, "--cache-dir", c, "python", "find", py})
	}, argv: func(d string) []string { return fwArgs(coldCache(d))(d) }}
	warmDir := mkround()
	newEnv(warmDir)
	run(fwArgs(cache)(warmDir)) // fill the caches once
	warm := contender{name: "fwenv install -e ×3, unchanged projects", prepare: newEnv, argv: fwArgs(cache)}
	touched := contender{name: "fwenv install -e ×3, one setup.py touched", prepare: func(d string) {
		newEnv(d)
		f := pe("typeA_plugin2") + "/setup.py"
		data, err := os.ReadFile(f)
		check(err)
		check(os.WriteFile(f, append(data, []byte(fmt.Sprintf("# touched %d\n", time.Now().UnixNano()))...), 0o644))
	}, argv: fwArgs(cache)}
	pip := contender{name: "pip install -e ×3 (build isolation, -f)", prepare: newEnv, argv: pipArgs}
	cs := []contender{warm, pip, touched, cold}
	times := race(cs, rounds)
	fmt.Printf("interpreter: %s\nrounds: %d (alternating order, a fresh environment each run)\n\n", py, rounds)
	report(cs, times)
}

// benchWheels installs every wheel of a folder into a fresh environment:
// fwenv with a warm and a cold cache, pip, and cp -a / cp -al of the tree
// fwenv installed (the copying floor).
func benchWheels(rounds int, dir string) {
	whls, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(whls) == 0 {
		check(fmt.Errorf("no wheels in %s", dir))
	}
	cache := filepath.Join(tmp, "cache")
	newEnv := func(d string) { run([]string{fw, "--cache-dir", cache, "create", "-q", "-p", py, d + "/venv"}) }
	fwArgs := func(c string) func(d string) []string {
		return func(d string) []string {
			return append([]string{fw, "--cache-dir", c, "--env", d + "/venv", "install", "-q"}, whls...)
		}
	}
	ref := mkround()
	newEnv(ref)
	run(fwArgs(cache)(ref)) // warm the cache
	// The tree the cp contenders copy has inodes of its own (installed with
	// --link-mode copy): cp -al of a tree hard-linked to the cache would add
	// links to the cache's files, which changes their inode change time, and
	// the next fwenv install would then re-hash every entry (see
	// docs/cache.md) because of the harness, not of anything a user does.
	copyRef := mkround()
	newEnv(copyRef)
	run(append([]string{fw, "--cache-dir", cache, "--env", copyRef + "/venv", "install", "-q", "--link-mode", "copy"}, whls...))
	ref = copyRef
	warm := contender{name: "fwenv install, warm cache", prepare: newEnv, argv: fwArgs(cache)}
	// Each cold run gets a cache folder never used before: a real first
	// install does not follow the deletion of 28,000 files, and ext4 skips
	// recently freed inodes one by one when it allocates new ones.
	// Cold means no unpacked wheels; the interpreter's probe (kept in the
	// same cache folder, made by any earlier fwenv command) is there, as for
	// a user who created the environment with fwenv.
	cold := contender{name: "fwenv install, cold cache", prepare: func(d string) {
		newEnv(d)
		run([]string{fw, "--cache-dir", coldCache(d), "python", "find", py})
	}, argv: func(d string) []string { return fwArgs(coldCache(d))(d) }}
	pip := contender{name: "pip install --no-deps --no-compile", prepare: newEnv, argv: func(d string) []string {
		return append([]string{py, "-m", "pip", "--disable-pip-version-check", "-q", "--python", d + "/venv/bin/python", "install", "--no-deps", "--no-compile", "--no-index"}, whls...)
	}}
	cpa := contender{name: "cp -a of the installed tree", argv: func(d string) []string { return []string{"cp", "-a", ref + "/venv", d + "/copy"} }}
	cpal := contender{name: "cp -al of the installed tree", argv: func(d string) []string { return []string{"cp", "-al", ref + "/venv", d + "/copy"} }}
	all := []contender{warm, cold, pip, cpa, cpal}
	if *otherFwenv != "" {
		// The other binary gets a warm cache of its own: another build
		// may keep its cache differently.
		other := *otherFwenv
		cache2 := filepath.Join(tmp, "cache2")
		otherEnv := func(d string) { run([]string{other, "--cache-dir", cache2, "create", "-q", "-p", py, d + "/venv"}) }
		otherArgs := func(d string) []string {
			return append([]string{other, "--cache-dir", cache2, "--env", d + "/venv", "install", "-q"}, whls...)
		}
		r2 := mkround()
		otherEnv(r2)
		run(otherArgs(r2))
		all = append(all, contender{name: "fwenv install, warm cache (" + other + ")", prepare: otherEnv, argv: otherArgs})
	}
	cs := pick(all)
	times := race(cs, rounds)
	fmt.Printf("interpreter: %s\nwheels: %d from %s\nrounds: %d (alternating order, a fresh environment each run)\n\n", py, len(whls), dir, rounds)
	report(cs, times)
}

// benchRead times the commands that read an environment (list, freeze,
// entry-points) on one environment holding every wheel of dir, against pip
// and importlib.metadata, and against -other-fwenv when given. Nothing is
// written, so every run reads the same environment.
func benchRead(rounds int, dir string) {
	whls, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(whls) == 0 {
		check(fmt.Errorf("no wheels in %s", dir))
	}
	cache := filepath.Join(tmp, "cache")
	env := filepath.Join(mkround(), "venv")
	run([]string{fw, "--cache-dir", cache, "create", "-q", "-p", py, env})
	run(append([]string{fw, "--cache-dir", cache, "--env", env, "install", "-q"}, whls...))
	var cs []contender
	for _, cmd := range [][]string{{"list"}, {"freeze"}, {"entry-points", "--group", "console_scripts"}} {
		cmd := cmd
		cs = append(cs, contender{name: "fwenv " + strings.Join(cmd, " "), argv: func(string) []string {
			return append([]string{fw, "--cache-dir", cache, "--env", env}, cmd...)
		}})
		if o := *otherFwenv; o != "" {
			cs = append(cs, contender{name: "fwenv " + strings.Join(cmd, " ") + " (" + o + ")", argv: func(string) []string {
				return append([]string{o, "--cache-dir", cache, "--env", env}, cmd...)
			}})
		}
	}
	cs = append(cs,
		contender{name: "pip list", argv: func(string) []string {
			return []string{py, "-m", "pip", "--disable-pip-version-check", "--python", env + "/bin/python", "list"}
		}},
		contender{name: "pip freeze", argv: func(string) []string {
			return []string{py, "-m", "pip", "--disable-pip-version-check", "--python", env + "/bin/python", "freeze"}
		}},
		contender{name: "importlib.metadata entry_points", argv: func(string) []string {
			return []string{env + "/bin/python", "-c", "import importlib.metadata as m; list(m.entry_points(group='console_scripts'))"}
		}})
	cs = pick(cs)
	times := race(cs, rounds)
	fmt.Printf("interpreter: %s\nenvironment: %d wheels from %s\nrounds: %d (alternating order)\n\n", py, len(whls), dir, rounds)
	report(cs, times)
}

var roundN int

// coldCache is the empty cache folder of the round folder d: inside it when
// folders are kept, else one shared folder removed first (the next run then
// pays for that deletion, see docs/benchmarks.md).
func coldCache(d string) string {
	if keep {
		return filepath.Join(d, "coldcache")
	}
	c := filepath.Join(tmp, "coldcache")
	if _, err := os.Stat(filepath.Join(c, "wheels")); err == nil {
		os.RemoveAll(c)
	}
	return c
}

var keep, startup bool

var otherFwenv = new(string)

var only string

// pick keeps the contenders -only names (all without it).
func pick(cs []contender) []contender {
	if only == "" {
		return cs
	}
	var out []contender
	for _, c := range cs {
		for _, w := range strings.Split(only, ",") {
			if w != "" && strings.Contains(c.name, w) {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) == 0 {
		check(fmt.Errorf("-only %q matches no contender", only))
	}
	return out
}

func mkround() string {
	roundN++
	d := filepath.Join(tmp, fmt.Sprintf("r%d", roundN))
	check(os.MkdirAll(d, 0o755))
	return d
}

// race runs each contender once a round, rotating who goes first.
func race(cs []contender, rounds int) map[string][]time.Duration {
	times := map[string][]time.Duration{}
	for r := 0; r < rounds; r++ {
		for k := range cs {
			c := cs[(k+r)%len(cs)]
			d := mkround()
			if c.prepare != nil {
				c.prepare(d)
			}
			times[c.name] = append(times[c.name], run(c.argv(d)))
			if !keep {
				os.RemoveAll(d)
			}
		}
	}
	return times
}

// report prints a table. Besides the ratios of medians and of minima to
// the first contender, "paired" is the median over rounds of each round's
// own ratio: the two runs of a round are seconds apart, so a slow spell of
// the disk weighs on both sides of that ratio instead of on one side of a
// median.
func report(cs []contender, times map[string][]time.Duration) {
	baseTs := times[cs[0].name]
	base, baseMin := median(baseTs), minimum(baseTs)
	fmt.Printf("| command | runs | median | min | median / first | min / first | paired / first |\n|---|---|---|---|---|---|---|\n")
	for _, c := range cs {
		ts := times[c.name]
		paired := "–"
		if len(ts) == len(baseTs) {
			var rs []float64
			for i := range ts {
				rs = append(rs, float64(ts[i])/float64(baseTs[i]))
			}
			paired = fmt.Sprintf("%.2f×", medianF(rs))
		}
		fmt.Printf("| %s | %d | %s | %s | %.2f× | %.2f× | %s |\n", c.name, len(ts), ms(median(ts)), ms(minimum(ts)),
			float64(median(ts))/float64(base), float64(minimum(ts))/float64(baseMin), paired)
	}
}

func medianF(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// run starts argv with fork/exec and waits for it, as lean as the operating
// system allows (what hyperfine -N does), so the harness adds as little as
// possible to either side.
func run(argv []string) time.Duration {
	if len(argv) == 0 {
		return 0
	}
	path := argv[0]
	if !strings.Contains(path, "/") {
		p, err := exec.LookPath(path)
		check(err)
		path = p
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	check(err)
	defer devnull.Close()
	out := devnull.Fd()
	if verbose {
		out = os.Stderr.Fd()
	}
	attr := &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{devnull.Fd(), out, out}}
	// Flush the file system first: a timed run must not wait for the
	// journal work of the previous round's clean-up.
	syscall.Sync()
	start := time.Now()
	pid, err := syscall.ForkExec(path, argv, attr)
	check(err)
	var ws syscall.WaitStatus
	_, err = syscall.Wait4(pid, &ws, 0, nil)
	d := time.Since(start)
	check(err)
	if ws.ExitStatus() != 0 {
		fmt.Fprintf(os.Stderr, "%s: exit status %d (run with -v to see the output)\n", strings.Join(argv, " "), ws.ExitStatus())
		os.Exit(1)
	}
	return d
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
	if len(ts) == 0 {
		return 0
	}
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
		fmt.Fprintln(os.Stderr, "fwenv-bench:", err)
		os.Exit(1)
	}
}
