package solver

import (
	"errors"

	"github.com/fwenv/fwenv/resolver/pep440"
)

// The pre-release rule (PEP 440, as current packaging applies it): a
// pre-release or development release of a project may be chosen when
//
//	(a) Request.Pre is set;
//	(b) a requirement or constraint on the project names a pre-release with
//	    any operator but != ("a<0.2.0a2", "b>0.0.0a1", "c>=2.0b1";
//	    pep440.SpecifierSet.NamesPrerelease, the one rule): then the
//	    pre-releases inside that requirement's range may be chosen;
//	(c) it is necessary: no final or post release satisfies the
//	    specifiers on the project (one requirement alone, two together, or
//	    all those met so far together; "verpkg==3.*" with only 3.0rc2 in
//	    3.x): then the pre-releases inside those specifiers may be chosen;
//	(d) it is the installed version.
//
// The project has no usable final release at all: (c) for every pre-release.
// (b) and (c) look at the requirements met during the resolution: when a
// dependency read from metadata opens new pre-releases of a project whose
// versions the solver already uses, the resolution starts again with them
// open (errRestart); what was read stays cached.

// errRestart stops a resolution whose pre-release rules changed.
var errRestart = errors.New("solver: pre-release rules changed, restart")

// usable reports whether the solver may use version i of u whatever the
// requirements: the installed version, or a version with a usable file, not
// a yanked release that is not pinned, a Requires-Python the target meets.
func (s *solver) usable(u *universe, i int) bool {
	if i == u.installed {
		return true
	}
	c := u.cands[i]
	if c.Unavailable != "" || (c.Yanked && !u.yankOK[i]) {
		return false
	}
	if c.RequiresPython != "" {
		if ss, err := pep440.ParseSpecifierSet(c.RequiresPython); err == nil && !ss.ContainsPre(s.python, pep440.PreInclude) {
			return false
		}
	}
	return true
}

// openPre applies rules (b) and (c) to one more requirement on u's project
// and records what it opens in s.preSeeds; it reports whether a pre-release
// that was closed is now open.
func (s *solver) openPre(u *universe, ss pep440.SpecifierSet) bool {
	if u.closed == nil {
		// First requirement: which versions are usable finals, which are
		// pre-releases still closed.
		n := len(u.vers)
		u.finals, u.closed = newBitset(n), newBitset(n)
		for i, v := range u.vers {
			switch {
			case !s.usable(u, i):
			case !v.IsPrerelease():
				u.finals.set(i)
			case !u.preOK[i]:
				u.closed.set(i)
			}
		}
	}
	if u.closed.empty() {
		return false // nothing left to open
	}
	key := ss.String()
	for _, k := range u.known {
		if k.spec.String() == key {
			return false // met before
		}
	}
	in := newBitset(len(u.vers))
	for i, v := range u.vers {
		if ss.ContainsPre(v, pep440.PreInclude) {
			in.set(i)
		}
	}
	changed := false
	open := func(set bitset, seed pep440.SpecifierSet) {
		pres := set.and(u.closed)
		if pres.empty() {
			return
		}
		for i := range u.vers {
			if pres.has(i) {
				u.preOK[i] = true
			}
		}
		u.closed = u.closed.and(pres.not(len(u.vers)))
		changed = true
		s.preSeeds[u.name] = append(s.preSeeds[u.name], seed)
	}
	if ss.NamesPrerelease() || in.disjoint(u.finals) {
		open(in, ss)
	}
	all, allSpec := in, ss
	for _, k := range u.known {
		both := in.and(k.in)
		if both.disjoint(u.finals) {
			open(both, ss.And(k.spec))
		}
		all, allSpec = all.and(k.in), allSpec.And(k.spec)
	}
	// Every requirement met so far together (three or more: pairs are
	// above).
	if len(u.known) > 1 && all.disjoint(u.finals) {
		open(all, allSpec)
	}
	u.known = append(u.known, knownReq{ss, in})
	return changed
}

// applySeeds opens the pre-releases earlier attempts of this resolution
// found open (rules b and c).
func (s *solver) applySeeds(u *universe) {
	for _, seed := range s.preSeeds[u.name] {
		for i, v := range u.vers {
			if v.IsPrerelease() && seed.ContainsPre(v, pep440.PreInclude) {
				u.preOK[i] = true
			}
		}
	}
}

// knownReq is a requirement met on a project and the versions it matches,
// pre-releases included.
type knownReq struct {
	spec pep440.SpecifierSet
	in   bitset
}
