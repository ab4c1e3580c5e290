package solver

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// causeKind says where an incompatibility comes from.
type causeKind int

const (
	causeRoot        causeKind = iota // {not root}: the root must be chosen
	causeDependency                   // P R depends on Q S
	causeDepEmpty                     // P R depends on Q S, and no version of Q matches S
	causePython                       // P R requires a Python the target is not
	causeUnavailable                  // P R has no usable file
	causeConstraint                   // Q is constrained to C (the term is Q ∉ C)
	causeExtraBase                    // P[x] v depends on P == v
	causeDerived                      // learned from c1 and c2
)

type iterm struct {
	p int
	t term
}

// incompat is a set of terms that must not all be true.
type incompat struct {
	terms  []iterm
	kind   causeKind
	c1, c2 *incompat
	dep    int    // depended-on package (dependency kinds)
	text   string // requirement, Requires-Python or reason, as written
	id     int
}

type assignment struct {
	p        int
	t        term
	level    int
	cause    *incompat // nil for a decision
	decision bool
}

// universe is the list of versions of one project the solver may choose
// from, oldest first, shared by the project and its extras.
type universe struct {
	name      string
	vers      []pep440.Version
	cands     []Candidate
	installed int        // index of the installed version, -1
	prefer    int        // installed version to keep (only-if-needed), -1
	preOK     []bool     // pre-releases that may be chosen (prerelease.go)
	known     []knownReq // requirements met on the project, for preOK
	finals    bitset     // usable final releases, for preOK
	closed    bitset     // pre-releases not open yet
	yankOK    []bool
	meta      map[int]*versionMeta
}

type depEdge struct {
	name   string // normalised project
	extras []string
	spec   pep440.SpecifierSet
	text   string // canonical requirement text, without the marker
	extra  string // the extra of the depending project that brings it, or ""
}

type versionMeta struct {
	parsed *parsedMeta
}

type pkg struct {
	id        int
	name      string // "app" or "app[cli]"; "" for the root
	base      string
	extra     string
	baseID    int
	u         *universe
	n         int
	acc       term
	hasAcc    bool
	assigns   []int
	decided   int
	incs      []*incompat
	order     int
	conflicts int
	forbidden bitset
	merge     map[string]*incompat
	reqCache  map[string]bitset
	depsDone  map[int][]*incompat
	edges     map[int][]depEdge // per version: the dependencies that applied
}

type solver struct {
	ctx       context.Context
	req       *Request
	prov      Provider
	env       pep508.Environment
	python    pep440.Version
	pkgs      []*pkg
	byName    map[string]int
	sol       []assignment
	level     int
	nextID    int
	pending   []int
	roots     []pep508.Requirement
	rootBy    map[string][]pep508.Requirement
	consBy    map[string][]pep508.Requirement
	preSeeds  map[string][]pep440.SpecifierSet // kept across restarts (prerelease.go)
	early     map[string][]pep440.SpecifierSet // requirements met before the project's versions were listed
	steps     int
	decisions int
}

const rootID = 0

func (s *solver) newPkg(name, base, extra string, u *universe) *pkg {
	n := len(u.vers)
	p := &pkg{id: len(s.pkgs), name: name, base: base, extra: extra, u: u, n: n, decided: -1,
		forbidden: newBitset(n), merge: map[string]*incompat{}, reqCache: map[string]bitset{},
		depsDone: map[int][]*incompat{}, edges: map[int][]depEdge{}, order: len(s.pkgs)}
	p.baseID = p.id
	s.pkgs = append(s.pkgs, p)
	s.byName[name] = p.id
	return p
}

// lookup returns the package for a project (with one extra or none),
// discovering it on first use: its versions are listed and its static
// incompatibilities (constraints, unusable versions, index Requires-Python)
// added.
func (s *solver) lookup(base, extra string) (int, error) {
	name := base
	if extra != "" {
		name = base + "[" + extra + "]"
	}
	if id, ok := s.byName[name]; ok {
		return id, nil
	}
	if extra != "" {
		bid, err := s.lookup(base, "")
		if err != nil {
			return 0, err
		}
		b := s.pkgs[bid]
		p := s.newPkg(name, base, extra, b.u)
		p.baseID = bid
		return p.id, nil
	}
	cands, err := s.prov.Versions(base)
	if err != nil {
		return 0, &ProviderError{Project: base, Err: err}
	}
	u, err := s.buildUniverse(base, cands)
	if err != nil {
		return 0, err
	}
	p := s.newPkg(name, base, "", u)
	s.pending = append(s.pending, p.id)
	// Versions that can never be used, grouped by reason.
	groups := map[string]bitset{}
	var keys []string
	kinds := map[string]causeKind{}
	for i, c := range u.cands {
		if i == u.installed {
			continue
		}
		var key string
		var kind causeKind
		switch {
		case c.Unavailable != "":
			key, kind = c.Unavailable, causeUnavailable
		case c.RequiresPython != "":
			ss, err := pep440.ParseSpecifierSet(c.RequiresPython)
			if err != nil || ss.ContainsPre(s.python, pep440.PreInclude) {
				continue // a malformed index value is checked again from the metadata
			}
			key, kind = c.RequiresPython, causePython
		default:
			continue
		}
		k := fmt.Sprint(kind) + "\x00" + key
		if groups[k] == nil {
			groups[k] = newBitset(p.n)
			keys = append(keys, k)
			kinds[k] = kind
		}
		groups[k].set(i)
	}
	for _, k := range keys {
		text := k[strings.IndexByte(k, 0)+1:]
		s.addIncompat(&incompat{terms: []iterm{{p.id, posTerm(groups[k])}}, kind: kinds[k], text: text})
		p.forbidden = p.forbidden.or(groups[k])
	}
	// Constraints: Q ∉ C is forbidden; they never add Q.
	for _, c := range s.consBy[base] {
		set := s.reqSet(p, c.Specifier)
		out := set.not(p.n)
		if out.empty() {
			continue
		}
		ic := &incompat{terms: []iterm{{p.id, posTerm(out)}}, kind: causeConstraint, text: reqText(c)}
		s.addIncompat(ic)
		p.forbidden = p.forbidden.or(out)
	}
	return p.id, nil
}

func (s *solver) buildUniverse(name string, cands []Candidate) (*universe, error) {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Version.Less(cands[j].Version) })
	u := &universe{name: name, installed: -1, prefer: -1, meta: map[int]*versionMeta{}}
	for _, c := range cands {
		if c.Version.IsZero() {
			return nil, &ProviderError{Project: name, Err: fmt.Errorf("a candidate has no version")}
		}
		if k := len(u.vers); k > 0 && u.vers[k-1].Equal(c.Version) {
			continue // the same version spelled twice: keep the first
		}
		u.vers = append(u.vers, c.Version)
		u.cands = append(u.cands, c)
	}
	if inst, ok := s.req.Installed[name]; ok && !inst.Version.IsZero() {
		i := sort.Search(len(u.vers), func(i int) bool { return !u.vers[i].Less(inst.Version) })
		if i < len(u.vers) && u.vers[i].Equal(inst.Version) {
			u.cands[i] = Candidate{Version: u.vers[i]} // what is installed is usable as it is
		} else {
			u.vers = append(u.vers[:i], append([]pep440.Version{inst.Version}, u.vers[i:]...)...)
			u.cands = append(u.cands[:i], append([]Candidate{{Version: inst.Version}}, u.cands[i:]...)...)
		}
		u.installed = i
		if !s.req.UpgradeAll && !s.req.Upgrade[name] {
			u.prefer = i
		}
	}
	u.yankOK = make([]bool, len(u.vers))
	var pinned []pep508.Requirement
	pinned = append(pinned, s.rootBy[name]...)
	pinned = append(pinned, s.consBy[name]...)
	hasFinal := false
	for i, c := range u.cands {
		if c.Yanked {
			for _, r := range pinned {
				for _, sp := range r.Specifier.Specifiers() {
					if (sp.Operator() == pep440.Equal && !sp.Wildcard()) || sp.Operator() == pep440.Arbitrary {
						if r.Specifier.ContainsPre(c.Version, pep440.PreInclude) {
							u.yankOK[i] = true
						}
					}
				}
			}
		}
	}
	for i, c := range u.cands {
		if !c.Version.IsPrerelease() && s.usable(u, i) {
			hasFinal = true
		}
	}
	u.preOK = make([]bool, len(u.vers))
	for i := range u.vers {
		u.preOK[i] = s.req.Pre || !hasFinal || i == u.installed
	}
	s.applySeeds(u)
	for _, r := range pinned {
		s.openPre(u, r.Specifier)
	}
	for _, ss := range s.early[name] {
		s.openPre(u, ss)
	}
	delete(s.early, name)
	return u, nil
}

// reqSet is the set of versions of p a specifier admits, applying the
// pre-release and yanked rules.
func (s *solver) reqSet(p *pkg, ss pep440.SpecifierSet) bitset {
	key := ss.String()
	if b, ok := p.reqCache[key]; ok {
		return b
	}
	b := newBitset(p.n)
	u := p.u
	for i, v := range u.vers {
		if u.cands[i].Yanked && !u.yankOK[i] && i != u.installed {
			continue
		}
		pol := pep440.PreExclude
		if u.preOK[i] {
			pol = pep440.PreInclude
		}
		if ss.ContainsPre(v, pol) {
			b.set(i)
		}
	}
	p.reqCache[key] = b
	return b
}

func (s *solver) addIncompat(ic *incompat) {
	s.nextID++
	ic.id = s.nextID
	for _, it := range ic.terms {
		s.pkgs[it.p].incs = append(s.pkgs[it.p].incs, ic)
	}
}

const (
	relSatisfied = iota
	relContradicted
	relAlmost
	relInconclusive
)

func (s *solver) accOf(p int) term {
	pk := s.pkgs[p]
	if !pk.hasAcc {
		return anyTerm(pk.n)
	}
	return pk.acc
}

func (s *solver) relation(ic *incompat) (int, int) {
	un := -1
	for i, it := range ic.terms {
		pk := s.pkgs[it.p]
		if !pk.hasAcc {
			// "anything": satisfied only by a term that allows anything,
			// which incompatibilities never hold.
			if un >= 0 {
				return relInconclusive, -1
			}
			un = i
			continue
		}
		if pk.acc.subsetOf(it.t) {
			continue
		}
		if pk.acc.disjoint(it.t) {
			return relContradicted, -1
		}
		if un >= 0 {
			return relInconclusive, -1
		}
		un = i
	}
	if un < 0 {
		return relSatisfied, -1
	}
	return relAlmost, un
}

func (s *solver) assign(a assignment) {
	pk := s.pkgs[a.p]
	s.sol = append(s.sol, a)
	pk.assigns = append(pk.assigns, len(s.sol)-1)
	if pk.hasAcc {
		pk.acc = pk.acc.intersect(a.t)
	} else {
		pk.acc = a.t
		pk.hasAcc = true
	}
}

func (s *solver) propagate(changed []int) error {
	queue := append([]int(nil), changed...)
	inQ := map[int]bool{}
	for _, p := range queue {
		inQ[p] = true
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		delete(inQ, p)
		incs := s.pkgs[p].incs
		for i := len(incs) - 1; i >= 0; i-- {
			ic := incs[i]
			rel, un := s.relation(ic)
			switch rel {
			case relSatisfied:
				learned, err := s.resolveConflict(ic)
				if err != nil {
					return err
				}
				rel, un = s.relation(learned)
				if rel != relAlmost {
					return fmt.Errorf("internal error: learned incompatibility is not almost satisfied")
				}
				it := learned.terms[un]
				s.assign(assignment{p: it.p, t: it.t.negate(s.pkgs[it.p].n), level: s.level, cause: learned})
				queue = queue[:0]
				clear(inQ)
				queue = append(queue, it.p)
				inQ[it.p] = true
				i = -1 // stop scanning p
			case relAlmost:
				it := ic.terms[un]
				s.assign(assignment{p: it.p, t: it.t.negate(s.pkgs[it.p].n), level: s.level, cause: ic})
				if !inQ[it.p] {
					inQ[it.p] = true
					queue = append(queue, it.p)
				}
			}
		}
	}
	return nil
}

// satisfierOf returns the index in the partial solution of the earliest
// assignment to p (before limit) at which start ∩ the assignments so far
// imply t, or -1.
func (s *solver) satisfierOf(p int, t term, start *term, limit int) int {
	pk := s.pkgs[p]
	var acc term
	have := false
	if start != nil {
		acc, have = *start, true
	}
	for _, k := range pk.assigns {
		if k >= limit {
			break
		}
		if have {
			acc = acc.intersect(s.sol[k].t)
		} else {
			acc, have = s.sol[k].t, true
		}
		if acc.subsetOf(t) {
			return k
		}
	}
	return -1
}

func (s *solver) terminal(ic *incompat) bool {
	if len(ic.terms) == 0 {
		return true
	}
	return len(ic.terms) == 1 && ic.terms[0].p == rootID && ic.terms[0].t.positive()
}

func (s *solver) resolveConflict(ic *incompat) (*incompat, error) {
	created := false
	for {
		if s.terminal(ic) {
			return nil, s.noSolution(ic)
		}
		satPos, satTerm := -1, -1
		idx := make([]int, len(ic.terms))
		for i, it := range ic.terms {
			idx[i] = s.satisfierOf(it.p, it.t, nil, len(s.sol))
			if idx[i] < 0 {
				return nil, fmt.Errorf("internal error: conflict term on %s is not satisfied", s.pkgs[it.p].name)
			}
			if idx[i] > satPos {
				satPos, satTerm = idx[i], i
			}
		}
		prev := 0
		for i := range ic.terms {
			if i != satTerm && s.sol[idx[i]].level > prev {
				prev = s.sol[idx[i]].level
			}
		}
		sat := s.sol[satPos]
		it := ic.terms[satTerm]
		if !sat.t.subsetOf(it.t) {
			if j := s.satisfierOf(it.p, it.t, &sat.t, satPos); j >= 0 && s.sol[j].level > prev {
				prev = s.sol[j].level
			}
		}
		if sat.decision || prev != sat.level {
			if created {
				s.addIncompat(ic)
			}
			s.backtrack(prev)
			return ic, nil
		}
		s.pkgs[it.p].conflicts++
		// Resolve ic with the satisfier's cause on the satisfier's package.
		var terms []iterm
		add := func(x iterm) {
			for k := range terms {
				if terms[k].p == x.p {
					terms[k].t = terms[k].t.intersect(x.t)
					return
				}
			}
			terms = append(terms, x)
		}
		for _, x := range ic.terms {
			if x.p != it.p {
				add(x)
			}
		}
		var causeTerm term
		for _, x := range sat.cause.terms {
			if x.p != it.p {
				add(x)
			} else {
				causeTerm = x.t
			}
		}
		if u := it.t.union(causeTerm); !u.isAny(s.pkgs[it.p].n) {
			add(iterm{it.p, u})
		}
		ic = &incompat{terms: terms, kind: causeDerived, c1: ic, c2: sat.cause}
		created = true
	}
}

func (s *solver) backtrack(level int) {
	touched := map[int]bool{}
	for len(s.sol) > 0 && s.sol[len(s.sol)-1].level > level {
		a := s.sol[len(s.sol)-1]
		s.sol = s.sol[:len(s.sol)-1]
		pk := s.pkgs[a.p]
		pk.assigns = pk.assigns[:len(pk.assigns)-1]
		if a.decision {
			pk.decided = -1
		}
		touched[a.p] = true
	}
	for p := range touched {
		pk := s.pkgs[p]
		pk.hasAcc = false
		for i, k := range pk.assigns {
			if i == 0 {
				pk.acc = s.sol[k].t
				pk.hasAcc = true
			} else {
				pk.acc = pk.acc.intersect(s.sol[k].t)
			}
		}
	}
	s.level = level
}

// pick returns the next package to decide, or -1 when every required
// package has a version.
func (s *solver) pick() int {
	best := -1
	bestSingle := false
	for _, pk := range s.pkgs {
		if !pk.hasAcc || !pk.acc.positive() || pk.decided >= 0 {
			continue
		}
		single := pk.acc.allowed.count() == 1
		if best < 0 {
			best, bestSingle = pk.id, single
			continue
		}
		b := s.pkgs[best]
		switch {
		case single != bestSingle:
			if single {
				best, bestSingle = pk.id, single
			}
		case pk.conflicts != b.conflicts:
			if pk.conflicts > b.conflicts {
				best, bestSingle = pk.id, single
			}
		}
	}
	return best
}

// decide tries a version of p and returns the packages to propagate.
func (s *solver) decide(p int) ([]int, error) {
	pk := s.pkgs[p]
	allowed := pk.acc.allowed
	v := -1
	if pk.u.prefer >= 0 && allowed.has(pk.u.prefer) {
		v = pk.u.prefer
	} else {
		v = allowed.highest()
	}
	if v < 0 {
		return nil, fmt.Errorf("internal error: no version left for %s", pk.name)
	}
	if pk.forbidden.has(v) {
		return []int{p}, nil
	}
	s.pending = s.pending[:0]
	deps, err := s.dependencies(p, v)
	if err != nil {
		return nil, err
	}
	next := append([]int{p}, s.pending...)
	for _, ic := range deps {
		conflict := true
		for _, it := range ic.terms {
			if it.p == p {
				continue
			}
			if !s.pkgs[it.p].hasAcc || !s.pkgs[it.p].acc.subsetOf(it.t) {
				conflict = false
				break
			}
		}
		if conflict {
			return next, nil
		}
	}
	s.level++
	s.decisions++
	one := newBitset(pk.n)
	one.set(v)
	s.assign(assignment{p: p, t: posTerm(one), level: s.level, decision: true})
	pk.decided = v
	return next, nil
}

func (s *solver) solve() error {
	s.addIncompat(&incompat{terms: []iterm{{rootID, negTerm(fullBitset(1), 1)}}, kind: causeRoot})
	next := []int{rootID}
	for {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		if err := s.propagate(next); err != nil {
			return err
		}
		p := s.pick()
		if p < 0 {
			return nil
		}
		var err error
		next, err = s.decide(p)
		if err != nil {
			return err
		}
		s.steps++
	}
}
