package lock

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/wheelname"
)

// The kinds of fwenv lock (Lock.Kind).
const (
	KindBundle = "bundle" // written by fwenv download: artifacts are files in the lock's folder
	KindLock   = "lock"   // written by fwenv lock for a project: artifacts are named by URL
)

// The kinds of artifact (Artifact.Kind).
const (
	ArtifactSdist = "sdist"
	ArtifactWheel = "wheel"
)

// Lock is the content of a lock file of either format.
type Lock struct {
	// Kind is fwenv's kind of lock, KindBundle or KindLock; "" in a
	// pylock.toml (fwenv keeps its kind under [tool.fwenv] there, in Tool).
	Kind      string
	CreatedBy string // the tool that wrote it: "fwenv 0.3.0", "uv", "pip"
	// Target is the interpreter fwenv resolved the lock for (zero when the
	// lock does not say: a pylock.toml keeps it under [tool.fwenv]).
	Target Target
	// Requirements are what the user asked for, as written, in order.
	Requirements []string

	// What PEP 751 adds: the lock applies only where one of Environments
	// holds (none: everywhere) and to a Python in RequiresPython; Extras
	// and DependencyGroups are what it can install on request,
	// DefaultGroups what it installs when no group is asked for.
	Environments     []string
	RequiresPython   string
	Extras           []string
	DependencyGroups []string
	DefaultGroups    []string

	Packages []Package

	// Tool holds [tool] tables as read (a pylock.toml), for other tools and
	// for what fwenv keeps there that has no field here.
	Tool map[string]any

	// Warnings are what a codec accepted but a user should hear about (a
	// newer minor format version, keys it added). They are never written.
	Warnings []string
}

// Target is the interpreter a lock was resolved for.
type Target struct {
	Python         string            // "3.11.7" (or "3.11" when only that is known)
	Implementation string            // "cpython"
	Platform       string            // sysconfig platform ("linux_x86_64"), "" if unknown
	Tags           []string          // compatible wheel tags, best first (order kept)
	Markers        map[string]string // PEP 508 marker environment
}

// IsZero reports whether t says nothing.
func (t Target) IsZero() bool {
	return t.Python == "" && t.Implementation == "" && t.Platform == "" && len(t.Tags) == 0 && len(t.Markers) == 0
}

// Package is one distribution at one version, and where it comes from.
type Package struct {
	Name    string // as the lock spells it (a pylock.toml's are normalised)
	Version string // PEP 440; "" when the lock does not pin one
	// Marker is a PEP 508 marker: the package applies only where it holds
	// ("" = everywhere). PEP 751 markers may test `'NAME' in extras` and
	// `'NAME' in dependency_groups`.
	Marker         string
	RequiresPython string // a PEP 440 specifier set, "" when absent

	// Requested: the user named the package (it is not only a dependency).
	// RequestUnknown: the lock does not say whether the user named it
	// (PEP 751 has no key for it); Select then counts it as requested when
	// no other selected package depends on it.
	Requested      bool
	RequestUnknown bool
	// BuildOnly marks what a bundle keeps only to build its sdists.
	BuildOnly bool

	Source       Source
	Dependencies []Dependency
	// Artifacts are the package's files: the sdists and wheels of an
	// index or find-links source, the one archive of an Archive source.
	Artifacts []Artifact

	AttestationIdentities []map[string]any // PEP 751, each with a "kind"; kept as read
	Tool                  map[string]any   // PEP 751 [packages.tool] tables, kept as read
}

// Dependency names another package of the lock this one depends on.
type Dependency struct {
	Name string
	// More holds what else a pylock.toml's dependency table says to tell
	// several entries of one name apart (version, marker, ...), as read.
	More map[string]any
}

// DependenciesOn is the dependency list of the given package names.
func DependenciesOn(names []string) []Dependency {
	if len(names) == 0 {
		return nil
	}
	out := make([]Dependency, len(names))
	for i, n := range names {
		out[i] = Dependency{Name: n}
	}
	return out
}

// Source says where a package comes from: distribution files found on an
// Index or at a FindLinks location (listed in Package.Artifacts; a
// pylock.toml may give neither: the files are then where Artifacts say),
// one Archive named directly, a project Directory, or a repository (VCS).
// A lock names one of these.
type Source struct {
	Index     string // a simple index's URL (never with credentials)
	FindLinks string // a folder (relative to the lock file when inside its folder) or URL
	Archive   *Archive
	Directory *Directory
	VCS       *VCS
}

// IsZero reports whether s names no source.
func (s Source) IsZero() bool {
	return s.Index == "" && s.FindLinks == "" && s.Archive == nil && s.Directory == nil && s.VCS == nil
}

// Archive is a direct reference to one archive: an sdist, a wheel or
// another archive of a source tree. Its file (name, path, hashes, size) is
// the package's artifact.
type Archive struct {
	URL          string // "" when the lock names a local path only
	Subdirectory string // the project's folder inside the archive
}

// Directory is a project folder.
type Directory struct {
	Path         string // relative to the lock file's folder (with "/"), or absolute
	Editable     bool   // installed in place
	Subdirectory string // the project's folder inside Path
}

// VCS is a repository at one commit.
type VCS struct {
	Type              string // "git" (PEP 751 also names "hg", "svn", "bzr")
	URL               string // the repository URL (without credentials)
	Path              string // or a local repository, relative to the lock file's folder
	RequestedRevision string // the branch, tag or revision asked for, "" when none
	CommitID          string // the exact commit
	Subdirectory      string // the project's folder inside the repository
}

// Artifact is one distribution file.
type Artifact struct {
	File   string // the file name
	Kind   string // ArtifactSdist or ArtifactWheel
	Path   string // relative to the lock file's folder, with "/" (or absolute in a pylock.toml)
	URL    string // where it came from (never with credentials)
	SHA256 string // lower-case hex
	// Hashes holds digests by other algorithms (PEP 751 allows any hashlib
	// name), keyed by lower-case algorithm name; sha256 is in SHA256.
	Hashes     map[string]string
	Size       int64      // bytes, 0 when unknown
	UploadTime *time.Time // UTC, nil when unknown
}

// KindOfFile is the artifact kind a file name says: a wheel for
// "*.whl", an sdist for "*.tar.gz" and "*.zip", "" for anything else.
func KindOfFile(file string) string {
	switch {
	case strings.HasSuffix(file, ".whl"):
		return ArtifactWheel
	case strings.HasSuffix(file, ".tar.gz"), strings.HasSuffix(file, ".zip"):
		return ArtifactSdist
	}
	return ""
}

// Find returns the packages with the given name, by any spelling (PEP 503
// normalisation: "Framework.TypeA_Plugin1" finds "framework-typea-plugin1"),
// in lock order, as pointers into l.
func (l *Lock) Find(name string) []*Package {
	n := wheelname.Normalize(name)
	var out []*Package
	for i := range l.Packages {
		if wheelname.Normalize(l.Packages[i].Name) == n {
			out = append(out, &l.Packages[i])
		}
	}
	return out
}

// ResolvePath makes a path from a lock file usable: a relative path
// (relative to the lock file's folder, written with "/") is joined to
// lockDir; an absolute one is returned cleaned; "" stays "". It checks
// nothing: PEP 751 allows paths that leave the lock's folder ("../x.whl"),
// so callers that must stay inside a folder (a bundle) check the result.
func ResolvePath(lockDir, p string) string {
	if p == "" {
		return ""
	}
	fp := filepath.FromSlash(p)
	if filepath.IsAbs(fp) {
		return filepath.Clean(fp)
	}
	return filepath.Join(lockDir, fp)
}

// Describe names the target for messages: "CPython 3.11.7 on linux_x86_64".
func (t Target) Describe() string {
	impl := t.Implementation
	switch strings.ToLower(impl) {
	case "cpython":
		impl = "CPython"
	case "pypy":
		impl = "PyPy"
	case "graalpy":
		impl = "GraalPy"
	case "ironpython":
		impl = "IronPython"
	case "jython":
		impl = "Jython"
	case "":
		impl = "Python"
	}
	s := impl
	if t.Python != "" {
		s += " " + t.Python
	}
	if t.Platform != "" {
		s += " on " + t.Platform
	}
	return s
}

// Clone returns a deep copy of l (tool, dependency and attestation tables
// are copied at every level of maps and slices).
func (l *Lock) Clone() *Lock {
	c := *l
	c.Target = l.Target.clone()
	c.Requirements = slices.Clone(l.Requirements)
	c.Environments = slices.Clone(l.Environments)
	c.Extras = slices.Clone(l.Extras)
	c.DependencyGroups = slices.Clone(l.DependencyGroups)
	c.DefaultGroups = slices.Clone(l.DefaultGroups)
	c.Warnings = slices.Clone(l.Warnings)
	c.Tool = CloneTable(l.Tool)
	c.Packages = slices.Clone(l.Packages)
	for i := range c.Packages {
		c.Packages[i] = c.Packages[i].Clone()
	}
	return &c
}

func (t Target) clone() Target {
	t.Tags = slices.Clone(t.Tags)
	t.Markers = maps.Clone(t.Markers)
	return t
}

// Clone returns a deep copy of p.
func (p Package) Clone() Package {
	p.Source = p.Source.Clone()
	p.Dependencies = slices.Clone(p.Dependencies)
	for i := range p.Dependencies {
		p.Dependencies[i].More = CloneTable(p.Dependencies[i].More)
	}
	p.Artifacts = slices.Clone(p.Artifacts)
	for i := range p.Artifacts {
		p.Artifacts[i] = p.Artifacts[i].Clone()
	}
	p.AttestationIdentities = cloneTables(p.AttestationIdentities)
	p.Tool = CloneTable(p.Tool)
	return p
}

// Clone returns a deep copy of s.
func (s Source) Clone() Source {
	if s.Archive != nil {
		a := *s.Archive
		s.Archive = &a
	}
	if s.Directory != nil {
		d := *s.Directory
		s.Directory = &d
	}
	if s.VCS != nil {
		v := *s.VCS
		s.VCS = &v
	}
	return s
}

// Clone returns a deep copy of a.
func (a Artifact) Clone() Artifact {
	a.Hashes = maps.Clone(a.Hashes)
	if a.UploadTime != nil {
		t := *a.UploadTime
		a.UploadTime = &t
	}
	return a
}

func cloneTables(ms []map[string]any) []map[string]any {
	if ms == nil {
		return nil
	}
	out := make([]map[string]any, len(ms))
	for i, m := range ms {
		out[i] = CloneTable(m)
	}
	return out
}

// CloneTable copies a table as decoded from TOML, at every level of maps
// and slices.
func CloneTable(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = cloneAny(v)
	}
	return c
}

func cloneAny(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return CloneTable(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneAny(e)
		}
		return out
	case []map[string]any:
		return cloneTables(x)
	}
	return v
}
