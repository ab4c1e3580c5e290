package solver

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

type parsedMeta struct {
	reqs           []pep508.Requirement
	texts          []string
	requiresPython string
	pyOK           bool
}

// metadata reads (once) and parses the metadata of version v of a project.
func (s *solver) metadata(u *universe, v int) (*parsedMeta, error) {
	if m, ok := u.meta[v]; ok {
		return m.parsed, nil
	}
	var requires []string
	var rp string
	var err error
	if inst, ok := s.req.Installed[u.name]; ok && v == u.installed {
		requires, rp = inst.Requires, inst.RequiresPython
	} else {
		requires, rp, err = s.prov.Metadata(u.name, u.vers[v])
		if err != nil {
			return nil, &ProviderError{Project: u.name, Version: u.vers[v].String(), Err: err}
		}
	}
	pm := &parsedMeta{requiresPython: strings.TrimSpace(rp), pyOK: true}
	if pm.requiresPython != "" {
		ss, err := pep440.ParseSpecifierSet(pm.requiresPython)
		if err != nil {
			return nil, &MetadataError{Project: u.name, Version: u.vers[v].String(), Field: "Requires-Python", Err: err}
		}
		pm.pyOK = ss.ContainsPre(s.python, pep440.PreInclude)
	}
	for _, text := range requires {
		r, err := pep508.ParseRequirement(text)
		if err != nil {
			return nil, &MetadataError{Project: u.name, Version: u.vers[v].String(), Field: "Requires-Dist", Err: err}
		}
		if r.URL != "" {
			return nil, &MetadataError{Project: u.name, Version: u.vers[v].String(), Field: "Requires-Dist",
				Err: fmt.Errorf("%q is a direct reference (name @ URL), which a published distribution may not depend on", text)}
		}
		pm.reqs = append(pm.reqs, r)
		pm.texts = append(pm.texts, text)
	}
	u.meta[v] = &versionMeta{parsed: pm}
	return pm, nil
}

// edgesFor returns the dependencies of a project (extra "") or of one of
// its extras, with markers evaluated for the target.
func (s *solver) edgesFor(u *universe, v int, pm *parsedMeta, extra string) ([]depEdge, error) {
	var out []depEdge
	for i, r := range pm.reqs {
		base, err := r.Marker.EvaluateExtras(s.env, nil)
		if err != nil {
			return nil, &MetadataError{Project: u.name, Version: u.vers[v].String(), Field: "Requires-Dist", Err: fmt.Errorf("marker of %q: %w", pm.texts[i], err)}
		}
		use := base
		if extra != "" {
			with, err := r.Marker.EvaluateExtras(s.env, []string{extra})
			if err != nil {
				return nil, &MetadataError{Project: u.name, Version: u.vers[v].String(), Field: "Requires-Dist", Err: fmt.Errorf("marker of %q: %w", pm.texts[i], err)}
			}
			use = with && !base
		}
		if use {
			out = append(out, edgeOf(r, extra))
		}
	}
	return out, nil
}

func edgeOf(r pep508.Requirement, extra string) depEdge {
	var extras []string
	for _, x := range r.Extras {
		extras = append(extras, wheelname.Normalize(x))
	}
	return depEdge{name: r.NormalizedName(), extras: extras, spec: r.Specifier, text: reqText(r), extra: extra}
}

// reqText is a requirement without its marker, for messages, its extras
// normalised (PEP 685) as the extras of package names are ("a[extra-b]").
func reqText(r pep508.Requirement) string {
	r.Marker = pep508.Marker{}
	if len(r.Extras) > 0 {
		xs := make([]string, len(r.Extras))
		for i, x := range r.Extras {
			xs[i] = wheelname.Normalize(x)
		}
		r.Extras = xs
	}
	return r.String()
}

// versionIncompat adds an incompatibility about version v of p, merged with
// an earlier one of the same key (the same dependency, the same
// Requires-Python) so that what is learned covers every such version.
func (s *solver) versionIncompat(p, v int, key string, build func(r bitset) *incompat) *incompat {
	pk := s.pkgs[p]
	r := newBitset(pk.n)
	r.set(v)
	if prev, ok := pk.merge[key]; ok {
		r = r.or(prev.terms[0].t.allowed)
	}
	ic := build(r)
	s.addIncompat(ic)
	pk.merge[key] = ic
	return ic
}

func bitsKey(b bitset) string {
	var sb strings.Builder
	for _, w := range b {
		fmt.Fprintf(&sb, "%x.", w)
	}
	return sb.String()
}

// dependencies adds (once) the incompatibilities that version v of p brings
// and returns them.
func (s *solver) dependencies(p, v int) ([]*incompat, error) {
	pk := s.pkgs[p]
	if d, ok := pk.depsDone[v]; ok {
		return d, nil
	}
	var out []*incompat
	var edges []depEdge
	switch {
	case p == rootID:
		for _, r := range s.roots {
			edges = append(edges, edgeOf(r, ""))
		}
	default:
		pm, err := s.metadata(pk.u, v)
		if err != nil {
			return nil, err
		}
		if pk.extra == "" && !pm.pyOK {
			ic := s.versionIncompat(p, v, "python\x00"+pm.requiresPython, func(r bitset) *incompat {
				return &incompat{terms: []iterm{{p, posTerm(r)}}, kind: causePython, text: pm.requiresPython}
			})
			pk.depsDone[v] = []*incompat{ic}
			return pk.depsDone[v], nil
		}
		if pk.extra != "" {
			one := newBitset(pk.n)
			one.set(v)
			ic := &incompat{terms: []iterm{{p, posTerm(one)}, {pk.baseID, negTerm(one, pk.n)}}, kind: causeExtraBase, dep: pk.baseID}
			s.addIncompat(ic)
			out = append(out, ic)
		}
		if !s.req.NoDeps {
			edges, err = s.edgesFor(pk.u, v, pm, pk.extra)
			if err != nil {
				return nil, err
			}
		}
	}
	for _, e := range edges {
		targets := []string{""}
		targets = append(targets, e.extras...)
		_, listed := s.byName[e.name]
		if !listed && p != rootID {
			s.early[e.name] = append(s.early[e.name], e.spec) // read when its versions are listed
		}
		for _, x := range targets {
			q, err := s.lookup(e.name, x)
			if err != nil {
				return nil, err
			}
			if x == "" && listed && p != rootID && s.openPre(s.pkgs[q].u, e.spec) {
				return nil, errRestart
			}
			qk := s.pkgs[q]
			set := s.reqSet(qk, e.spec)
			text := e.text
			switch {
			case q == p:
				if set.has(v) {
					continue
				}
				out = append(out, s.versionIncompat(p, v, "self\x00"+text, func(r bitset) *incompat {
					return &incompat{terms: []iterm{{p, posTerm(r)}}, kind: causeDependency, dep: q, text: text}
				}))
			case set.empty():
				out = append(out, s.versionIncompat(p, v, "empty\x00"+qk.name+"\x00"+text, func(r bitset) *incompat {
					return &incompat{terms: []iterm{{p, posTerm(r)}}, kind: causeDepEmpty, dep: q, text: text}
				}))
			default:
				neg := negTerm(set, qk.n)
				out = append(out, s.versionIncompat(p, v, "dep\x00"+qk.name+"\x00"+bitsKey(set), func(r bitset) *incompat {
					return &incompat{terms: []iterm{{p, posTerm(r)}, {q, neg}}, kind: causeDependency, dep: q, text: text}
				}))
			}
		}
	}
	pk.depsDone[v] = out
	pk.edges[v] = edges
	return out, nil
}
