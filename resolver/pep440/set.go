package pep440

import (
	"strings"
)

// Set is a set of versions, for the resolver: a union of half-open
// intervals over the total order of PEP 440 versions. The zero Set is empty.
//
// Interval bounds live in the space of comparison keys rather than being
// versions themselves, so a bound can sit "just after every local version of
// 1.0" or "just after every version whose release is 1.0", which no single
// version can express. That makes most specifiers exact:
//
//	>=V  <=V  ==V  ==V+local  !=V  ==R.*  !=R.*  ~=V  <V (V not a post-release)  >V (V a final release)
//
// A few PEP 440 rules exclude versions that interleave with the included
// ones infinitely often (">1.0a1" excludes 1.0a2+local but not 1.0a2, nor
// 1.0a3), so no finite union of intervals is exact. For those the Set is
// an over-approximation limited to versions sharing the specifier's
// release (its BaseVersion), and FromSpecifierSet returns those base
// versions so a caller can re-check candidates there with
// SpecifierSet.ContainsPre:
//
//   - "<V" with V a post-release (<1.0.post2): also holds the development
//     releases of 1.0's post-releases below V (1.0.post1.dev1).
//   - ">V" with V a pre-, post- or development release: also holds the local
//     versions of V's release above V, and its post-releases when V is not one.
//   - "==V.*" / "!=V.*" with a pre- or post-release segment (==1.0a1.*):
//     membership follows the version's value, while packaging compares the
//     spelling of the release, so 1.0.0a1 (equal to 1.0a1) is in the Set
//     but not matched by the specifier.
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
}

// interval is [lo, hi). lo.key == "" is -infinity.
type interval struct{ lo, hi bound }

var (
	negInf = bound{label: ""}
	posInf = bound{inf: true}
)

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
	return mk(interval{bound{key: v.key, label: v.str}, bound{key: v.key + "\x00", label: v.str}})
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
	// binary search for the last interval whose lo <= v
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
// Bounds that are not versions read "1.0+*" (just after every local
// version of 1.0) and "1.0.**" (just after every version whose release is
// 1.0). The form is for messages; it is not parsed back.
func (s Set) String() string {
	if len(s.iv) == 0 {
		return "<empty>"
	}
	var b strings.Builder
	for i, iv := range s.iv {
		if i > 0 {
			b.WriteString(" || ")
		}
		switch {
		case iv.lo.key == "" && iv.hi.inf:
			b.WriteString("*")
		case iv.lo.key == "":
			b.WriteString("<" + iv.hi.label)
		case iv.hi.inf:
			b.WriteString(">=" + iv.lo.label)
		case iv.hi.key == iv.lo.key+"\x00":
			b.WriteString("==" + iv.lo.label + " (exactly)")
		default:
			b.WriteString(">=" + iv.lo.label + ", <" + iv.hi.label)
		}
	}
	return b.String()
}

// bounds derived from a version
func at(v Version) bound { return bound{key: v.key, label: v.str} }
func afterLocals(v Version) bound {
	return bound{key: v.key[:v.pubLen] + "\xff", label: v.Public().str + "+*"}
}
func publicStart(v Version) bound { return bound{key: v.key[:v.pubLen], label: v.Public().str} }
func releaseStart(v Version) bound {
	return bound{key: v.key[:v.baseLen], label: v.BaseVersion().str + ".dev0"}
}
func afterRelease(v Version) bound {
	return bound{key: v.key[:v.baseLen] + "\xff", label: v.BaseVersion().str + ".**"}
}

// prefixSet is the exact set of "==E!R.*" for the first n release
// components of v (no pre/post segment).
func prefixSet(v Version, n int) Set {
	rel := v.release[:n]
	m := releaseEnd(rel)
	rp := string(appendRelease(nil, v.epoch, rel))
	label := strings.Join(rel, ".")
	if v.epoch != "0" {
		label = v.epoch + "!" + label
	}
	exact := interval{bound{key: rp + "\x00", label: label + ".dev0"}, bound{key: rp + "\x00\xff", label: label + ".**"}}
	var zeros strings.Builder
	zeros.WriteString(rp)
	for i := m; i < n; i++ {
		zeros.WriteString("\x01\x00")
	}
	longer := zeros.String() + "\x01"
	return mk(exact, interval{bound{key: longer, label: label + ".0.dev0"}, bound{key: longer + "\xff", label: label + ".*.**"}})
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
			// segments, whatever follows (dev, local).
			b := []byte(v.key[:v.baseLen])
			if v.preL != "" {
				b = append(b, 1, preCode(v.preL))
				b = appendNum(b, v.preN)
			} else {
				b = append(b, 2)
			}
			if v.hasPost {
				b = append(b, 1)
				b = appendNum(b, v.postN)
			}
			s = mk(interval{bound{key: string(b), label: v.str + ".dev0"}, bound{key: string(b) + "\xff", label: v.str + ".**"}})
			exact = false
		case v.local != "":
			s = Only(v)
		default:
			s = mk(interval{publicStart(v), afterLocals(v)})
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
			return mk(interval{negInf, releaseStart(v)}), true
		default:
			final := Version{epoch: v.epoch, release: v.release}
			final.build()
			return mk(interval{negInf, releaseStart(v)}, interval{at(final), at(v)}), false
		}
	case Greater:
		if !v.IsPrerelease() && !v.hasPost {
			return mk(interval{afterRelease(v), posInf}), true
		}
		return mk(interval{afterLocals(v), posInf}), false
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
