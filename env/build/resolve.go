package build

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

// SystemWheelDir is where Debian's python3-*-whl packages put their wheels.
const SystemWheelDir = "/usr/share/python-wheels"

// Origin says which source served a build requirement.
type Origin string

const (
	// FromFindLinks: a configured find-links folder (-f).
	FromFindLinks Origin = "find-links"
	// FromEnsurepip: the ensurepip/_bundled folder of a discovered interpreter.
	FromEnsurepip Origin = "ensurepip"
	// FromSystem: Debian's system wheel folder (python3-*-whl packages).
	FromSystem Origin = "system"
)

// Pool is one source of build-requirement wheels, searched as a whole: the
// newest fitting wheel in any of its folders wins. Pools are searched in
// order; a later pool is used only for what earlier ones lack.
type Pool struct {
	Origin Origin
	Dirs   []string
	// Exclude maps normalised project names to why this pool may not serve
	// them for the target.
	Exclude map[string]string
}

// Pools lists the sources of build requirements for target, in order: the
// find-links folders, the ensurepip bundles of every interpreter in
// interps (the target's own included when listed), then systemDir (Debian's
// wheel folder; "" for none). Debian's setuptools wheel is patched for
// Debian's own interpreter and fails on other builds of CPython
// (AttributeError: install_layout), so setuptools is taken from systemDir
// only when target is Debian's interpreter.
func Pools(target *python.Info, findLinks []string, interps []*python.Info, systemDir string) []Pool {
	var pools []Pool
	if len(findLinks) > 0 {
		pools = append(pools, Pool{Origin: FromFindLinks, Dirs: findLinks})
	}
	seen := map[string]bool{}
	var bundles []string
	for _, in := range append([]*python.Info{target}, interps...) {
		if in == nil || in.Stdlib == "" {
			continue
		}
		d := filepath.Join(in.Stdlib, "ensurepip", "_bundled")
		if seen[d] {
			continue
		}
		seen[d] = true
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			bundles = append(bundles, d)
		}
	}
	sort.Strings(bundles)
	if len(bundles) > 0 {
		pools = append(pools, Pool{Origin: FromEnsurepip, Dirs: bundles})
	}
	if systemDir != "" {
		p := Pool{Origin: FromSystem, Dirs: []string{systemDir}}
		if target == nil || !target.DebianScheme {
			p.Exclude = map[string]string{"setuptools": "Debian's setuptools wheel is patched for Debian's own Python and fails on other interpreters (AttributeError: install_layout)"}
		}
		pools = append(pools, p)
	}
	return pools
}

// Resolved is one wheel chosen for a build environment.
type Resolved struct {
	Project     string // normalised name
	Version     string
	Path        string
	SHA256      string
	Origin      Origin
	Requirement string // the requirement that asked for it (a build requirement or a dependency)
	deps        []string
}

// RequirementError is a build requirement no source can serve.
type RequirementError struct {
	Requirement string
	Target      string // the interpreter, for messages
	Reasons     []string
	Searched    []string
}

func (e *RequirementError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "build requirement %q: no wheel found for %s", e.Requirement, e.Target)
	for _, r := range e.Reasons {
		b.WriteString("\n  ")
		b.WriteString(r)
	}
	if len(e.Searched) > 0 {
		b.WriteString("\nsearched:")
		for _, s := range e.Searched {
			b.WriteString("\n  ")
			b.WriteString(s)
		}
	}
	return b.String()
}

// Hint tells how to provide the wheel.
func (e *RequirementError) Hint() string {
	name := e.Requirement
	if r, err := pep508.ParseRequirement(e.Requirement); err == nil {
		name = r.Name
	}
	return fmt.Sprintf("put a wheel of %s that suits %s in a folder and pass it with -f DIR (for example `pip download --only-binary :all: --no-deps '%s' -d DIR` on a machine with network)", name, e.Target, e.Requirement)
}

// resolver picks wheels for build requirements from pools, following their
// dependencies (first choice wins; a later requirement the choice does not
// satisfy is an error, not a backtrack).
type resolver struct {
	target *python.Info
	pools  []Pool
	ranker tags.Ranker
	env    pep508.Environment
	scans  []*source.FindLinks
	// later gives the pools searched after pools, computed only when
	// needed (discovering interpreters costs time on a first run).
	later func() []Pool
}

func newResolver(target *python.Info, pools []Pool) *resolver {
	r := &resolver{target: target, pools: pools, ranker: tags.NewRanker(target.Tags())}
	r.env = pep508.Environment{}
	for k, v := range target.Markers {
		r.env[k] = v
	}
	r.env["extra"] = ""
	for _, p := range pools {
		r.scans = append(r.scans, &source.FindLinks{Dirs: p.Dirs})
	}
	return r
}

// prepend adds a pool searched before the others.
func (r *resolver) prepend(p Pool) {
	r.pools = append([]Pool{p}, r.pools...)
	r.scans = append([]*source.FindLinks{{Dirs: p.Dirs}}, r.scans...)
}

// resolve returns the wheels for reqs and their dependencies, sorted by
// project name. have are wheels already chosen (for requirements added by
// get_requires_for_build_*).
func (r *resolver) resolve(reqs []string, have []Resolved) ([]Resolved, error) {
	chosen := map[string]*Resolved{}
	var order []string
	for i := range have {
		h := have[i]
		chosen[h.Project] = &h
		order = append(order, h.Project)
	}
	queue := append([]string(nil), reqs...)
	for len(queue) > 0 {
		raw := queue[0]
		queue = queue[1:]
		req, err := pep508.ParseRequirement(raw)
		if err != nil {
			return nil, &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: []string{"not a valid requirement: " + err.Error()}}
		}
		if !req.Marker.IsZero() {
			ok, err := req.Marker.Evaluate(r.env)
			if err != nil {
				return nil, &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: []string{"its marker cannot be evaluated: " + err.Error()}}
			}
			if !ok {
				continue
			}
		}
		if req.URL != "" {
			return nil, &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: []string{"direct references (name @ URL) are not supported for build requirements yet"}}
		}
		name := req.NormalizedName()
		if c, ok := chosen[name]; ok {
			v, _ := pep440.Parse(c.Version)
			if req.Specifier.Len() > 0 && !req.Specifier.ContainsPre(v, pep440.PreInclude) {
				return nil, &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: []string{fmt.Sprintf("%s %s was already chosen for %q and does not satisfy it", c.Project, c.Version, c.Requirement)}}
			}
			continue
		}
		got, err := r.pick(req, raw)
		if err != nil {
			return nil, err
		}
		chosen[name] = got
		order = append(order, name)
		for _, d := range got.deps {
			queue = append(queue, d)
		}
	}
	out := make([]Resolved, 0, len(order))
	for _, n := range order {
		out = append(out, *chosen[n])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Project < out[j].Project })
	return out, nil
}

// pick finds the best wheel for one requirement, pool by pool.
func (r *resolver) pick(req pep508.Requirement, raw string) (*Resolved, error) {
	name := req.NormalizedName()
	var reasons, searched []string
	for i := 0; i < len(r.pools) || r.later != nil; i++ {
		if i == len(r.pools) {
			more := r.later()
			r.later = nil
			for _, p := range more {
				r.pools = append(r.pools, p)
				r.scans = append(r.scans, &source.FindLinks{Dirs: p.Dirs})
			}
			if i == len(r.pools) {
				break
			}
		}
		p := r.pools[i]
		searched = append(searched, fmt.Sprintf("%s: %s", p.Origin, strings.Join(p.Dirs, ", ")))
		files, err := r.scans[i].Files(context.Background(), name)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("%s: %v", p.Origin, err))
			continue
		}
		if why, ok := p.Exclude[name]; ok {
			for _, f := range files {
				reasons = append(reasons, fmt.Sprintf("%s: skipped (%s)", f.Path, why))
			}
			continue
		}
		sort.SliceStable(files, func(a, b int) bool {
			if c := files[a].Version.Compare(files[b].Version); c != 0 {
				return c > 0
			}
			ra, _ := r.ranker.Rank(files[a].Tags)
			rb, _ := r.ranker.Rank(files[b].Tags)
			if ra != rb {
				return ra < rb
			}
			return files[a].Path < files[b].Path
		})
		anyRelease := false
		for _, f := range files {
			if f.Kind == source.Wheel && !f.Version.IsPrerelease() && req.Specifier.Contains(f.Version) {
				anyRelease = true
			}
		}
		for _, f := range files {
			if f.Kind != source.Wheel {
				reasons = append(reasons, fmt.Sprintf("%s: an sdist; build requirements must be wheels", f.Path))
				continue
			}
			pre := pep440.PreAuto
			if !anyRelease {
				pre = pep440.PreInclude
			}
			if req.Specifier.Len() > 0 && !req.Specifier.ContainsPre(f.Version, pre) {
				reasons = append(reasons, fmt.Sprintf("%s: version %s does not match %s", f.Path, f.Version, req.Specifier))
				continue
			}
			if req.Specifier.Len() == 0 && f.Version.IsPrerelease() && anyRelease {
				continue
			}
			if _, ok := r.ranker.Rank(f.Tags); !ok {
				reasons = append(reasons, fmt.Sprintf("%s: tags do not suit %s", f.Path, r.target.TagTarget().Best()))
				continue
			}
			md, err := wheelMetadata(f.Path)
			if err != nil {
				reasons = append(reasons, fmt.Sprintf("%s: %v", f.Path, err))
				continue
			}
			if md.RequiresPython != "" {
				ss, err := pep440.ParseSpecifierSet(md.RequiresPython)
				pv, perr := pep440.Parse(r.target.Version())
				if err == nil && perr == nil && !ss.ContainsPre(pv, pep440.PreInclude) {
					reasons = append(reasons, fmt.Sprintf("%s: Requires-Python %s excludes %s", f.Path, md.RequiresPython, r.target.Version()))
					continue
				}
			}
			sum, err := fileSHA256(f.Path)
			if err != nil {
				reasons = append(reasons, fmt.Sprintf("%s: %v", f.Path, err))
				continue
			}
			return &Resolved{Project: name, Version: f.Version.String(), Path: f.Path, SHA256: sum, Origin: p.Origin, Requirement: raw, deps: md.RequiresDist}, nil
		}
		if len(files) == 0 {
			reasons = append(reasons, fmt.Sprintf("%s: no %s wheel", p.Origin, name))
		}
	}
	if len(r.pools) == 0 {
		reasons = append(reasons, "no find-links folders, interpreter bundles or system wheel folder to search")
	}
	return nil, &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: reasons, Searched: searched}
}

// wheelMetadata reads NAME-VERSION.dist-info/METADATA from a wheel without
// validating the rest (the install engine validates the whole wheel).
func wheelMetadata(path string) (*metadata.Metadata, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the wheel: %v", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		dir, rest, ok := strings.Cut(f.Name, "/")
		if !ok || rest != "METADATA" || !strings.HasSuffix(dir, ".dist-info") {
			continue
		}
		if f.UncompressedSize64 > 8<<20 {
			return nil, fmt.Errorf("METADATA too large")
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(rc, 8<<20))
		rc.Close()
		if err != nil {
			return nil, err
		}
		return metadata.Parse(data)
	}
	return nil, fmt.Errorf("no .dist-info/METADATA in the wheel")
}

type hashKey struct {
	path  string
	size  int64
	mtime int64
}

var hashMemo sync.Map // hashKey -> string

// fileSHA256 hashes a file, remembering the result for the process's
// lifetime by path, size and modification time.
func fileSHA256(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	k := hashKey{path, st.Size(), st.ModTime().UnixNano()}
	if v, ok := hashMemo.Load(k); ok {
		return v.(string), nil
	}
	sum, err := source.FileSHA256(path)
	if err != nil {
		return "", err
	}
	hashMemo.Store(k, sum)
	return sum, nil
}

// String says what was chosen and where from, for messages:
// "setuptools 65.5.0 (ensurepip bundle /…/ensurepip/_bundled)".
func (r Resolved) String() string {
	where := map[Origin]string{FromFindLinks: "find-links", FromEnsurepip: "ensurepip bundle", FromSystem: "system wheels"}[r.Origin]
	return fmt.Sprintf("%s %s (%s %s)", r.Project, r.Version, where, filepath.Dir(r.Path))
}
