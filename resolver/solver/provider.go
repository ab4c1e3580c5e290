package solver

import (
	"fmt"
	"sort"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// Candidate is one version of a project as a source lists it.
type Candidate struct {
	Version pep440.Version
	// Yanked marks a PEP 592 yanked release: it is chosen only when a
	// requirement or constraint given to Resolve pins it with == or ===.
	Yanked       bool
	YankedReason string
	// RequiresPython is the Requires-Python an index declares for the
	// version's files (data-requires-python), "" when unknown. The
	// Requires-Python of the metadata is checked as well once it is read.
	RequiresPython string
	// Unavailable, when not "", says why no file of this version can be
	// used for the target (for example "no wheel for cp311-manylinux and no
	// sdist"); the version is never chosen and the reason shows in reports.
	Unavailable string
	// UnavailableHint, when not "", is the hint of a report that
	// Unavailable explains (what to change so that a file fits).
	UnavailableHint string
}

// Provider is where the solver learns about projects. Names are PEP 503
// normalised. Versions is called once per project the solver meets;
// Metadata only for versions the solver tries, so a provider may fetch or
// build lazily. Implementations need not be safe for concurrent use: the
// solver calls them from one goroutine.
type Provider interface {
	// Versions lists the versions of a project, in any order. A project
	// that does not exist has no versions (and no error).
	Versions(name string) ([]Candidate, error)
	// Metadata returns the Requires-Dist entries and the Requires-Python
	// of one version, as written in its core metadata.
	Metadata(name string, version pep440.Version) (requires []string, requiresPython string, err error)
}

// Installed is a distribution already in the target environment, as the
// caller read it from its dist-info (the solver never looks at an
// environment itself).
type Installed struct {
	Version        pep440.Version
	Requires       []string // Requires-Dist of the installed METADATA
	RequiresPython string
}

// MemoryProvider serves projects from memory, for tests and for callers that
// already hold the metadata (a lock file, a PEP 658 cache).
type MemoryProvider struct {
	projects map[string][]memVersion
	// Calls counts Metadata calls, to check laziness in tests.
	Calls int
}

type memVersion struct {
	cand           Candidate
	requires       []string
	requiresPython string
}

// Release describes one version for MemoryProvider.Add.
type Release struct {
	Version        string
	Requires       []string
	RequiresPython string
	Yanked         bool
	Unavailable    string
	// IndexRequiresPython is the Candidate's RequiresPython (what an index
	// would announce); "" leaves only the metadata's.
	IndexRequiresPython string
}

// NewMemoryProvider returns an empty MemoryProvider.
func NewMemoryProvider() *MemoryProvider {
	return &MemoryProvider{projects: map[string][]memVersion{}}
}

// Add registers versions of a project; it panics on a malformed version
// string, since it is meant for literals in tests.
func (m *MemoryProvider) Add(name string, releases ...Release) *MemoryProvider {
	n := wheelname.Normalize(name)
	for _, r := range releases {
		v, err := pep440.Parse(r.Version)
		if err != nil {
			panic(fmt.Sprintf("MemoryProvider.Add(%q): %v", name, err))
		}
		m.projects[n] = append(m.projects[n], memVersion{
			cand:           Candidate{Version: v, Yanked: r.Yanked, RequiresPython: r.IndexRequiresPython, Unavailable: r.Unavailable},
			requires:       r.Requires,
			requiresPython: r.RequiresPython,
		})
	}
	return m
}

// AddSimple registers one version with its requirements.
func (m *MemoryProvider) AddSimple(name, version string, requires ...string) *MemoryProvider {
	return m.Add(name, Release{Version: version, Requires: requires})
}

// Projects lists the projects held, sorted.
func (m *MemoryProvider) Projects() []string {
	var out []string
	for n := range m.projects {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Versions implements Provider.
func (m *MemoryProvider) Versions(name string) ([]Candidate, error) {
	var out []Candidate
	for _, mv := range m.projects[wheelname.Normalize(name)] {
		out = append(out, mv.cand)
	}
	return out, nil
}

// Metadata implements Provider.
func (m *MemoryProvider) Metadata(name string, version pep440.Version) ([]string, string, error) {
	m.Calls++
	for _, mv := range m.projects[wheelname.Normalize(name)] {
		if mv.cand.Version.Equal(version) {
			return mv.requires, mv.requiresPython, nil
		}
	}
	return nil, "", fmt.Errorf("%s %s: no such version", name, version)
}
