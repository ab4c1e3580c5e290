package solver

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

func testEnv(t testing.TB, py string) pep508.Environment {
	t.Helper()
	env, err := pep508.SyntheticEnvironment(py, "linux_x86_64")
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func parseReqs(t testing.TB, reqs []string) []pep508.Requirement {
	t.Helper()
	var out []pep508.Requirement
	for _, r := range reqs {
		pr, err := pep508.ParseRequirement(r)
		if err != nil {
			t.Fatalf("requirement %q: %v", r, err)
		}
		out = append(out, pr)
	}
	return out
}

type opt func(*Request)

func withConstraints(t testing.TB, cs ...string) opt {
	return func(r *Request) { r.Constraints = parseReqs(t, cs) }
}
func withPython(v string) opt { return func(r *Request) { r.Python = pep440.MustParse(v) } }
func withPre() opt            { return func(r *Request) { r.Pre = true } }
func withInstalled(name, version string, requires ...string) opt {
	return func(r *Request) {
		if r.Installed == nil {
			r.Installed = map[string]Installed{}
		}
		r.Installed[name] = Installed{Version: pep440.MustParse(version), Requires: requires}
	}
}
func withUpgrade(names ...string) opt {
	return func(r *Request) {
		r.Upgrade = map[string]bool{}
		for _, n := range names {
			r.Upgrade[n] = true
		}
	}
}
func withEnv(k, v string) opt { return func(r *Request) { r.Env = r.Env.With(k, v) } }

func run(t testing.TB, p Provider, reqs []string, opts ...opt) (*Resolution, error) {
	t.Helper()
	req := Request{Requirements: parseReqs(t, reqs), Env: testEnv(t, "3.11.7"), Provider: p}
	for _, o := range opts {
		o(&req)
	}
	return Resolve(context.Background(), req)
}

func pins(res *Resolution) string { return strings.Join(res.Pins(), " ") }

func writeFile(path, body string) error { return os.WriteFile(path, []byte(body), 0o644) }

// checkMemory validates a resolution against a MemoryProvider's metadata.
func checkMemory(m *MemoryProvider, res *Resolution, roots []string) error {
	sc := scenario{roots: roots}
	for _, name := range m.Projects() {
		for _, mv := range m.projects[name] {
			sc.dists = append(sc.dists, fakeDist{Name: name, Version: mv.cand.Version.String(), Requires: mv.requires, RequiresPython: mv.requiresPython})
		}
	}
	pins := map[string]string{}
	for _, p := range res.Packages {
		pins[p.Name] = p.Version.String()
	}
	env, _ := pep508.SyntheticEnvironment("3.11.7", "linux_x86_64")
	return validate(sc, pins, env, pep440.MustParse("3.11.7"))
}

// expectOutcome checks a resolution against the pins wanted or, when want
// is "", a refusal whose report holds each of report and whose hint holds
// hint.
func expectOutcome(t *testing.T, res *Resolution, err error, want string, report []string, hint string) {
	t.Helper()
	if want != "" {
		if err != nil {
			t.Fatalf("want %s, got error %v", want, err)
		}
		if got := pins(res); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
		return
	}
	if err == nil {
		t.Fatalf("want failure, got %s", pins(res))
	}
	var ns *NoSolutionError
	if !errors.As(err, &ns) {
		t.Fatalf("want *NoSolutionError, got %T %v", err, err)
	}
	for _, s := range report {
		if !strings.Contains(ns.Report, s) {
			t.Errorf("report lacks %q:\n%s", s, ns.Report)
		}
	}
	if !strings.Contains(ns.Hint(), hint) {
		t.Errorf("hint lacks %q: %s", hint, ns.Hint())
	}
	t.Logf("report:\n%s\nhint: %s", ns.Report, ns.Hint())
}
