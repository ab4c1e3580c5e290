package pep440

import (
	"slices"
	"strings"
)

// Operator is a PEP 440 comparison operator.
type Operator string

// The operators of PEP 440.
const (
	Compatible   Operator = "~="
	Equal        Operator = "=="
	NotEqual     Operator = "!="
	LessEqual    Operator = "<="
	GreaterEqual Operator = ">="
	Less         Operator = "<"
	Greater      Operator = ">"
	Arbitrary    Operator = "==="
)

// Prereleases says how pre-releases (and development releases) are treated
// when matching, like the prereleases argument of packaging's contains and
// filter (None, True, False).
type Prereleases int8

const (
	// PreAuto accepts pre-releases only when a specifier names one
	// (">=1.0b1"); Filter also falls back to pre-releases when nothing else
	// matches.
	PreAuto Prereleases = iota
	// PreInclude accepts pre-releases.
	PreInclude
	// PreExclude never accepts pre-releases.
	PreExclude
)

// Specifier is one clause such as ">=1.0", "==1.4.*" or "~=2.2".
type Specifier struct {
	op   Operator
	v    Version // unset for ===
	star bool    // "==V.*" or "!=V.*"
	raw  string  // the operand of ===, as written
	pre  bool    // the specifier names a pre-release (packaging's .prereleases)
	str  string  // canonical form, computed once
}

// Operator returns the operator.
func (s Specifier) Operator() Operator { return s.op }

// Version returns the operand (zero for ===).
func (s Specifier) Version() Version { return s.v }

// Wildcard reports whether the specifier is a prefix match ("==1.4.*").
func (s Specifier) Wildcard() bool { return s.star }

// NamesPrerelease reports whether the specifier names a pre-release or a
// development release with any operator but != ("<1.0a2", ">1.0a1",
// ">=2.0b1", "==1.0rc1.*"; "===1.0a1" when its operand parses as one), which
// makes PreAuto accept pre-releases. This is current packaging's
// Specifier.prereleases (PEP 440: pre-releases "explicitly requested");
// packaging 21.3, as in pip 23.2, leaves out < and >. It is the one rule
// for "a specifier asks for pre-releases": the solver and the command
// layer use it too.
func (s Specifier) NamesPrerelease() bool { return s.pre }

// String returns the canonical form: operator then normalised version, with
// no space ("~=2.2", "==1.0.*"); === keeps its operand as written.
func (s Specifier) String() string {
	if s.str != "" {
		return s.str
	}
	return s.format()
}

func (s Specifier) format() string {
	if s.op == Arbitrary {
		return "===" + s.raw
	}
	if s.star {
		return string(s.op) + s.v.str + ".*"
	}
	return string(s.op) + s.v.str
}

var operators = []Operator{Arbitrary, Compatible, Equal, NotEqual, LessEqual, GreaterEqual, Less, Greater}

// ParseSpecifier parses one specifier clause, e.g. ">= 1.0" or "==1.4.*".
func ParseSpecifier(s string) (Specifier, error) {
	return parseSpecifier(s, 0, len(s), "specifier")
}

// parseSpecifier parses full[start:end] as one specifier; error offsets are
// relative to full.
func parseSpecifier(full string, start, end int, kind string) (Specifier, error) {
	p := vparser{in: full[:end], full: full, kind: kind}
	in := p.in
	i := skipSpace(in, start)
	var op Operator
	for _, o := range operators {
		if strings.HasPrefix(in[i:], string(o)) {
			op = o
			break
		}
	}
	if op == "" {
		if i >= len(in) {
			return Specifier{}, p.errAt(i, "expected an operator (==, !=, <=, >=, <, >, ~=, ===)")
		}
		return Specifier{}, p.unexpected(i, "an operator (==, !=, <=, >=, <, >, ~=, ===)")
	}
	opEnd := i + len(op)
	i = skipSpace(in, opEnd)
	sp := Specifier{op: op}
	if op == Arbitrary {
		j := i
		for j < len(in) && !isSpace(in[j]) {
			j++
		}
		sp.raw = in[i:j]
		if k := skipSpace(in, j); k != len(in) {
			return Specifier{}, p.unexpected(k, "the end of the specifier")
		}
		if v, err := Parse(sp.raw); err == nil && v.IsPrerelease() {
			sp.pre = true
		}
		sp.str = sp.format()
		return sp, nil
	}
	if i >= len(in) || !(isDigit(in[i]) || lower(in[i]) == 'v') {
		if i >= len(in) {
			return Specifier{}, p.errAt(i, "expected a version after %q", string(op))
		}
		return Specifier{}, p.unexpected(i, "a version after \""+string(op)+"\"")
	}
	opts := parseOpts{local: op == Equal || op == NotEqual, star: op == Equal || op == NotEqual}
	vstart := i
	v, j, star, err := p.parseStar(i, opts)
	if err != nil {
		if pe, ok := err.(*ParseError); ok && pe.Offset < len(in) && in[pe.Offset] == '+' {
			return Specifier{}, p.errAt(pe.Offset, "a local version label (+...) is not allowed with %s", op)
		}
		return Specifier{}, err
	}
	if !opts.star && hasStar(in, j) {
		return Specifier{}, p.errAt(j, "a prefix match (.*) is only allowed with == and !=")
	}
	if k := skipSpace(in, j); k != len(in) {
		return Specifier{}, p.unexpected(k, "the end of the specifier")
	}
	if op == Compatible && len(v.release) < 2 {
		return Specifier{}, p.errAt(vstart, "~= needs a version with at least two release components (~=2.2, not ~=2)")
	}
	sp.v, sp.star = v, star
	sp.pre = op != NotEqual && v.IsPrerelease()
	sp.str = sp.format()
	return sp, nil
}

// Contains reports whether v satisfies s, with pre-releases accepted only
// when s names one (packaging's Specifier.contains(v)).
func (s Specifier) Contains(v Version) bool { return s.ContainsPre(v, PreAuto) }

// ContainsPre is Contains with an explicit pre-release policy.
func (s Specifier) ContainsPre(v Version, pre Prereleases) bool {
	if v.IsPrerelease() && !s.allowPre(pre) {
		return false
	}
	return s.match(v)
}

func (s Specifier) allowPre(pre Prereleases) bool {
	return pre == PreInclude || (pre == PreAuto && s.pre)
}

// match applies the operator without the pre-release policy.
func (s Specifier) match(v Version) bool {
	if v.key == "" {
		return false
	}
	switch s.op {
	case Compatible:
		return v.comparePublic(s.v) >= 0 && prefixMatch(v, s.v, len(s.v.release)-1, false)
	case Equal:
		return s.equal(v)
	case NotEqual:
		return !s.equal(v)
	case LessEqual:
		return v.comparePublic(s.v) <= 0
	case GreaterEqual:
		return v.comparePublic(s.v) >= 0
	case Less:
		if v.key >= s.v.key {
			return false
		}
		// PEP 440: <V excludes the pre-releases of V unless V is one. For
		// V final that is every pre- and dev-release of its release; for
		// V a post-release (<1.0.post1) only the dev-releases of that
		// post-release (1.0.post1.dev0), as current packaging reads it:
		// 1.0a1, 1.0.dev0 and 1.0.post0.dev0 are below 1.0.post1.
		if !s.v.IsPrerelease() && v.IsPrerelease() && v.sameBase(s.v) {
			if !s.v.hasPost {
				return false
			}
			if v.preL == "" && v.hasPost && v.postN == s.v.postN {
				return false
			}
		}
		return true
	case Greater:
		if v.key <= s.v.key {
			return false
		}
		// PEP 440: >V excludes the local versions of V, and the
		// post-releases of V unless V is one. A post- or dev-release V
		// has no post-releases of its own, so only V+local goes
		// (1.0.post0 is in >1.0.dev1); for V final or a pre-release,
		// V's family goes: the versions with V's release and pre-release
		// segment (1.0+l and 1.0.post1 for >1.0; 1.0a1+l and 1.0a1.post1
		// for >1.0a1, but not 1.0a2+l nor 1.0.post0).
		if s.v.hasDev || s.v.hasPost {
			return !v.samePublic(s.v)
		}
		return !(v.sameBase(s.v) && v.preL == s.v.preL && v.preN == s.v.preN)
	case Arbitrary:
		return strings.ToLower(s.raw) == v.str
	}
	return false
}

func (s Specifier) equal(v Version) bool {
	if s.star {
		return prefixMatch(v, s.v, len(s.v.release), true)
	}
	if s.v.local != "" {
		return v.key == s.v.key
	}
	return v.samePublic(s.v)
}

// prefixMatch implements "==spec.*": the candidate's public version, split
// into epoch, release components and suffix segments, with its release
// padded with zeros to n components, must start with the spec's first n
// release components and (when withSuffix) the spec's pre/post segments. This
// is the algorithm of current packaging releases (which normalise both sides
// first); see docs/versions.md for how packaging 21.3 differs.
func prefixMatch(v, spec Version, n int, withSuffix bool) bool {
	if v.epoch != spec.epoch {
		return false
	}
	for i := 0; i < n; i++ {
		c := "0"
		if i < len(v.release) {
			c = v.release[i]
		}
		if c != spec.release[i] {
			return false
		}
	}
	if !withSuffix || (spec.preL == "" && !spec.hasPost) {
		return true
	}
	// The spec continues with suffix tokens; a candidate with a longer
	// release has a number in that position and cannot match.
	if len(v.release) > n {
		return false
	}
	if spec.preL != "" {
		if v.preL != spec.preL || v.preN != spec.preN {
			return false
		}
		if spec.hasPost {
			return v.hasPost && v.postN == spec.postN
		}
		return true
	}
	// spec has a post segment and no pre: the candidate's next token must be
	// the same post segment.
	return v.preL == "" && v.hasPost && v.postN == spec.postN
}

// SpecifierSet is a comma-separated conjunction of specifiers. The zero
// value is the empty set, which every final release satisfies.
type SpecifierSet struct {
	specs []Specifier // sorted by String, duplicates removed
	pre   bool        // some specifier names a pre-release
}

// ParseSpecifierSet parses "" or one or more comma-separated specifiers,
// e.g. ">=1.0, <2, !=1.3.*". Empty items (",,") are ignored, as packaging does.
func ParseSpecifierSet(s string) (SpecifierSet, error) {
	return parseSpecifierSet(s, 0, len(s), "specifier")
}

func parseSpecifierSet(full string, start, end int, kind string) (SpecifierSet, error) {
	var set SpecifierSet
	i := start
	for i <= end {
		j := strings.IndexByte(full[i:end], ',')
		if j < 0 {
			j = end
		} else {
			j += i
		}
		if skipSpace(full[:j], i) < j {
			sp, err := parseSpecifier(full, i, j, kind)
			if err != nil {
				return SpecifierSet{}, err
			}
			set.specs = append(set.specs, sp)
		}
		i = j + 1
	}
	set.normalise()
	return set, nil
}

// NewSpecifierSet builds a set from specifiers (for example the union of two
// sets' clauses, which is their intersection).
func NewSpecifierSet(specs ...Specifier) SpecifierSet {
	set := SpecifierSet{specs: append([]Specifier(nil), specs...)}
	set.normalise()
	return set
}

func (set *SpecifierSet) normalise() {
	if len(set.specs) > 1 {
		// Drop clauses that repeat an earlier one: same operator and an equal
		// version (">=1.0" and ">=v1" are the same clause), as packaging does.
		// The first spelling wins.
		out := make([]Specifier, 0, len(set.specs))
	outer:
		for _, sp := range set.specs {
			for _, o := range out {
				if o.sameClause(sp) {
					continue outer
				}
			}
			out = append(out, sp)
		}
		slices.SortStableFunc(out, func(a, b Specifier) int { return strings.Compare(a.str, b.str) })
		set.specs = out
	}
	set.pre = false
	for _, sp := range set.specs {
		if sp.pre {
			set.pre = true
		}
	}
}

// sameClause reports whether s and t are the same clause: the same
// operator and an equal version (or the same text for === and .*); for ~=
// also the same number of release components, as current packaging
// compares them (it keeps trailing zeros for ~=).
func (s Specifier) sameClause(t Specifier) bool {
	if s.op != t.op || s.star != t.star {
		return false
	}
	if s.op == Arbitrary || s.star {
		return s.String() == t.String()
	}
	if s.op == Compatible && len(s.v.release) != len(t.v.release) {
		// ~=1.18 and ~=1.18.0 are different clauses: the release length
		// decides the prefix (1.* against 1.18.*).
		return false
	}
	return s.v.key == t.v.key
}

// Specifiers returns the clauses, sorted by their canonical form.
func (set SpecifierSet) Specifiers() []Specifier { return set.specs }

// Len returns the number of clauses.
func (set SpecifierSet) Len() int { return len(set.specs) }

// NamesPrerelease reports whether some clause names a pre-release.
func (set SpecifierSet) NamesPrerelease() bool { return set.pre }

// String returns the clauses in canonical form, sorted and joined by ",".
func (set SpecifierSet) String() string {
	switch len(set.specs) {
	case 0:
		return ""
	case 1:
		return set.specs[0].String()
	}
	parts := make([]string, len(set.specs))
	for i, sp := range set.specs {
		parts[i] = sp.String()
	}
	return strings.Join(parts, ",")
}

// And returns the conjunction of two sets.
func (set SpecifierSet) And(other SpecifierSet) SpecifierSet {
	return NewSpecifierSet(append(append([]Specifier(nil), set.specs...), other.specs...)...)
}

// Contains reports whether v satisfies every clause, accepting pre-releases
// only when a clause names one (packaging's SpecifierSet.contains(v)).
func (set SpecifierSet) Contains(v Version) bool { return set.ContainsPre(v, PreAuto) }

// ContainsPre is Contains with an explicit pre-release policy.
func (set SpecifierSet) ContainsPre(v Version, pre Prereleases) bool {
	if v.key == "" {
		return false
	}
	if v.IsPrerelease() && !(pre == PreInclude || (pre == PreAuto && set.pre)) {
		return false
	}
	for i := range set.specs {
		if !set.specs[i].match(v) {
			return false
		}
	}
	return true
}

// Filter returns the versions that satisfy the set, in their original
// order. With PreAuto, pre-releases are kept when a clause names one, and
// otherwise only when no final or post release matches (PEP 440's rule,
// and what packaging's Specifier.filter does; see docs/versions.md for the
// packaging 21.3 SpecifierSet.filter difference).
func (set SpecifierSet) Filter(versions []Version, pre Prereleases) []Version {
	var out, pres []Version
	for _, v := range versions {
		if !set.ContainsPre(v, PreInclude) {
			continue
		}
		if v.IsPrerelease() {
			switch {
			case pre == PreInclude || (pre == PreAuto && set.pre):
				out = append(out, v)
			case pre == PreAuto:
				pres = append(pres, v)
			}
			continue
		}
		out = append(out, v)
	}
	if len(out) == 0 && len(pres) > 0 {
		// Only pre-releases match: use them, in order.
		return pres
	}
	return out
}
