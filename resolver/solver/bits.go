package solver

import "math/bits"

// bitset is a set of indices into one package's list of candidate versions
// (its universe). Every version set the solver handles is a subset of the
// universe, so sets are exact and their operations cheap.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func fullBitset(n int) bitset {
	b := newBitset(n)
	for i := range b {
		b[i] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		b[len(b)-1] = (uint64(1) << r) - 1
	}
	return b
}

func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) clone() bitset  { return append(bitset(nil), b...) }
func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func (b bitset) empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

func (b bitset) and(c bitset) bitset {
	r := make(bitset, len(b))
	for i := range b {
		r[i] = b[i] & c[i]
	}
	return r
}

func (b bitset) or(c bitset) bitset {
	r := make(bitset, len(b))
	for i := range b {
		r[i] = b[i] | c[i]
	}
	return r
}

// not complements b within a universe of n versions.
func (b bitset) not(n int) bitset {
	r := make(bitset, len(b))
	for i := range b {
		r[i] = ^b[i]
	}
	if rem := n % 64; rem != 0 && len(r) > 0 {
		r[len(r)-1] &= (uint64(1) << rem) - 1
	}
	return r
}

func (b bitset) subsetOf(c bitset) bool {
	for i := range b {
		if b[i]&^c[i] != 0 {
			return false
		}
	}
	return true
}

func (b bitset) disjoint(c bitset) bool {
	for i := range b {
		if b[i]&c[i] != 0 {
			return false
		}
	}
	return true
}

func (b bitset) equal(c bitset) bool {
	for i := range b {
		if b[i] != c[i] {
			return false
		}
	}
	return true
}

// highest returns the largest index in b below limit (exclusive), or -1.
func (b bitset) highest() int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != 0 {
			return i*64 + 63 - bits.LeadingZeros64(b[i])
		}
	}
	return -1
}

// term is a statement about one package: "absent" says whether the package
// may be left out, "allowed" which of its versions may be chosen. PubGrub's
// positive term "P ∈ S" is {absent: false, allowed: S}; its negative term
// "not P ∈ S" is {absent: true, allowed: U \ S}.
type term struct {
	absent  bool
	allowed bitset
}

func anyTerm(n int) term { return term{absent: true, allowed: fullBitset(n)} }

func posTerm(s bitset) term { return term{allowed: s} }

func negTerm(s bitset, n int) term { return term{absent: true, allowed: s.not(n)} }

func (t term) intersect(o term) term {
	return term{absent: t.absent && o.absent, allowed: t.allowed.and(o.allowed)}
}

func (t term) union(o term) term {
	return term{absent: t.absent || o.absent, allowed: t.allowed.or(o.allowed)}
}

func (t term) negate(n int) term { return term{absent: !t.absent, allowed: t.allowed.not(n)} }

func (t term) subsetOf(o term) bool {
	return (!t.absent || o.absent) && t.allowed.subsetOf(o.allowed)
}

func (t term) disjoint(o term) bool {
	return !(t.absent && o.absent) && t.allowed.disjoint(o.allowed)
}

func (t term) isAny(n int) bool {
	return t.absent && t.allowed.count() == n
}

func (t term) positive() bool { return !t.absent }
