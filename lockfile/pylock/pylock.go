package pylock

import (
	"slices"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// LockVersion is the PEP 751 format version this package writes and the
// newest it reads without a warning.
const LockVersion = "1.0"

// pyLock is a pylock.toml as the file spells it: lockfile/lock's model in
// the shape of PEP 751, which validation, normalisation and the writer work
// on.
type pyLock struct {
	LockVersion      string         // "1.0"; Marshal writes LockVersion whatever is here
	Environments     []string       // markers; the lock applies only where one holds (none: everywhere)
	RequiresPython   string         // a PEP 440 specifier set, "" when absent
	Extras           []string       // the extras the lock can install, normalised, sorted
	DependencyGroups []string       // the dependency groups the lock can install, normalised, sorted
	DefaultGroups    []string       // the groups installed when none are asked for, normalised, sorted
	CreatedBy        string         // the tool that wrote the file ("fwenv 0.3.0", "uv", "pip")
	Packages         []pyPackage    // sorted by normalised name, then version, then marker
	Tool             map[string]any // [tool] tables, kept as read

	warnings []string // what Parse accepted but a user should hear about (lock.Lock's Warnings)
}

// pyPackage is one [[packages]] entry.
type pyPackage struct {
	Name           string           // normalised (PEP 503)
	Version        string           // PEP 440; required with sdist/wheels, optional otherwise
	Marker         string           // the package is installed only where this holds ("" = everywhere)
	RequiresPython string           // a PEP 440 specifier set, "" when absent
	Index          string           // the index's simple-API URL the files come from, "" when unknown
	Dependencies   []map[string]any // tables identifying other [[packages]] entries ({name = "..."})

	// Exactly one source kind: VCS, Directory, Archive, or Sdist and/or Wheels.
	VCS       *lock.VCS
	Directory *lock.Directory
	Archive   *pyArchive
	Sdist     *pyFile
	Wheels    []pyFile // sorted by file name

	AttestationIdentities []map[string]any // each with a "kind"; kept as read
	Tool                  map[string]any   // [packages.tool] tables, kept as read
}

// pyArchive is a package from a direct reference to an archive (an sdist,
// a wheel or another archive holding a source tree).
type pyArchive struct {
	URL          string
	Path         string
	Size         int64 // bytes, 0 when unknown
	UploadTime   *time.Time
	Hashes       map[string]string // algorithm -> lower-case hex digest; at least one
	Subdirectory string
}

// pyFile is one sdist or wheel.
type pyFile struct {
	Name       string // the file name; Parse infers it from the URL or path when absent
	URL        string
	Path       string
	UploadTime *time.Time // UTC
	Size       int64      // bytes, 0 when unknown
	Hashes     map[string]string
}

// sourceKind names the package's source kind: "vcs", "directory",
// "archive", "sdist", "wheels", "sdist+wheels", or "" when it has none
// (several kinds are joined with " and ").
func (p *pyPackage) sourceKind() string {
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

// normalizeFields and sortPackages put l in its canonical form, in place:
// package names, extras and group names normalised (PEP 503/685); extras
// and groups sorted without duplicates; markers and specifiers trimmed;
// hash algorithms and digests lower-case; upload times in UTC; a missing
// file name taken from the URL or path; wheels sorted by file name;
// packages sorted by name, version (PEP 440 order), marker and then their
// whole content, so that the order of the input never shows in the output.
// Environments keep their order. Parse and Marshal validate between the
// two, so that errors name packages in file order.
func (l *pyLock) normalizeFields() {
	l.Environments = nilIfEmpty(trimAll(l.Environments))
	l.RequiresPython = strings.TrimSpace(l.RequiresPython)
	l.Extras = lock.NormalizeNames(l.Extras)
	l.DependencyGroups = lock.NormalizeNames(l.DependencyGroups)
	l.DefaultGroups = lock.NormalizeNames(l.DefaultGroups)
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

func (l *pyLock) sortPackages() {
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
	sorted := make([]pyPackage, len(l.Packages))
	for i, j := range idx {
		sorted[i] = l.Packages[j]
	}
	l.Packages = nilIfEmpty(sorted)
}

func (f *pyFile) normalize() {
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

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

func compareFiles(a, b pyFile) int {
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	if c := strings.Compare(a.URL, b.URL); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

func comparePackages(a, b *pyPackage) int {
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
