package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/source"
)

// Error is a file that could not be saved or built into the bundle.
type Error struct{ Msg, hint string }

func (e *Error) Error() string { return e.Msg }

// Hint says how to fix it.
func (e *Error) Hint() string { return e.hint }

// Bundle is the folder being filled and its manifest's packages.
type Bundle struct {
	dir string
	// cacheDir is fwenv's cache: its files may be hard-linked into the
	// bundle; anyone else's are copied.
	cacheDir string
	mu       sync.Mutex
	pkgs     map[string]*lock.Package // normalised name + "==" + version
	building map[string]bool
}

// New is an empty bundle in dir; files under cacheDir are linked, not
// copied ("" copies everything).
func New(dir, cacheDir string) *Bundle {
	return &Bundle{dir: dir, cacheDir: cacheDir, pkgs: map[string]*lock.Package{}, building: map[string]bool{}}
}

// Dir is the bundle's folder.
func (b *Bundle) Dir() string { return b.dir }

func key(name, version string) string { return wheelname.Normalize(name) + "==" + version }

// Add copies path into the bundle (unless a file of that name with the same
// content is there) and records it for the package name==version. sum is
// the file's sha256 when it was checked already ("" to compute it). A
// package added both as build-only and not is not build-only; requested
// once is requested.
func (b *Bundle) Add(name, version, path, sum string, src lock.Source, buildOnly, requested bool) error {
	base := filepath.Base(path)
	dst := filepath.Join(b.dir, base)
	if sum == "" {
		var err error
		if sum, err = source.FileSHA256(path); err != nil {
			return err
		}
	}
	if filepath.Clean(path) != filepath.Clean(dst) {
		if have, err := hashIfExists(dst); err != nil || have != sum {
			link := b.cacheDir != "" && strings.HasPrefix(path, b.cacheDir+string(os.PathSeparator))
			if err := source.PlaceFile(path, dst, link); err != nil {
				return &Error{fmt.Sprintf("saving %s into %s: %v", base, b.dir, err), "check that the folder is writable and has room"}
			}
		}
	}
	st, err := os.Stat(dst)
	if err != nil {
		return err
	}
	kind := lock.ArtifactWheel
	if !strings.HasSuffix(base, ".whl") {
		kind = lock.ArtifactSdist
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	k := key(name, version)
	p := b.pkgs[k]
	if p == nil {
		p = &lock.Package{Name: name, Version: version, Source: src, BuildOnly: buildOnly}
		b.pkgs[k] = p
	}
	if !buildOnly {
		p.BuildOnly = false
	}
	p.Requested = p.Requested || requested
	for i, a := range p.Artifacts {
		if a.File == base {
			// The same file again, or new content under its name: the
			// manifest says what the folder now holds.
			p.Artifacts[i].SHA256, p.Artifacts[i].Size = sum, st.Size()
			return nil
		}
	}
	p.Artifacts = append(p.Artifacts, lock.Artifact{File: base, Kind: kind, Path: base, SHA256: sum, Size: st.Size()})
	return nil
}

// Packages are the packages added so far, sorted by name and version.
func (b *Bundle) Packages() []*lock.Package {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]*lock.Package, 0, len(b.pkgs))
	for _, p := range b.pkgs {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i].Name, out[i].Version) < key(out[j].Name, out[j].Version) })
	return out
}

// Sdists are the paths of the sdists in the bundle, in package order.
func (b *Bundle) Sdists() []string {
	var out []string
	for _, p := range b.Packages() {
		for _, a := range p.Artifacts {
			if a.Kind == lock.ArtifactSdist {
				out = append(out, filepath.Join(b.dir, a.Path))
			}
		}
	}
	return out
}

// Building marks the sdist at path as being built and returns the function
// that unmarks it; an sdist whose build needs itself again is refused.
func (b *Bundle) Building(path string) (func(), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.building[path] {
		return nil, &Error{fmt.Sprintf("%s: its build needs itself (a build-requirement cycle)", filepath.Base(path)), "put a wheel of the build requirement in a -f folder"}
	}
	b.building[path] = true
	return func() { b.mu.Lock(); delete(b.building, path); b.mu.Unlock() }, nil
}

// Lock is the bundle's manifest: the packages added, each with its sorted
// dependencies from deps (normalised name -> names).
func (b *Bundle) Lock(createdBy string, target lock.Target, requirements []string, deps map[string][]string) *lock.Lock {
	l := &lock.Lock{CreatedBy: createdBy, Kind: lock.KindBundle, Requirements: requirements, Target: target}
	for _, p := range b.Packages() {
		if d := deps[wheelname.Normalize(p.Name)]; len(d) > 0 {
			p.Dependencies = lock.DependenciesOn(uniqueSorted(d))
		}
		l.Packages = append(l.Packages, *p)
	}
	return l
}

// Source is what a manifest records as where f came from: its index, the
// find-links folder it was found in, or the bundle itself (".").
func Source(f source.File, bundleDir string) lock.Source {
	if f.URL != "" && f.Origin != "" && !f.Local() {
		return lock.Source{Index: f.Origin}
	}
	if f.Origin != "" && f.Origin != bundleDir {
		return lock.Source{FindLinks: f.Origin}
	}
	return lock.Source{FindLinks: "."}
}

// hashIfExists is the sha256 of a file, "" when there is none.
func hashIfExists(path string) (string, error) {
	if _, err := os.Lstat(path); err != nil {
		return "", nil
	}
	return source.FileSHA256(path)
}

func uniqueSorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
