package pylock

import (
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// LockVersion is the PEP 751 format version this package writes and the
// newest it reads without a warning.
const LockVersion = "1.0"

// FileName is the default lock file name; pylock.NAME.toml is the other
// form PEP 751 allows.
const FileName = "pylock.toml"

// Lock is the content of a pylock.toml file (PEP 751).
type Lock struct {
	LockVersion      string         // "1.0"; Marshal writes LockVersion whatever is here
	Environments     []string       // markers; the lock applies only where one holds (none: everywhere)
	RequiresPython   string         // a PEP 440 specifier set, "" when absent
	Extras           []string       // the extras the lock can install, normalised, sorted
	DependencyGroups []string       // the dependency groups the lock can install, normalised, sorted
	DefaultGroups    []string       // the groups installed when none are asked for, normalised, sorted
	CreatedBy        string         // the tool that wrote the file ("fwenv 0.3.0", "uv", "pip")
	Packages         []Package      // sorted by normalised name, then version, then marker
	Tool             map[string]any // [tool] tables, kept as read

	// Warnings holds what Parse accepted but a user should hear about (a
	// newer minor lock-version, keys that version added). It is never
	// written; the CLI prints each as "warning: ...".
	Warnings []string
}

// Package is one [[packages]] entry.
type Package struct {
	Name           string           // normalised (PEP 503)
	Version        string           // PEP 440; required with sdist/wheels, optional otherwise
	Marker         string           // the package is installed only where this holds ("" = everywhere)
	RequiresPython string           // a PEP 440 specifier set, "" when absent
	Index          string           // the index's simple-API URL the files come from, "" when unknown
	Dependencies   []map[string]any // tables identifying other [[packages]] entries ({name = "..."})

	// Exactly one source kind: VCS, Directory, Archive, or Sdist and/or Wheels.
	VCS       *VCS
	Directory *Directory
	Archive   *Archive
	Sdist     *File
	Wheels    []File // sorted by file name

	AttestationIdentities []map[string]any // each with a "kind"; kept as read
	Tool                  map[string]any   // [packages.tool] tables, kept as read
}

// VCS is a package built from a version-control checkout.
type VCS struct {
	Type              string // "git", "hg", "svn", "bzr"
	URL               string // the repository URL (without credentials)
	Path              string // or a local repository, relative to the lock file's folder
	RequestedRevision string // the branch, tag or revision asked for, "" when none
	CommitID          string // the exact commit (required)
	Subdirectory      string // the project's folder inside the repository
}

// Directory is a package built from a local source tree.
type Directory struct {
	Path         string // relative to the lock file's folder, or absolute
	Editable     bool   // installed in place (pip install -e)
	Subdirectory string
}

// Archive is a package from a direct reference to an archive (an sdist, a
// wheel or another archive holding a source tree).
type Archive struct {
	URL          string
	Path         string
	Size         int64 // bytes, 0 when unknown
	UploadTime   *time.Time
	Hashes       map[string]string // algorithm -> lower-case hex digest; at least one
	Subdirectory string
}

// File is one sdist or wheel.
type File struct {
	Name       string // the file name; Parse infers it from the URL or path when absent
	URL        string
	Path       string
	UploadTime *time.Time // UTC
	Size       int64      // bytes, 0 when unknown
	Hashes     map[string]string
}

var pylockName = lazyRegexp(`^pylock\.([^.]+\.)?toml$`)

// IsPylockName reports whether path's base name is one PEP 751 allows for a
// lock file: "pylock.toml" or "pylock.NAME.toml" (NAME without dots, not
// empty). Callers use it to tell a pylock.toml from a requirements file.
func IsPylockName(path string) bool {
	base := filepath.Base(filepath.FromSlash(path))
	return pylockName().MatchString(base)
}

// SourceKind names the package's source kind: "vcs", "directory",
// "archive", "sdist", "wheels", "sdist+wheels", or "" when it has none
// (several kinds are joined with " and ").
func (p *Package) SourceKind() string {
	var kinds []string
	if p.VCS != nil {
		kinds = append(kinds, "vcs")
	}
	if p.Directory != nil {
		kinds = append(kinds, "directory")
	}
	if p.Archive != nil {
		kinds = append(kinds, "archive")
	}
	switch {
	case p.Sdist != nil && len(p.Wheels) > 0:
		kinds = append(kinds, "sdist+wheels")
	case p.Sdist != nil:
		kinds = append(kinds, "sdist")
	case len(p.Wheels) > 0:
		kinds = append(kinds, "wheels")
	}
	return strings.Join(kinds, " and ")
}

// Find returns the packages with the given name, by any spelling.
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

// Clone returns a deep copy of l (tool tables and dependency tables are
// copied one level deep at every nesting of maps and slices).
func (l *Lock) Clone() *Lock {
	c := *l
	c.Environments = slices.Clone(l.Environments)
	c.Extras = slices.Clone(l.Extras)
	c.DependencyGroups = slices.Clone(l.DependencyGroups)
	c.DefaultGroups = slices.Clone(l.DefaultGroups)
	c.Warnings = slices.Clone(l.Warnings)
	c.Tool = cloneMap(l.Tool)
	c.Packages = slices.Clone(l.Packages)
	for i := range c.Packages {
		p := &c.Packages[i]
		p.Dependencies = cloneMaps(p.Dependencies)
		p.AttestationIdentities = cloneMaps(p.AttestationIdentities)
		p.Tool = cloneMap(p.Tool)
		if p.VCS != nil {
			v := *p.VCS
			p.VCS = &v
		}
		if p.Directory != nil {
			d := *p.Directory
			p.Directory = &d
		}
		if p.Archive != nil {
			a := *p.Archive
			a.Hashes = cloneStrings(a.Hashes)
			a.UploadTime = cloneTime(a.UploadTime)
			p.Archive = &a
		}
		if p.Sdist != nil {
			s := p.Sdist.clone()
			p.Sdist = &s
		}
		p.Wheels = slices.Clone(p.Wheels)
		for j := range p.Wheels {
			p.Wheels[j] = p.Wheels[j].clone()
		}
	}
	return &c
}

func (f File) clone() File {
	f.Hashes = cloneStrings(f.Hashes)
	f.UploadTime = cloneTime(f.UploadTime)
	return f
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func cloneStrings(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func cloneMaps(ms []map[string]any) []map[string]any {
	if ms == nil {
		return nil
	}
	out := make([]map[string]any, len(ms))
	for i, m := range ms {
		out[i] = cloneMap(m)
	}
	return out
}

func cloneMap(m map[string]any) map[string]any {
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
		return cloneMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneAny(e)
		}
		return out
	}
	return v
}

// Normalize puts l in its canonical form, in place: package names, extras
// and group names normalised (PEP 503/685); extras and groups sorted without
// duplicates; markers and specifiers trimmed; hash algorithms and digests
// lower-case; upload times in UTC; a missing file name taken from the URL or
// path; wheels sorted by file name; packages sorted by name, version (PEP 440
// order), marker and then their whole content, so that the order of the
// input never shows in the output. Environments keep their order. Parse and
// Marshal call it.
func (l *Lock) Normalize() {
	l.normalizeFields()
	l.sortPackages()
}

// normalizeFields is Normalize without sorting the packages.
func (l *Lock) normalizeFields() {
	l.Environments = nilIfEmpty(trimAll(l.Environments))
	l.RequiresPython = strings.TrimSpace(l.RequiresPython)
	l.Extras = normNames(l.Extras)
	l.DependencyGroups = normNames(l.DependencyGroups)
	l.DefaultGroups = normNames(l.DefaultGroups)
	if len(l.Tool) == 0 {
		l.Tool = nil
	}
	for i := range l.Packages {
		p := &l.Packages[i]
		if pep508.ValidName(p.Name) {
			p.Name = wheelname.Normalize(p.Name)
		}
		p.Version = strings.TrimSpace(p.Version)
		p.Marker = strings.TrimSpace(p.Marker)
		p.RequiresPython = strings.TrimSpace(p.RequiresPython)
		p.Dependencies = nilIfEmpty(p.Dependencies)
		p.AttestationIdentities = nilIfEmpty(p.AttestationIdentities)
		if len(p.Tool) == 0 {
			p.Tool = nil
		}
		if p.Archive != nil {
			p.Archive.Hashes = normHashes(p.Archive.Hashes)
			p.Archive.UploadTime = utc(p.Archive.UploadTime)
		}
		if p.Sdist != nil {
			p.Sdist.normalize()
		}
		for j := range p.Wheels {
			p.Wheels[j].normalize()
		}
		p.Wheels = nilIfEmpty(p.Wheels)
		slices.SortStableFunc(p.Wheels, compareFiles)
	}
}

func (l *Lock) sortPackages() {
	keys := make([]string, len(l.Packages))
	for i := range l.Packages {
		var b strings.Builder
		writePackage(&b, &l.Packages[i]) // errors only for tool tables; the key is still usable
		keys[i] = b.String()
	}
	idx := make([]int, len(l.Packages))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := comparePackages(&l.Packages[a], &l.Packages[b]); c != 0 {
			return c
		}
		return strings.Compare(keys[a], keys[b])
	})
	sorted := make([]Package, len(l.Packages))
	for i, j := range idx {
		sorted[i] = l.Packages[j]
	}
	l.Packages = nilIfEmpty(sorted)
}

func (f *File) normalize() {
	f.Hashes = normHashes(f.Hashes)
	f.UploadTime = utc(f.UploadTime)
	if f.Name == "" {
		f.Name = inferName(f.URL, f.Path)
	}
}

// inferName is the last component of the URL's path (without query and
// fragment) or of the local path.
func inferName(url, path string) string {
	s := url
	if s == "" {
		s = strings.ReplaceAll(path, "\\", "/")
	} else {
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimRight(s, "/")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if url != "" {
		s = unescapePath(s)
	}
	return s
}

func unescapePath(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func normHashes(h map[string]string) map[string]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[strings.ToLower(strings.TrimSpace(k))] = strings.ToLower(strings.TrimSpace(v))
	}
	return out
}

func trimAll(s []string) []string {
	for i := range s {
		s[i] = strings.TrimSpace(s[i])
	}
	return s
}

func normNames(s []string) []string {
	out := make([]string, 0, len(s))
	for _, n := range s {
		n = strings.TrimSpace(n)
		if pep508.ValidName(n) {
			n = wheelname.Normalize(n)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return nilIfEmpty(slices.Compact(out))
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

func compareFiles(a, b File) int {
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	if c := strings.Compare(a.URL, b.URL); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

func comparePackages(a, b *Package) int {
	if c := strings.Compare(wheelname.Normalize(a.Name), wheelname.Normalize(b.Name)); c != 0 {
		return c
	}
	va, ea := pep440.Parse(a.Version)
	vb, eb := pep440.Parse(b.Version)
	switch {
	case ea == nil && eb == nil:
		if c := va.Compare(vb); c != 0 {
			return c
		}
	case ea == nil:
		return 1
	case eb == nil:
		return -1
	}
	if c := strings.Compare(a.Version, b.Version); c != 0 {
		return c
	}
	return strings.Compare(a.Marker, b.Marker)
}
