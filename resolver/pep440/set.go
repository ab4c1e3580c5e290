package pep440

import (
	"strings"
)

// Set is a set of versions, for the resolver: a union of half-open
// intervals over the total order of PEP 440 versions. The zero Set is empty.
//
// Bounds are points of the key space: mostly real versions (">=1.0, <=1.0"
// is [1.0, 1.0.post0.dev0), "just past every local version of 1.0"), plus
// "just past every version whose release is 1.0" (written 1.0.** by
// String), which no version can express. Every interval between two such
// bounds holds a version, so IsEmpty is exact. Most specifiers are exact:
//
//	>=V  <=V  ==V  ==V+local  !=V  ==R.*  !=R.*  ~=V  <V  >V
//
// Every ordered comparison is exact, as PEP 440 and current packaging read
// it (<1.0.post1 is everything below 1.0.post1.dev0; >1.0a1 everything from
// 1.0a2.dev0; >1.0.dev1 everything from 1.0.dev2). The Set differs from the
// specifier only for the clauses below, and only on versions sharing the
// clause's release (its BaseVersion); FromSpecifierSet returns those base
// versions so a caller can re-check candidates there with
// SpecifierSet.ContainsPre:
//
//   - "==V.*" / "!=V.*" with a pre- or post-release segment (==1.0a1.*):
//     membership follows the version's value, while packaging compares the
//     spelling of the release, so 1.0.0a1 (equal to 1.0a1) is in the Set of
//     ==1.0a1.* but not matched by it (and the reverse for !=).
//   - "===S": holds every version equal to S (1.0 and 1.0.0), while the
//     specifier matches one spelling.
//
// Sets do not carry the pre-release policy: FromSpecifierSet gives the
// versions that satisfy the clauses with pre-releases included (PreInclude).
type Set struct {
	iv []interval
}

type bound struct {
	key   string
	inf   bool   // +infinity (only as an upper bound)
	label string // for String
	after bool   // the bound sits just after the version in label
}

// interval is [lo, hi). Every bound but posInf and afterRelease is the key of
// a real version, and between two distinct bounds there is always a version,
// so a non-empty interval list means a non-empty set.
type interval struct{ lo, hi bound }

// negInf is the smallest version, 0.dev0: nothing sorts below it.
var (
	negInf = bound{key: minVersion().key, label: ""}
	posInf = bound{inf: true}
)

func minVersion() Version {
	v := Version{epoch: "0", release: []string{"0"}, hasDev: true, devN: "0"}
	v.build()
	return v
}

func less(a, b bound) bool {
	if a.inf || b.inf {
		return !a.inf && b.inf
	}
	return a.key < b.key
}

// All returns the set of every version.
func All() Set { return Set{iv: []interval{{negInf, posInf}}} }

// Only returns the set holding v and the versions equal to it.
func Only(v Version) Set {
	return mk(interval{at(v), bound{key: v.key + "\x00", label: v.str, after: true}})
}

func mk(ivs ...interval) Set {
	var s Set
	for _, iv := range ivs {
		s = s.Union(Set{iv: []interval{iv}}.clean())
	}
	return s
}

func (s Set) clean() Set {
	out := s.iv[:0:0]
	for _, iv := range s.iv {
		if less(iv.lo, iv.hi) {
			out = append(out, iv)
		}
	}
	return Set{iv: out}
}

// IsEmpty reports whether no version is in s.
func (s Set) IsEmpty() bool { return len(s.iv) == 0 }

// Contains reports whether v is in s.
func (s Set) Contains(v Version) bool {
	if v.key == "" {
		return false
	}
	// binary search for the last interval whose lo <= v (every key is at
	// least negInf's)
	lo, hi := 0, len(s.iv)
	for lo < hi {
		m := (lo + hi) / 2
		if s.iv[m].lo.key <= v.key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return false
	}
	iv := s.iv[lo-1]
	return iv.hi.inf || v.key < iv.hi.key
}

// Union returns the versions in s or t.
func (s Set) Union(t Set) Set {
	all := make([]interval, 0, len(s.iv)+len(t.iv))
	i, j := 0, 0
	for i < len(s.iv) || j < len(t.iv) {
		if j >= len(t.iv) || (i < len(s.iv) && !less(t.iv[j].lo, s.iv[i].lo)) {
			all = append(all, s.iv[i])
			i++
		} else {
			all = append(all, t.iv[j])
			j++
		}
	}
	var out []interval
	for _, iv := range all {
		if n := len(out); n > 0 && !less(out[n-1].hi, iv.lo) {
			if less(out[n-1].hi, iv.hi) {
				out[n-1].hi = iv.hi
			}
			continue
		}
		out = append(out, iv)
	}
	return Set{iv: out}
}

// Intersect returns the versions in both s and t.
func (s Set) Intersect(t Set) Set {
	var out []interval
	i, j := 0, 0
	for i < len(s.iv) && j < len(t.iv) {
		a, b := s.iv[i], t.iv[j]
		lo := a.lo
		if less(lo, b.lo) {
			lo = b.lo
		}
		hi := a.hi
		if less(b.hi, hi) {
			hi = b.hi
		}
		if less(lo, hi) {
			out = append(out, interval{lo, hi})
		}
		if less(a.hi, b.hi) {
			i++
		} else {
			j++
		}
	}
	return Set{iv: out}
}

// Complement returns the versions not in s.
func (s Set) Complement() Set {
	var out []interval
	prev := negInf
	for _, iv := range s.iv {
		if less(prev, iv.lo) {
			out = append(out, interval{prev, iv.lo})
		}
		prev = iv.hi
	}
	if !prev.inf {
		out = append(out, interval{prev, posInf})
	}
	return Set{iv: out}
}

// Difference returns the versions in s and not in t.
func (s Set) Difference(t Set) Set { return s.Intersect(t.Complement()) }

// String describes the set for people, e.g. ">=1.0, <2.0.dev0 || ==3.0".
// A bound that is not a version reads "1.0.**": just after every version
// whose release is 1.0 (1.0.post1, 1.0+local), before 1.0.0.1. The form is
// for messages; it is not parsed back.
func (s Set) String() string {
	if len(s.iv) == 0 {
		return "<empty>"
	}
	var b strings.Builder
	for i, iv := range s.iv {
		if i > 0 {
			b.WriteString(" || ")
		}
		lo, hi := ">="+iv.lo.label, "<"+iv.hi.label
		if iv.lo.after {
			lo = ">" + iv.lo.label
		}
		if iv.hi.after {
			hi = "<=" + iv.hi.label
		}
		switch {
		case iv.lo.key == negInf.key && iv.hi.inf:
			b.WriteString("*")
		case iv.lo.key == negInf.key:
			b.WriteString(hi)
		case iv.hi.inf:
			b.WriteString(lo)
		case iv.hi.after && iv.hi.key == iv.lo.key+"\x00":
			b.WriteString("==" + iv.lo.label + " (exactly)")
		default:
			b.WriteString(lo + ", " + hi)
		}
	}
	return b.String()
}

// Bounds derived from a version. Every bound is either the key of a real
// version or a point with infinitely many versions on both sides, so an
// interval between two distinct bounds always holds a version and IsEmpty
// is exact.
func at(v Version) bound { return bound{key: v.key, label: v.str} }

// afterLocals is just past every local version of v: the next public
// version after v (1.0 -> 1.0.post0.dev0, 1.0.dev3 -> 1.0.dev4).
func afterLocals(v Version) bound {
	w := v
	w.local = ""
	switch {
	case v.hasDev:
		w.devN = incDecimal(v.devN)
	case v.hasPost:
		w.postN, w.hasDev, w.devN = incDecimal(v.postN), true, "0"
	default:
		w.hasPost, w.postN, w.hasDev, w.devN = true, "0", true, "0"
	}
	w.build()
	return at(w)
}

// releaseStart is the first version whose release is at least rel: R.dev0.
func releaseStart(epoch string, rel []string) bound {
	v := Version{epoch: epoch, release: rel, hasDev: true, devN: "0"}
	v.build()
	return at(v)
}

// afterRelease is just past every version whose release is exactly v's
// (1.0, 1.0.post1, 1.0+local), before 1.0.0.1.
func afterRelease(v Version) bound {
	return bound{key: v.key[:v.baseLen] + "\xff", label: v.BaseVersion().str + ".**"}
}

func incDecimal(d string) string {
	b := []byte(d)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// prefixSet is the exact set of "==E!R.*" for the first n release
// components R of v (no pre/post segment): every version whose release,
// padded with zeros, starts with R, i.e. from R.dev0 up to the start of the
// release after R (1.4.* = [1.4.dev0, 1.5.dev0)).
func prefixSet(v Version, n int) Set {
	rel := v.release[:n]
	next := append([]string(nil), rel...)
	next[n-1] = incDecimal(next[n-1])
	return mk(interval{releaseStart(v.epoch, rel), releaseStart(v.epoch, next)})
}

// FromSpecifier returns the set of versions that satisfy sp with
// pre-releases included, and whether the set is exact (see Set).
func FromSpecifier(sp Specifier) (Set, bool) {
	v := sp.v
	switch sp.op {
	case GreaterEqual:
		return mk(interval{at(v), posInf}), true
	case LessEqual:
		return mk(interval{negInf, afterLocals(v)}), true
	case Equal, NotEqual:
		var s Set
		exact := true
		switch {
		case sp.star && v.preL == "" && !v.hasPost:
			s = prefixSet(v, len(v.release))
		case sp.star:
			// ==R{pre}{post}.*: every version with this release and these
			// segments, whatever follows (dev, local): from R{pre}{post}.dev0
			// up to the next post-release (or pre-release) .dev0.
			lo := Version{epoch: v.epoch, release: v.release, preL: v.preL, preN: v.preN,
				hasPost: v.hasPost, postN: v.postN, hasDev: true, devN: "0"}
			hi := lo
			if v.hasPost {
				hi.postN = incDecimal(v.postN)
			} else {
				hi.preN = incDecimal(v.preN)
			}
			lo.build()
			hi.build()
			s = mk(interval{at(lo), at(hi)})
			exact = false
		case v.local != "":
			s = Only(v)
		default:
			s = mk(interval{at(v), afterLocals(v)})
		}
		if sp.op == NotEqual {
			s = s.Complement()
		}
		return s, exact
	case Compatible:
		return mk(interval{at(v), posInf}).Intersect(prefixSet(v, len(v.release)-1)), true
	case Less:
		switch {
		case v.IsPrerelease():
			return mk(interval{negInf, at(v)}), true
		case !v.hasPost:
			return mk(interval{negInf, releaseStart(v.epoch, v.release)}), true
		default:
			// <R.postN: below R.postN.dev0, the first pre-release of V.
			w := v
			w.hasDev, w.devN = true, "0"
			w.build()
			return mk(interval{negInf, at(w)}), true
		}
	case Greater:
		switch {
		case v.hasDev || v.hasPost:
			// Past V's local versions only: V.dev(N+1), V.post(N+1).dev0.
			return mk(interval{afterLocals(v), posInf}), true
		case v.preL != "":
			// Past V's family (V+local, V.postN): R{pre}(N+1).dev0.
			w := Version{epoch: v.epoch, release: v.release, preL: v.preL,
				preN: incDecimal(v.preN), hasDev: true, devN: "0"}
			w.build()
			return mk(interval{at(w), posInf}), true
		default:
			return mk(interval{afterRelease(v), posInf}), true
		}
	case Arbitrary:
		w, err := Parse(sp.raw)
		if err != nil || w.str != strings.ToLower(sp.raw) {
			return Set{}, true
		}
		return Only(w), false
	}
	return Set{}, true
}

// FromSpecifierSet returns the set of versions that satisfy every clause of
// ss with pre-releases included. inexact lists the base versions (epoch and
// release) around which the Set may differ from ss.ContainsPre(v,
// PreInclude), as described on Set; it is empty when the Set is exact.
func FromSpecifierSet(ss SpecifierSet) (s Set, inexact []Version) {
	s = All()
	for _, sp := range ss.specs {
		t, exact := FromSpecifier(sp)
		s = s.Intersect(t)
		if !exact {
			if sp.op == Arbitrary {
				if w, err := Parse(sp.raw); err == nil {
					inexact = append(inexact, w.BaseVersion())
				}
				continue
			}
			inexact = append(inexact, sp.v.BaseVersion())
		}
	}
	return s, inexact
}
