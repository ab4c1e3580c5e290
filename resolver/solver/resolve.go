package solver

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// Request is everything a resolution depends on. Nothing here is read from
// the machine: the caller probes the interpreter and reads the environment.
type Request struct {
	// Requirements are the root requirements (command line, -r files).
	// Markers are evaluated against Env with extra = ""; extras are honoured.
	// Direct references (name @ URL) are refused: the caller turns them into
	// a candidate of its provider and a == requirement.
	Requirements []pep508.Requirement
	// Constraints (-c) limit the versions of a project if it is needed;
	// they never add a project. Extras in a constraint are ignored.
	Constraints []pep508.Requirement
	// Env is the marker environment of the target interpreter.
	Env pep508.Environment
	// Python is the target interpreter's version for Requires-Python; when
	// zero it is taken from Env["python_full_version"]. Only the release is
	// used (3.13.0 for 3.13.0rc1), as pip compares sys.version_info[:3].
	Python pep440.Version
	// Installed is what the target environment holds, by normalised name.
	// An installed version that satisfies the requirements is kept (pip's
	// only-if-needed) unless the project is in Upgrade or UpgradeAll is set.
	Installed  map[string]Installed
	Upgrade    map[string]bool
	UpgradeAll bool
	// Pre allows pre-releases and development releases everywhere.
	Pre bool
	// NoDeps resolves the root requirements only (pip's --no-deps): the
	// dependencies of the chosen versions, extras included, are not
	// followed; Requires-Python still is.
	NoDeps bool
	// Provider lists versions and reads metadata.
	Provider Provider
	// KnownNames, when set, lists the project names the sources can list
	// cheaply (find-links folders); it is called only when a requirement's
	// name matches nothing, for a "did you mean" hint naming close ones.
	KnownNames func() []string
}

// Resolution is a successful resolution.
type Resolution struct {
	// Packages are the chosen projects, sorted by name.
	Packages []Package
	// Warnings are doubts that did not stop the resolution (an extra a
	// project does not declare, for example).
	Warnings []string
	// Stats describe the work done.
	Stats Stats
}

// Stats count the solver's work.
type Stats struct {
	Decisions         int // versions tried
	Incompatibilities int // facts learned or read
	MetadataReads     int
}

// Package is one chosen project.
type Package struct {
	Name      string // PEP 503 normalised
	Version   pep440.Version
	Extras    []string // extras of this project that were asked for, sorted
	Requested bool     // a root requirement names it
	// Installed is true when the version is the one already installed.
	Installed bool
	// Why lists the requirements that led to this project, sorted.
	Why []Reason
}

// Reason is one requirement on a chosen project.
type Reason struct {
	// By is the project that requires it ("" for the root requirements)
	// with the extra through which it does ("app[cli]"), and its version.
	By string
	// ByProject is By's project alone, normalised ("app"); "" for the root
	// requirements.
	ByProject string
	ByVersion pep440.Version
	// Requirement is the requirement as written, without its marker.
	Requirement string
}

func (r Reason) String() string {
	if r.By == "" {
		return "you require " + r.Requirement
	}
	return fmt.Sprintf("%s %s requires %s", r.By, r.ByVersion, r.Requirement)
}

// Get returns the chosen package of that name, if any.
func (r *Resolution) Get(name string) (Package, bool) {
	n := wheelname.Normalize(name)
	for _, p := range r.Packages {
		if p.Name == n {
			return p, true
		}
	}
	return Package{}, false
}

// Pins returns "name==version" for each package, in order.
func (r *Resolution) Pins() []string {
	var out []string
	for _, p := range r.Packages {
		out = append(out, p.Name+"=="+p.Version.String())
	}
	return out
}

// Resolve chooses versions for req. Errors are *NoSolutionError when the
// requirements cannot be met together, *MetadataError for malformed
// metadata, *ProviderError when the provider fails, *InputError for a root
// requirement or constraint the solver cannot take, or ctx's error.
func Resolve(ctx context.Context, req Request) (*Resolution, error) {
	if req.Provider == nil {
		return nil, &InputError{Msg: "no provider given"}
	}
	seeds := map[string][]pep440.SpecifierSet{}
	prov := &memoProvider{Provider: req.Provider, versions: map[string][]Candidate{}, meta: map[string]memoMeta{}}
	for {
		s, err := resolveOnce(ctx, req, prov, seeds)
		if err == errRestart {
			continue // a dependency opened pre-releases of a project already in use
		}
		if err != nil {
			return nil, err
		}
		return s.result(), nil
	}
}

// resolveOnce is one attempt; it ends with errRestart when the pre-release
// rules change under it (prerelease.go), seeds keeping what was learned.
func resolveOnce(ctx context.Context, req Request, prov Provider, seeds map[string][]pep440.SpecifierSet) (*solver, error) {
	s := &solver{ctx: ctx, req: &req, prov: prov, env: req.Env, python: req.Python,
		byName: map[string]int{}, rootBy: map[string][]pep508.Requirement{}, consBy: map[string][]pep508.Requirement{},
		preSeeds: seeds, early: map[string][]pep440.SpecifierSet{}}
	if s.env == nil {
		s.env = pep508.Environment{}
	}
	if s.python.IsZero() {
		v, err := pep440.Parse(s.env["python_full_version"])
		if err != nil {
			return nil, &InputError{Msg: "the target Python version is not known (Request.Python and python_full_version are unset)"}
		}
		s.python = v
	}
	s.python = s.python.BaseVersion()
	norm := map[string]Installed{}
	for k, v := range req.Installed {
		norm[wheelname.Normalize(k)] = v
	}
	req.Installed = norm
	up := map[string]bool{}
	for k, v := range req.Upgrade {
		up[wheelname.Normalize(k)] = v
	}
	req.Upgrade = up
	for _, r := range req.Requirements {
		if r.URL != "" {
			return nil, &InputError{Requirement: r.String(), Msg: "direct references (name @ URL) are not resolved from an index"}
		}
		ok, err := r.Marker.EvaluateExtras(s.env, nil)
		if err != nil {
			return nil, &InputError{Requirement: r.String(), Msg: err.Error()}
		}
		if !ok {
			continue
		}
		s.roots = append(s.roots, r)
		s.rootBy[r.NormalizedName()] = append(s.rootBy[r.NormalizedName()], r)
	}
	for _, r := range req.Constraints {
		if r.URL != "" {
			return nil, &InputError{Requirement: r.String(), Msg: "a constraint cannot be a direct reference"}
		}
		ok, err := r.Marker.EvaluateExtras(s.env, nil)
		if err != nil {
			return nil, &InputError{Requirement: r.String(), Msg: err.Error()}
		}
		if ok {
			s.consBy[r.NormalizedName()] = append(s.consBy[r.NormalizedName()], r)
		}
	}
	root := &universe{name: "", vers: []pep440.Version{{}}, cands: []Candidate{{}}, installed: -1, prefer: -1, meta: map[int]*versionMeta{}}
	s.newPkg("", "", "", root)
	if err := s.solve(); err != nil {
		return nil, err
	}
	return s, nil
}

// memoProvider keeps what a provider answered, so that a resolution that
// starts again (errRestart) reads nothing twice.
type memoProvider struct {
	Provider
	versions map[string][]Candidate
	meta     map[string]memoMeta
}

type memoMeta struct {
	requires []string
	python   string
	err      error
}

func (m *memoProvider) Versions(name string) ([]Candidate, error) {
	if c, ok := m.versions[name]; ok {
		return append([]Candidate(nil), c...), nil
	}
	c, err := m.Provider.Versions(name)
	if err != nil {
		return nil, err
	}
	m.versions[name] = append([]Candidate(nil), c...)
	return c, nil
}

func (m *memoProvider) Metadata(name string, v pep440.Version) ([]string, string, error) {
	k := name + "\x00" + v.String()
	if r, ok := m.meta[k]; ok {
		return r.requires, r.python, r.err
	}
	req, py, err := m.Provider.Metadata(name, v)
	m.meta[k] = memoMeta{req, py, err}
	return req, py, err
}

func (s *solver) result() *Resolution {
	res := &Resolution{}
	byName := map[string]*Package{}
	var names []string
	for _, pk := range s.pkgs[1:] {
		if pk.decided < 0 || pk.extra != "" {
			continue
		}
		p := &Package{Name: pk.base, Version: pk.u.vers[pk.decided], Installed: pk.decided == pk.u.installed}
		byName[pk.base] = p
		names = append(names, pk.base)
	}
	seenExtra := map[string]bool{}
	for _, pk := range s.pkgs {
		if pk.decided < 0 {
			continue
		}
		by := pk.name
		for _, e := range pk.edges[pk.decided] {
			q := byName[e.name]
			if q == nil {
				continue
			}
			r := Reason{By: by, Requirement: e.text}
			if pk.id != rootID {
				r.ByVersion, r.ByProject = pk.u.vers[pk.decided], pk.base
			} else {
				q.Requested = true
			}
			q.Why = append(q.Why, r)
			for _, x := range e.extras {
				if !seenExtra[e.name+"["+x] {
					seenExtra[e.name+"["+x] = true
					q.Extras = append(q.Extras, x)
				}
			}
		}
	}
	sort.Strings(names)
	for _, n := range names {
		p := byName[n]
		sort.Strings(p.Extras)
		sort.Slice(p.Why, func(i, j int) bool {
			a, b := p.Why[i], p.Why[j]
			if a.By != b.By {
				return a.By < b.By
			}
			return a.Requirement < b.Requirement
		})
		res.Packages = append(res.Packages, *p)
	}
	// Extras that the chosen version does not declare.
	for _, pk := range s.pkgs[1:] {
		if pk.extra == "" || pk.decided < 0 {
			continue
		}
		if m, ok := pk.u.meta[pk.decided]; ok && m.parsed != nil {
			used := false
			for _, r := range m.parsed.reqs {
				if strings.Contains(r.Marker.String(), "extra") {
					if ok, _ := r.Marker.EvaluateExtras(s.env, []string{pk.extra}); ok {
						used = true
					}
				}
			}
			if !used {
				res.Warnings = append(res.Warnings, fmt.Sprintf("%s %s has no dependencies for the extra %q (it may not provide it)", pk.base, pk.u.vers[pk.decided], pk.extra))
			}
		}
	}
	res.Stats = Stats{Decisions: s.decisions, Incompatibilities: s.nextID}
	for _, pk := range s.pkgs[1:] {
		if pk.extra == "" {
			res.Stats.MetadataReads += len(pk.u.meta)
		}
	}
	return res
}

// Action is what installing a resolution does to one project.
type Action string

const (
	Keep      Action = "keep"      // the installed version is the chosen one
	Install   Action = "install"   // not installed yet
	Upgrade   Action = "upgrade"   // a newer version replaces the installed one
	Downgrade Action = "downgrade" // an older version replaces the installed one
)

// Change is one line of an installation plan.
type Change struct {
	Name   string
	From   pep440.Version // zero for Install
	To     pep440.Version
	Action Action
}

// Changes compares the resolution with what is installed (by normalised
// name), in the order of Packages. Installed projects the resolution does
// not mention are left alone, as pip does; a forced reinstall is the
// caller's decision.
func (r *Resolution) Changes(installed map[string]Installed) []Change {
	var out []Change
	for _, p := range r.Packages {
		c := Change{Name: p.Name, To: p.Version, Action: Install}
		for k, in := range installed {
			if wheelname.Normalize(k) != p.Name {
				continue
			}
			c.From = in.Version
			switch cmp := p.Version.Compare(in.Version); {
			case cmp == 0 && p.Version.Equal(in.Version):
				c.Action = Keep
			case cmp < 0:
				c.Action = Downgrade
			default:
				c.Action = Upgrade
			}
		}
		out = append(out, c)
	}
	return out
}
