package solver

import (
	"errors"
	"os"
	"strconv"
	"testing"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// bruteForce searches every assignment (depth first over the projects the
// partial answer requires) and reports whether some valid answer exists.
func bruteForce(sc scenario, env pep508.Environment, python pep440.Version) (map[string]string, bool) {
	versions := map[string][]string{}
	for _, d := range sc.dists {
		n := wheelname.Normalize(d.Name)
		versions[n] = append(versions[n], d.Version)
	}
	pins := map[string]string{}
	var dfs func() bool
	dfs = func() bool {
		missing, err := check(sc, pins, env, python)
		if err != nil {
			return false
		}
		if missing == "" {
			return true
		}
		for _, v := range versions[missing] {
			pins[missing] = v
			if dfs() {
				return true
			}
		}
		delete(pins, missing)
		return false
	}
	ok := dfs()
	return pins, ok
}

// TestAgainstBruteForce checks completeness and validity on many small
// random scenarios, in memory: the resolver must find an answer exactly when
// one exists. FWENV_RESOLVER_BRUTE=N sets the number of seeds (default 1500).
func TestAgainstBruteForce(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	if s := os.Getenv("FWENV_RESOLVER_BRUTE"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	env := testEnv(t, "3.11.7")
	python := pep440.MustParse("3.11.7")
	solved := 0
	for seed := int64(1); seed <= int64(n); seed++ {
		sc := genScenario(seed + 1_000_000)
		m := NewMemoryProvider()
		for _, d := range sc.dists {
			m.Add(d.Name, Release{Version: d.Version, Requires: d.Requires, RequiresPython: d.RequiresPython})
		}
		res, err := run(t, m, sc.roots)
		want, exists := bruteForce(sc, env, python)
		var ns *NoSolutionError
		switch {
		case err != nil && !errors.As(err, &ns):
			t.Fatalf("seed %d: %v", seed, err)
		case err != nil && exists:
			t.Fatalf("seed %d: refused, but %v is valid\nreport:\n%s\nroots %v\n%v", seed, fmtPins(want), ns.Report, sc.roots, sc.dists)
		case err == nil:
			ours := map[string]string{}
			for _, p := range res.Packages {
				ours[p.Name] = p.Version.String()
			}
			if verr := validate(sc, ours, env, python); verr != nil {
				t.Fatalf("seed %d: answer %s invalid: %v\nroots %v\n%v", seed, fmtPins(ours), verr, sc.roots, sc.dists)
			}
			if !exists {
				t.Fatalf("seed %d: brute force found nothing but %s is valid?", seed, fmtPins(ours))
			}
			solved++
		}
	}
	t.Logf("%d scenarios, %d with an answer, %d without", n, solved, n-solved)
}
