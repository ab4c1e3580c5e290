package pep440

import "testing"

// Exclusive ordered comparisons as PEP 440 ("Exclusive ordered comparison")
// and current packaging read them; vectors from issue 16 and from
// packaging's tests/test_specifiers.py (test_specifiers,
// test_specifiers_prereleases). packaging 21.3 (pip 23.2) answers the
// opposite on the rows marked old.
func TestExclusiveOrderedComparisons(t *testing.T) {
	for _, c := range []struct {
		spec, v string
		want    bool // with pre-releases included
		old     bool // 21.3 answered !want
	}{
		// >V, V a pre-, post- or dev-release: locals of other versions
		// with V's release are in, V's own locals are not.
		{">1.0a1", "1.0a2+local", true, true},
		{">1.0b1", "1.0b2+local", true, true},
		{">1.0rc1", "1.0rc2+local", true, true},
		{">1.0.post1", "1.0.post2+local", true, true},
		{">1.0.dev1", "1.0.dev2+local", true, true},
		{">1.0a1.dev1", "1.0a1.dev2+local", true, true},
		{">1.0.post1.dev1", "1.0.post1.dev2+local", true, true},
		{">1.0.dev1", "1.0+local", true, true},
		{">4.1.0a2.dev1234", "4.1.0a2.dev1235+local", true, true},
		{">1.0a1", "1.0a1+local", false, false},
		{">1.0.post1", "1.0.post1+local", false, false},
		{">1.0.dev1", "1.0.dev1+local", false, false},
		{">1.0.post1.dev1", "1.0.post1.dev1+local", false, false},
		// >V, V a pre- or dev-release: post-releases of V's release are in,
		// V's own post-releases are not.
		{">1.0a1", "1.0.post0", true, true},
		{">1.0rc1", "1.0.post0", true, true},
		{">1.0.dev1", "1.0.post0", true, true},
		{">1.0.dev0", "1.0.post1", true, true},
		{">1.0a1", "1.0a2.post0", true, false},
		{">1.0a1", "1.0a1.post0", false, false},
		{">1.0b2", "1.0b2.post0", false, false},
		// >V, V final: unchanged.
		{">1.0", "1.0.post0", false, false},
		{">1.0", "1.0+local", false, false},
		{">1.0", "1.0.0.post1", false, false},
		{">1.0", "2.0.post0", true, false},
		{">2", "2.0.post1.dev1", false, false},
		// <V.postN: pre-, dev- and post-dev-releases of V's release are in,
		// V.postN's own dev-releases are not.
		{"<1.0.post1", "1.0a1", true, true},
		{"<1.0.post1", "1.0rc1", true, true},
		{"<1.0.post1", "1.0.dev0", true, true},
		{"<1.0.post1", "1.0.post0.dev0", true, true},
		{"<1.0.post10", "1.0.post9.dev0", true, true},
		{"<1.0.post1", "1.0.post1.dev0", false, false},
		{"<1.0.post0", "1.0.post0.dev0", false, false},
		{"<1.0.post1", "1.0.post0+local", true, false},
		{"<1.0.post1", "1.0", true, false},
		// <V, V final: its pre-releases stay out.
		{"<2.0", "2.0a1", false, false},
		{"<2.0", "2.0.dev1", false, false},
		{"<2.0a2", "2.0a1", true, false},
	} {
		sp, err := ParseSpecifier(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		v := MustParse(c.v)
		if got := sp.ContainsPre(v, PreInclude); got != c.want {
			t.Errorf("%s contains %s (pre-releases on) = %v, want %v", c.spec, c.v, got, c.want)
		}
		ss := mustSet(c.spec)
		if got := ss.ContainsPre(v, PreInclude); got != c.want {
			t.Errorf("set %s contains %s = %v, want %v", c.spec, c.v, got, c.want)
		}
		if got := len(ss.Filter([]Version{v}, PreInclude)) == 1; got != c.want {
			t.Errorf("%s filter [%s] kept it = %v, want %v", c.spec, c.v, got, c.want)
		}
		// A final version needs no pre-release policy.
		if !v.IsPrerelease() && sp.Contains(v) != c.want {
			t.Errorf("%s contains %s = %v, want %v", c.spec, c.v, !c.want, c.want)
		}
		set, inexact := FromSpecifierSet(ss)
		if len(inexact) != 0 {
			t.Errorf("%s: the set is approximate around %v; ordered comparisons are exact", c.spec, inexact)
		}
		if got := set.Contains(v); got != c.want {
			t.Errorf("Set(%s) = %s contains %s = %v, want %v", c.spec, set, c.v, got, c.want)
		}
	}
}

// The version-set algebra the resolver uses follows the same rules.
func TestExclusiveOrderedSetAlgebra(t *testing.T) {
	set := func(s string) Set {
		st, _ := FromSpecifierSet(mustSet(s))
		return st
	}
	for _, c := range []struct {
		spec  string
		empty bool
	}{
		{">1.0a1,<1.0a2.dev0", true},     // only 1.0a1's family lies between
		{">1.0a1,<1.0a2", false},         // 1.0a2.dev0
		{">1.0a1,<=1.0.post0", false},    // 1.0.post0
		{">1.0.dev1,<1.0.dev2", true},    // only 1.0.dev1+local
		{">1.0.dev1,==1.0.post0", false}, // 1.0.post0 is above 1.0.dev1
		{"<1.0.post1,==1.0a1", false},    // 1.0a1 is below 1.0.post1
		{"<1.0.post1,>=1.0.post1.dev0", true},
		{"<1.0.post1,==1.0.post0.dev0", false},
		{">1.0.post1,<1.0.post2.dev0", true}, // only 1.0.post1+local
	} {
		if got := set(c.spec).IsEmpty(); got != c.empty {
			t.Errorf("IsEmpty(%s) = %v, want %v (set %s)", c.spec, got, c.empty, set(c.spec))
		}
	}
	// Same sets, spelt two ways: each is a subset of the other.
	for _, c := range [][2]string{
		{">1.0a1", ">=1.0a2.dev0"},
		{">1.0.dev1", ">=1.0.dev2"},
		{">1.0.post1", ">=1.0.post2.dev0"},
		{"<1.0.post1", "<1.0.post1.dev0"},
		{">1.0a1,<1.0", ">=1.0a2.dev0,<1.0"},
	} {
		a, b := set(c[0]), set(c[1])
		if !a.Difference(b).IsEmpty() || !b.Difference(a).IsEmpty() {
			t.Errorf("%s = %s and %s = %s should be the same set", c[0], a, c[1], b)
		}
		if a.Intersect(b).String() != a.String() {
			t.Errorf("%s ∩ %s = %s, want %s", c[0], c[1], a.Intersect(b), a)
		}
	}
}

// ~= clauses are distinct by their release length (packaging's
// test_specifier_equal_for_compatible_operator): ~=1.18 is 1.*, >=1.18 and
// ~=1.18.0 is 1.18.*, >=1.18.0.
func TestCompatibleClausesByReleaseLength(t *testing.T) {
	for _, c := range []struct {
		in, canon string
		n         int
	}{
		{"~=1.18,~=1.18.0", "~=1.18,~=1.18.0", 2},
		{"~=1.18.0,~=1.18", "~=1.18,~=1.18.0", 2},
		{"~=1.18.0,~=1.18.00", "~=1.18.0", 1},
		{"~=1.18,~=01.18", "~=1.18", 1},
		{">=1.18,>=1.18.0", ">=1.18", 1}, // other operators ignore trailing zeros
		{"==1.0,==1.0.0", "==1.0", 1},
	} {
		ss := mustSet(c.in)
		if ss.String() != c.canon || ss.Len() != c.n {
			t.Errorf("ParseSpecifierSet(%q) = %q (%d clauses), want %q (%d)", c.in, ss, ss.Len(), c.canon, c.n)
		}
	}
	for _, s := range []string{"~=1.18,~=1.18.0", "~=1.18.0,~=1.18"} {
		ss := mustSet(s)
		if ss.Contains(MustParse("1.19.5")) || !ss.Contains(MustParse("1.18.3")) {
			t.Errorf("%q: contains 1.19.5 = %v, 1.18.3 = %v; want false, true", s,
				ss.Contains(MustParse("1.19.5")), ss.Contains(MustParse("1.18.3")))
		}
		if st, _ := FromSpecifierSet(ss); st.Contains(MustParse("1.19.5")) {
			t.Errorf("Set(%q) = %s contains 1.19.5", s, st)
		}
	}
	for _, pair := range [][2]string{{"~=1.18", "~=1.18.0"}, {"~=1.18.0", "~=1.18"}} {
		and := mustSet(pair[0]).And(mustSet(pair[1]))
		if and.Len() != 2 || and.Contains(MustParse("1.19.5")) {
			t.Errorf("%s And %s = %q, contains 1.19.5 = %v", pair[0], pair[1], and, and.Contains(MustParse("1.19.5")))
		}
	}
}
