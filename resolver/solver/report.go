package solver

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// NoSolutionError says that the requirements cannot be met together and
// explains why, in sentences that follow the chain of reasons.
type NoSolutionError struct {
	// Report is the explanation, one sentence per line; a line that is
	// referred to later ends with its number, e.g. "(1)".
	Report string
	// Constraints are the constraints (-c, and those the caller adds for
	// what is installed) the explanation rests on, as Request gave them
	// (pep508.Requirement.String), sorted.
	Constraints []string
	hints       []string
}

func (e *NoSolutionError) Error() string {
	return "no solution: the requirements cannot be installed together:\n  " + strings.ReplaceAll(e.Report, "\n", "\n  ")
}

// Hint says what could be changed to find a solution, one suggestion per
// line (print each after "hint: ").
func (e *NoSolutionError) Hint() string {
	if len(e.hints) == 0 {
		return "relax one of the requirements named above (or upgrade the project that pins it)"
	}
	return strings.Join(e.hints, "\n")
}

// MetadataError is a malformed field in a distribution's metadata.
type MetadataError struct {
	Project, Version string
	Field            string // "Requires-Dist" or "Requires-Python"
	Err              error  // a *pep440.ParseError quoting the text and column, usually
}

func (e *MetadataError) Error() string {
	return fmt.Sprintf("invalid %s in the metadata of %s %s: %v", e.Field, e.Project, e.Version, e.Err)
}
func (e *MetadataError) Unwrap() error { return e.Err }

// Hint says what to do about it.
func (e *MetadataError) Hint() string {
	return fmt.Sprintf("the metadata of %s %s is malformed: exclude that version (for example %s!=%s in a constraints file) or report it to its maintainers", e.Project, e.Version, e.Project, e.Version)
}

// ProviderError is a failure of the provider for one project.
type ProviderError struct {
	Project, Version string
	Err              error
}

func (e *ProviderError) Error() string {
	if e.Version != "" {
		return fmt.Sprintf("reading the metadata of %s %s: %v", e.Project, e.Version, e.Err)
	}
	return fmt.Sprintf("listing the versions of %s: %v", e.Project, e.Err)
}
func (e *ProviderError) Unwrap() error { return e.Err }

// Hint says what to do about it.
func (e *ProviderError) Hint() string {
	if h, ok := e.Err.(interface{ Hint() string }); ok {
		return h.Hint()
	}
	return "check that the package source is readable and complete"
}

// InputError is a root requirement or constraint the solver cannot take.
type InputError struct {
	Requirement string
	Msg         string
}

func (e *InputError) Error() string {
	if e.Requirement == "" {
		return e.Msg
	}
	return fmt.Sprintf("requirement %q: %s", e.Requirement, e.Msg)
}

// Hint says what to do about it.
func (e *InputError) Hint() string {
	return "give requirements as name[extras] specifiers ; marker (PEP 508)"
}

// ---- explanation ----

type reporter struct {
	s       *solver
	refs    map[*incompat]int
	numbers map[*incompat]int
	lines   []string
	hints   []string
	hinted  map[string]bool
	// constraints are the texts of the constraint causes seen.
	constraints map[string]bool
}

func (s *solver) noSolution(root *incompat) error {
	r := &reporter{s: s, refs: map[*incompat]int{}, numbers: map[*incompat]int{}, hinted: map[string]bool{}, constraints: map[string]bool{}}
	r.count(root, map[*incompat]bool{})
	if root.kind != causeDerived {
		r.hintFor(root)
		r.lines = append(r.lines, capitalize(r.text(root))+".")
	} else {
		r.visit(root, false)
	}
	var cons []string
	for c := range r.constraints {
		cons = append(cons, c)
	}
	sort.Strings(cons)
	return &NoSolutionError{Report: strings.Join(r.lines, "\n"), Constraints: cons, hints: r.hints}
}

func (r *reporter) count(ic *incompat, seen map[*incompat]bool) {
	if ic.kind == causeConstraint {
		r.constraints[ic.text] = true
	}
	if ic.kind != causeDerived {
		r.hintFor(ic)
		return
	}
	for _, c := range []*incompat{ic.c1, ic.c2} {
		r.refs[c]++
		if !seen[c] {
			seen[c] = true
			r.count(c, seen)
		}
	}
}

func derived(ic *incompat) bool { return ic.kind == causeDerived }

func (r *reporter) write(ic *incompat, msg string, numbered bool) {
	if numbered || r.refs[ic] > 1 {
		n := len(r.numbers) + 1
		r.numbers[ic] = n
		msg += fmt.Sprintf(" (%d)", n)
	}
	r.lines = append(r.lines, msg)
}

func (r *reporter) ref(ic *incompat) string {
	return fmt.Sprintf("%s (%d)", r.text(ic), r.numbers[ic])
}

func (r *reporter) visit(ic *incompat, conclusion bool) {
	numbered := conclusion || r.refs[ic] > 1
	c1, c2 := ic.c1, ic.c2
	concl := r.text(ic)
	switch {
	case derived(c1) && derived(c2):
		_, n1 := r.numbers[c1]
		_, n2 := r.numbers[c2]
		switch {
		case n1 && n2:
			r.write(ic, fmt.Sprintf("Because %s and %s, %s.", r.ref(c1), r.ref(c2), concl), numbered)
		case n1 || n2:
			with, without := c1, c2
			if n2 {
				with, without = c2, c1
			}
			r.visit(without, false)
			r.write(ic, fmt.Sprintf("And because %s, %s.", r.ref(with), concl), numbered)
		default:
			s1 := !derived(c1.c1) && !derived(c1.c2)
			s2 := !derived(c2.c1) && !derived(c2.c2)
			if s1 || s2 {
				first, second := c1, c2
				if s2 {
					first, second = c2, c1
				}
				r.visit(first, false)
				r.visit(second, false)
				r.write(ic, fmt.Sprintf("Thus, %s.", concl), numbered)
			} else {
				r.visit(c1, true)
				r.visit(c2, false)
				r.write(ic, fmt.Sprintf("And because %s, %s.", r.ref(c1), concl), numbered)
			}
		}
	case derived(c1) || derived(c2):
		d, e := c1, c2
		if derived(c2) {
			d, e = c2, c1
		}
		if _, ok := r.numbers[d]; ok {
			r.write(ic, fmt.Sprintf("Because %s and %s, %s.", r.text(e), r.ref(d), concl), numbered)
		} else if r.collapsible(d) {
			dd, de := d.c1, d.c2
			if derived(d.c2) {
				dd, de = d.c2, d.c1
			}
			r.visit(dd, false)
			r.write(ic, fmt.Sprintf("And because %s, %s.", and2(r.text(de), r.text(e)), concl), numbered)
		} else {
			r.visit(d, false)
			r.write(ic, fmt.Sprintf("And because %s, %s.", r.text(e), concl), numbered)
		}
	default:
		r.write(ic, fmt.Sprintf("Because %s, %s.", and2(r.text(c1), r.text(c2)), concl), numbered)
	}
}

func (r *reporter) collapsible(ic *incompat) bool {
	if r.refs[ic] > 1 {
		return false
	}
	if derived(ic.c1) == derived(ic.c2) {
		return false
	}
	d := ic.c1
	if derived(ic.c2) {
		d = ic.c2
	}
	_, numbered := r.numbers[d]
	return !numbered
}

// hidden reports whether version i of u only shows up in messages when a
// set holds it: pre-releases that are not allowed, yanked releases.
func hidden(u *universe, i int) bool {
	c := u.cands[i]
	if i == u.installed {
		return false
	}
	return (c.Version.IsPrerelease() && !u.preOK[i]) || (c.Yanked && !u.yankOK[i])
}

// rangeText describes a set of versions of u relative to the versions that
// exist: "" for all of them, "==1.0", ">=1.0,<2.0", "<1.0 or >=2.0".
func rangeText(u *universe, b bitset) string {
	type run struct{ lo, hi int }
	var runs []run
	first, last := -1, -1
	for i := range u.vers {
		if hidden(u, i) && !b.has(i) {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	open := -1
	prevIn := -1
	for i := range u.vers {
		if hidden(u, i) && !b.has(i) {
			continue
		}
		if b.has(i) {
			if open < 0 {
				open = i
			}
			prevIn = i
		} else if open >= 0 {
			runs = append(runs, run{open, prevIn})
			open = -1
		}
	}
	if open >= 0 {
		runs = append(runs, run{open, prevIn})
	}
	if len(runs) == 1 && runs[0].lo == first && runs[0].hi == last {
		return ""
	}
	next := func(j int) int {
		for k := j + 1; k < len(u.vers); k++ {
			if !hidden(u, k) || b.has(k) {
				return k
			}
		}
		return -1
	}
	var parts []string
	for _, rn := range runs {
		// A local version (2.0.0+bar) alone is named, not turned into a
		// range bounded by its neighbour (<2.0.0+foo).
		if rn.lo == rn.hi && (rn.lo != first && rn.hi != last || u.vers[rn.lo].HasLocal()) {
			parts = append(parts, "=="+u.vers[rn.lo].String())
			continue
		}
		var p []string
		if rn.lo != first {
			p = append(p, ">="+u.vers[rn.lo].String())
		}
		if rn.hi != last {
			if k := next(rn.hi); k >= 0 && u.vers[k].HasLocal() {
				p = append(p, "<="+u.vers[rn.hi].String())
			} else if k >= 0 {
				p = append(p, "<"+u.vers[k].String())
			}
		}
		parts = append(parts, strings.Join(p, ","))
	}
	if len(parts) == 0 {
		return " (no version)"
	}
	return strings.Join(parts, " or ")
}

// subject names a package and versions as the subject of a sentence.
func (r *reporter) subject(p int, b bitset) string {
	pk := r.s.pkgs[p]
	rt := rangeText(pk.u, b)
	switch {
	case b.count() == 1:
		return pk.name + " " + pk.u.vers[b.highest()].String()
	case rt == "":
		return "all versions of " + pk.name
	case strings.HasPrefix(rt, "==") && !strings.Contains(rt, " or "):
		return pk.name + " " + rt[2:]
	}
	return pk.name + rt
}

// object names a package and the versions a requirement allows.
func (r *reporter) object(p int, b bitset) string {
	pk := r.s.pkgs[p]
	return pk.name + rangeText(pk.u, b)
}

func (r *reporter) text(ic *incompat) string {
	s := r.s
	var subj string
	if len(ic.terms) > 0 && ic.kind != causeDerived && ic.kind != causeConstraint {
		it := ic.terms[0]
		if it.p == rootID {
			subj = "you"
		} else {
			subj = r.subject(it.p, it.t.allowed)
		}
	}
	verb := func(you, other string) string {
		if subj == "you" {
			return "you " + you
		}
		if strings.HasPrefix(subj, "all versions of ") {
			return subj + " " + strings.Replace(other, "s ", " ", 1)
		}
		return subj + " " + other
	}
	switch ic.kind {
	case causeRoot:
		return "the root requirements must be installed"
	case causeDependency:
		return verb("require "+ic.text, "depends on "+ic.text)
	case causeExtraBase:
		pk := s.pkgs[ic.terms[0].p]
		v := ic.terms[0].t.allowed.highest()
		return verb("", fmt.Sprintf("depends on %s==%s", pk.base, pk.u.vers[v]))
	case causeDepEmpty:
		return verb("require "+ic.text, "depends on "+ic.text) + " (" + r.noMatch(ic) + ")"
	case causePython:
		return verb("", fmt.Sprintf("requires Python %s (the target Python is %s)", ic.text, s.python))
	case causeUnavailable:
		return verb("", "cannot be used ("+ic.text+")")
	case causeConstraint:
		it := ic.terms[0]
		return fmt.Sprintf("the constraint %s excludes %s", ic.text, r.object(it.p, it.t.allowed))
	}
	// Derived: say what the terms mean together.
	var pos, neg []string
	hasRoot := false
	allSubj := false
	for _, it := range ic.terms {
		if it.p == rootID {
			if it.t.positive() {
				hasRoot = true
			}
			continue
		}
		if it.t.positive() {
			sj := r.subject(it.p, it.t.allowed)
			if strings.HasPrefix(sj, "all versions of ") {
				allSubj = true
			}
			pos = append(pos, sj)
		} else {
			pk := s.pkgs[it.p]
			neg = append(neg, r.object(it.p, it.t.allowed.not(pk.n)))
		}
	}
	switch {
	case len(pos) == 0 && len(neg) == 0:
		return "your requirements cannot be satisfied"
	case len(pos) == 0 && hasRoot:
		return "you require " + strings.Join(neg, " or ")
	case len(pos) == 0:
		return strings.Join(neg, " or ") + " must be installed"
	case len(neg) == 0 && len(pos) == 1:
		if allSubj {
			return "no version of " + strings.TrimPrefix(pos[0], "all versions of ") + " can be used"
		}
		return pos[0] + " cannot be used"
	case len(neg) == 0:
		return joinAnd(pos) + " cannot be installed together"
	case len(pos) == 1 && !allSubj:
		return pos[0] + " depends on " + strings.Join(neg, " or ")
	default:
		return joinAnd(pos) + " depend on " + strings.Join(neg, " or ")
	}
}

// and2 joins two reasons, saying "you require a and b" rather than "you
// require a and you require b".
func and2(a, b string) string {
	const yr = "you require "
	if a == b {
		return a // one requirement reached through two of its extras
	}
	if strings.HasPrefix(a, yr) && strings.HasPrefix(b, yr) && !strings.Contains(a, "(") && !strings.Contains(b, "(") {
		return a + " and " + strings.TrimPrefix(b, yr)
	}
	return a + " and " + b
}

func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// noMatch explains why a requirement matched nothing.
func (r *reporter) noMatch(ic *incompat) string {
	q := r.s.pkgs[ic.dep]
	if len(q.u.vers) == 0 {
		return q.base + " was not found in the package source"
	}
	return "no version of " + q.base + " matches"
}

// moduleNotDist maps names that are modules of a distribution, never
// distributions themselves, yet appear in old projects' install_requires
// (by normalized name), to that module and distribution.
var moduleNotDist = map[string]struct{ module, dist string }{
	"pkg-resources": {"pkg_resources", "setuptools"},
}

func (r *reporter) hint(h string) {
	if !r.hinted[h] {
		r.hinted[h] = true
		r.hints = append(r.hints, h)
	}
}

func (r *reporter) hintFor(ic *incompat) {
	s := r.s
	switch ic.kind {
	case causePython:
		r.hint(fmt.Sprintf("some versions need another Python than %s: use a matching interpreter (fwenv create -p VERSION), or require versions that support Python %s", s.python, s.python))
	case causeConstraint:
		r.hint("a constraint (-c) rules out the versions needed: relax it")
	case causeUnavailable:
		q := s.pkgs[ic.terms[0].p]
		for _, c := range q.u.cands {
			if c.Unavailable == ic.text && c.UnavailableHint != "" {
				for _, h := range strings.Split(c.UnavailableHint, "\n") {
					r.hint(h)
				}
				break
			}
		}
	case causeDependency:
		// One of your requirements, on a project whose matching
		// pre-releases the rule kept out (a final release matches).
		if len(ic.terms) == 0 || ic.terms[0].p != rootID {
			return
		}
		q := s.pkgs[ic.dep]
		ss := specOf(ic.text)
		var pre []string
		for i, v := range q.u.vers {
			if v.IsPrerelease() && !q.u.preOK[i] && s.usable(q.u, i) && ss.ContainsPre(v, pep440.PreInclude) {
				pre = append(pre, v.String())
			}
		}
		if len(pre) > 0 {
			r.hint(fmt.Sprintf("%s has pre-releases that match (%s), not used because a final release matches too: allow them with --pre, or name a pre-release in the requirement (%s>=%s)", q.base, strings.Join(pre, ", "), q.base, pre[0]))
		}
	case causeDepEmpty:
		q := s.pkgs[ic.dep]
		if len(q.u.vers) == 0 {
			if dist, ok := moduleNotDist[wheelname.Normalize(q.base)]; ok {
				r.hint(fmt.Sprintf("%s is a module of %s, not a distribution: require %s instead (a project that lists %s in its install_requires needs that line changed; until then, install %s and then the project with --no-deps)", dist.module, dist.dist, dist.dist, dist.module, dist.dist))
				return
			}
			if close := r.s.similarNames(q.base); len(close) > 0 {
				r.hint(fmt.Sprintf("%s was not found: did you mean `%s`? (else check the name, or add a folder holding it with -f/--find-links)", q.base, strings.Join(close, "` or `")))
				return
			}
			r.hint(fmt.Sprintf("%s was not found: check the name, or add a folder holding it with -f/--find-links", q.base))
			return
		}
		// Why did nothing match? Look at the versions the rules hid.
		var pre, yanked []string
		ss := specOf(ic.text)
		for i, v := range q.u.vers {
			if !ss.ContainsPre(v, pep440.PreInclude) {
				continue
			}
			c := q.u.cands[i]
			if c.Yanked && !q.u.yankOK[i] {
				yanked = append(yanked, v.String())
			} else if v.IsPrerelease() {
				pre = append(pre, v.String())
			}
		}
		if len(pre) > 0 {
			r.hint(fmt.Sprintf("%s has pre-releases that match (%s): allow them with --pre, or name a pre-release in the requirement (%s>=%s)", q.base, strings.Join(pre, ", "), q.base, pre[0]))
		}
		if len(yanked) > 0 {
			r.hint(fmt.Sprintf("%s %s is yanked: pin it with == to use it anyway", q.base, strings.Join(yanked, ", ")))
		}
		if len(pre) == 0 && len(yanked) == 0 {
			var have []string
			for _, v := range q.u.vers {
				have = append(have, v.String())
			}
			sort.Strings(have)
			r.hint(fmt.Sprintf("the versions of %s available are %s", q.base, strings.Join(have, ", ")))
		}
	}
}

// specOf extracts the specifier of a requirement text, best effort.
func specOf(text string) pep440.SpecifierSet {
	i := strings.IndexAny(text, "<>=!~")
	if i < 0 {
		return pep440.SpecifierSet{}
	}
	ss, err := pep440.ParseSpecifierSet(text[i:])
	if err != nil {
		return pep440.SpecifierSet{}
	}
	return ss
}

// similarNames lists the names the caller knows (Request.KnownNames) that
// are closest to name by edit distance on normalized names, when close
// enough to be a typo: at most 1 edit for names up to 4 characters, 2
// beyond; ties are all listed (sorted), at most three.
func (s *solver) similarNames(name string) []string {
	if s.req == nil || s.req.KnownNames == nil {
		return nil
	}
	want := wheelname.Normalize(name)
	limit := 1
	if len(want) > 4 {
		limit = 2
	}
	best := limit + 1
	var out []string
	seen := map[string]bool{}
	for _, n := range s.req.KnownNames() {
		k := wheelname.Normalize(n)
		if k == want || seen[k] {
			continue
		}
		seen[k] = true
		d := wheelname.EditDistance(want, k)
		switch {
		case d < best:
			best, out = d, []string{n}
		case d == best:
			out = append(out, n)
		}
	}
	if best > limit {
		return nil
	}
	sort.Strings(out)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}
