package pep440

import (
	"math/rand"
	"strings"
	"testing"
)

// setVersions is the reference pool plus versions built around every
// specifier operand, so bounds are probed from both sides.
func setVersions(t *testing.T, specs []SpecifierSet) []Version {
	var tab struct{ Versions []string }
	loadJSON(t, "contains.json", &tab)
	var vs []Version
	for _, s := range tab.Versions {
		vs = append(vs, MustParse(s))
	}
	suffixes := []string{"", ".0", ".0.0", ".1", "a1", "a1+l", ".dev0", ".dev3", ".post0", ".post1.dev1", ".post2", ".post5", "+l", "+1", "rc1.post1", "a1.post1+x", ".post1+z"}
	for _, ss := range specs {
		for _, sp := range ss.specs {
			if sp.op == Arbitrary {
				continue
			}
			base := sp.v.BaseVersion().String()
			for _, suf := range suffixes {
				if v, err := Parse(base + suf); err == nil {
					vs = append(vs, v)
				}
				if v, err := Parse(sp.v.Public().String() + suf); err == nil {
					vs = append(vs, v)
				}
			}
		}
	}
	// drop duplicates (equal versions with the same spelling)
	seen := map[string]bool{}
	out := vs[:0]
	for _, v := range vs {
		if !seen[v.str] {
			seen[v.str] = true
			out = append(out, v)
		}
	}
	return out
}

func referenceSets(t *testing.T) []SpecifierSet {
	var tab struct{ Cases []struct{ Spec string } }
	loadJSON(t, "contains.json", &tab)
	var out []SpecifierSet
	for _, c := range tab.Cases {
		ss, err := ParseSpecifierSet(c.Spec)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ss)
	}
	for _, s := range []string{">=2,<1", "==1.0,!=1.0", ">1.0,<1.0.post1", "<1.0,>0.9.9", "~=1.0,<1.0"} {
		out = append(out, mustSet(s))
	}
	return out
}

func mustSet(s string) SpecifierSet {
	ss, err := ParseSpecifierSet(s)
	if err != nil {
		panic(err)
	}
	return ss
}

func TestSetMatchesSpecifierSet(t *testing.T) {
	specs := referenceSets(t)
	vs := setVersions(t, specs[:200])
	exactCount := 0
	for _, ss := range specs {
		set, inexact := FromSpecifierSet(ss)
		if len(inexact) == 0 {
			exactCount++
		}
	next:
		for _, v := range vs {
			want := ss.ContainsPre(v, PreInclude)
			if set.Contains(v) == want {
				continue
			}
			for _, b := range inexact {
				if v.sameBase(b) {
					continue next
				}
			}
			t.Errorf("FromSpecifierSet(%q) = %s: Contains(%s) = %v, specifier says %v (inexact %v)", ss, set, v, !want, want, inexact)
		}
	}
	if exactCount < len(specs)/2 {
		t.Errorf("only %d of %d sets are exact", exactCount, len(specs))
	}
	for _, s := range []string{">=2,<1", "==1.0,!=1.0", ">1.0,<1.0.post1", "~=1.0,<1.0", "<1.0,>=1.0",
		">=1.5,<1.6,!=1.5.*", ">1.0,<1.0.post0.dev0", "<0", "<0.dev0", "!=0.*,>=0,<1.0.dev0", ">=1.0.dev0,<1.0", "!=1.*,>=1.0,<2", ">=1.0.dev3,<1.0.dev4,!=1.0.dev3", "~=1.4.5,!=1.4.*"} {
		if set, _ := FromSpecifierSet(mustSet(s)); !set.IsEmpty() {
			t.Errorf("%q should be empty, got %s", s, set)
		}
	}
	for s, exact := range map[string]bool{">=1.0": true, "<1.0": true, ">1.0": true, "==1.*": true, "~=1.4.5": true,
		"!=2.0.*": true, "<1.0.post1": true, ">1.0a1": true, "==1.0a1.*": false, ">1.0.post1": true, ">1.0.dev1": true, "<=1.0": true} {
		if _, inexact := FromSpecifierSet(mustSet(s)); (len(inexact) == 0) != exact {
			t.Errorf("%q: inexact = %v, want exact=%v", s, inexact, exact)
		}
	}
}

func TestSetOperations(t *testing.T) {
	specs := referenceSets(t)
	vs := setVersions(t, specs[:100])
	rng := rand.New(rand.NewSource(1))
	sets := make([]Set, len(specs))
	for i, ss := range specs {
		sets[i], _ = FromSpecifierSet(ss)
	}
	sets = append(sets, Set{}, All(), Only(MustParse("1.0")), Only(MustParse("1.0+x")))
	for n := 0; n < 400; n++ {
		a, b := sets[rng.Intn(len(sets))], sets[rng.Intn(len(sets))]
		and, or, not, diff := a.Intersect(b), a.Union(b), a.Complement(), a.Difference(b)
		anyIn := false
		for _, v := range vs {
			ia, ib := a.Contains(v), b.Contains(v)
			if and.Contains(v) != (ia && ib) || or.Contains(v) != (ia || ib) || not.Contains(v) == ia || diff.Contains(v) != (ia && !ib) {
				t.Fatalf("set ops disagree on %s: a=%s b=%s and=%s or=%s not=%s", v, a, b, and, or, not)
			}
			anyIn = anyIn || and.Contains(v)
		}
		if anyIn && and.IsEmpty() {
			t.Fatalf("%s ∩ %s is empty but contains versions", a, b)
		}
		for _, s := range []Set{and, or, not, diff} {
			checkWitnesses(t, s)
		}
		if !not.Complement().Union(Set{}).equalRepr(a) {
			t.Fatalf("double complement of %s is %s", a, not.Complement())
		}
		for i := 1; i < len(or.iv); i++ {
			if !less(or.iv[i-1].hi, or.iv[i].lo) {
				t.Fatalf("union %s has overlapping or touching intervals", or)
			}
		}
	}
	if !All().Complement().IsEmpty() || !(Set{}).Complement().Contains(MustParse("7")) {
		t.Fatal("All/empty complement")
	}
}

func (s Set) equalRepr(t Set) bool {
	if len(s.iv) != len(t.iv) {
		return false
	}
	for i := range s.iv {
		if s.iv[i].lo.key != t.iv[i].lo.key || s.iv[i].hi.key != t.iv[i].hi.key || s.iv[i].hi.inf != t.iv[i].hi.inf {
			return false
		}
	}
	return true
}

func TestSetString(t *testing.T) {
	for in, want := range map[string]string{
		">=1.0,<2.0": ">=1.0, <2.0.dev0",
		"":           "*",
		"==1.0":      ">=1.0, <1.0.post0.dev0",
		"!=1.4.*":    "<1.4.dev0 || >=1.5.dev0",
		">2":         ">=2.**",
		"<2,>3":      "<empty>",
		"==1.0+abc":  "==1.0+abc (exactly)",
		"!=1.0+abc":  "<1.0+abc || >1.0+abc",
	} {
		s, _ := FromSpecifierSet(mustSet(in))
		if s.String() != want {
			t.Errorf("set %q String() = %q, want %q", in, s, want)
		}
	}
}

// checkWitnesses finds a version inside every interval of s: an interval
// list never holds an interval without versions, so IsEmpty is exact.
func checkWitnesses(t *testing.T, s Set) {
	t.Helper()
	for _, iv := range s.iv {
		var w Version
		switch {
		case iv.lo.key == negInf.key:
			w = MustParse("0.dev0")
		case iv.lo.after && strings.Contains(iv.lo.label, "+"):
			w = MustParse(iv.lo.label + ".0a")
		case iv.lo.after:
			w = MustParse(iv.lo.label + "+0a")
		case strings.HasSuffix(iv.lo.label, ".**"):
			w = MustParse(strings.TrimSuffix(iv.lo.label, ".**") + ".0.0.0.0.0.0.1")
		default:
			w = MustParse(iv.lo.label)
		}
		if !s.Contains(w) {
			t.Fatalf("interval %s of %s holds no version (tried %s)", (Set{iv: []interval{iv}}), s, w)
		}
	}
}
