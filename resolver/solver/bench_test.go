package solver

import (
	"context"
	"fmt"
	"testing"
)

// stressChain: k packages with n versions each; version i of p(j) depends
// on p(j+1)>=i, and every version of the last package above `good` depends
// on a project that does not exist. Only p(*)<=good can work, which the
// solver learns layer by layer, backtracking through hundreds of versions.
func stressChain(k, n, good int) (*MemoryProvider, []string) {
	m := NewMemoryProvider()
	for j := 0; j < k; j++ {
		for i := 1; i <= n; i++ {
			var req []string
			switch {
			case j+1 < k:
				req = []string{fmt.Sprintf("p%d>=%d", j+1, i)}
			case i > good:
				req = []string{"missing>=1"}
			}
			m.AddSimple(fmt.Sprintf("p%d", j), fmt.Sprint(i), req...)
		}
	}
	return m, []string{"p0"}
}

// stressDiamond: a and b have n versions; a i depends on c==i and on d>=i;
// b i depends on c<=good; d's versions above good depend on c>good.
// The answer is a==good, b==n, c==good, d==good.
func stressDiamond(n, good int) (*MemoryProvider, []string) {
	m := NewMemoryProvider()
	for i := 1; i <= n; i++ {
		m.AddSimple("a", fmt.Sprint(i), fmt.Sprintf("c==%d", i), fmt.Sprintf("d>=%d", i))
		m.AddSimple("b", fmt.Sprint(i), fmt.Sprintf("c<=%d", good))
		m.AddSimple("c", fmt.Sprint(i))
		if i > good {
			m.AddSimple("d", fmt.Sprint(i), fmt.Sprintf("c>%d", good))
		} else {
			m.AddSimple("d", fmt.Sprint(i))
		}
	}
	return m, []string{"a", "b"}
}

func TestStressCases(t *testing.T) {
	m, roots := stressChain(10, 300, 40)
	res, err := run(t, m, roots)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := res.Get("p9"); p.Version.String() != "40" {
		t.Errorf("chain: p9 %s, want 40 (%s)", p.Version, pins(res))
	}
	if p, _ := res.Get("p0"); p.Version.String() != "40" {
		t.Errorf("chain: p0 %s, want 40", p.Version)
	}
	t.Logf("chain: %+v", res.Stats)
	m, roots = stressDiamond(400, 7)
	res, err = run(t, m, roots)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pins(res), "a==7 b==400 c==7 d==7"; got != want {
		t.Errorf("diamond: %s, want %s", got, want)
	}
	t.Logf("diamond: %+v", res.Stats)
}

func benchResolve(b *testing.B, m *MemoryProvider, roots []string) {
	req := Request{Requirements: parseReqs(b, roots), Env: testEnv(b, "3.11.7"), Provider: m}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Resolve(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStressChain: 10 packages x 300 versions, backtracking to the
// 40th version of each.
func BenchmarkStressChain(b *testing.B) {
	m, roots := stressChain(10, 300, 40)
	benchResolve(b, m, roots)
}

// BenchmarkStressDiamond: 4 packages x 400 versions, backtracking on a
// transitive dependency.
func BenchmarkStressDiamond(b *testing.B) {
	m, roots := stressDiamond(400, 7)
	benchResolve(b, m, roots)
}

// stressWide: k packages with n versions; version i of p(j) depends on
// p(j+1)>=i-5,<=i and p(j+2)<=i+3; the root pins the last package low, so
// every package has to walk down to about version `low`.
func stressWide(k, n, low int) (*MemoryProvider, []string) {
	m := NewMemoryProvider()
	for j := 0; j < k; j++ {
		for i := 1; i <= n; i++ {
			var req []string
			if j+1 < k {
				req = append(req, fmt.Sprintf("w%d>=%d,<=%d", j+1, max(1, i-5), i))
			}
			if j+2 < k {
				req = append(req, fmt.Sprintf("w%d<=%d", j+2, i+3))
			}
			m.AddSimple(fmt.Sprintf("w%d", j), fmt.Sprint(i), req...)
		}
	}
	return m, []string{"w0", fmt.Sprintf("w%d<=%d", k-1, low)}
}

func TestStressWide(t *testing.T) {
	m, roots := stressWide(30, 200, 20)
	res, err := run(t, m, roots)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkMemory(m, res, roots); err != nil {
		t.Fatal(err)
	}
	t.Logf("wide: w0==%s %+v", func() string { p, _ := res.Get("w0"); return p.Version.String() }(), res.Stats)
}

// BenchmarkStressWide: 30 packages x 200 versions, every one walking down.
func BenchmarkStressWide(b *testing.B) {
	m, roots := stressWide(30, 200, 20)
	benchResolve(b, m, roots)
}
