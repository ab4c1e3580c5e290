package build

import (
	"archive/zip"
	"context"
	"errors"
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
	// FromTestData: the upstream setuptools and wheel wheels CPython 3.12
	// and later ship as test data (lib/python3.X/test/ and
	// test/wheeldata/), absent from many distributions' builds; the last
	// resort.
	FromTestData Origin = "cpython-test-data"
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
	// Only, when set, lists the normalised project names this pool may
	// serve (a folder of test data holds other files too).
	Only map[string]bool
}

// Pools lists the sources of build requirements for target, in order: the
// find-links folders, the ensurepip bundles of every interpreter in
// interps (the target's own included when listed), then systemDir (Debian's
// wheel folder; "" for none), then, last, the setuptools and wheel wheels
// the same interpreters ship as test data (TestDataDirs). Debian's
// setuptools wheel is patched for Debian's own interpreter and fails on
// other builds of CPython (AttributeError: install_layout), so setuptools
// is taken from systemDir only when target is Debian's interpreter.
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
	var tests []string
	for _, in := range append([]*python.Info{target}, interps...) {
		tests = append(tests, TestDataDirs(in)...)
	}
	sort.Strings(tests)
	for i := 0; i < len(tests); i++ {
		if i > 0 && tests[i] == tests[i-1] {
			tests = append(tests[:i], tests[i+1:]...)
			i--
		}
	}
	if len(tests) > 0 {
		pools = append(pools, Pool{Origin: FromTestData, Dirs: tests, Only: map[string]bool{"setuptools": true, "wheel": true}})
	}
	return pools
}

// TestDataDirs lists the folders of in's standard library that hold the
// setuptools or wheel wheels CPython ships as test data (3.12:
// lib/python3.12/test; 3.13: lib/python3.13/test/wheeldata); none when
// the interpreter was installed without its test package.
func TestDataDirs(in *python.Info) []string {
	if in == nil || in.Stdlib == "" {
		return nil
	}
	var out []string
	for _, d := range []string{filepath.Join(in.Stdlib, "test"), filepath.Join(in.Stdlib, "test", "wheeldata")} {
		for _, pat := range []string{"setuptools-*.whl", "wheel-*.whl"} {
			if m, _ := filepath.Glob(filepath.Join(d, pat)); len(m) > 0 {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// Resolved is one wheel chosen for a build environment.
type Resolved struct {
	Project     string // normalised name
	Version     string
	Path        string
	SHA256      string
	Origin      Origin
	Requirement string // the requirement that asked for it (a build requirement or a dependency)
	// Skipped says which wheels of the project a find-links folder offered
	// were passed over as unusable for the target (Debian's patched
	// setuptools, a setuptools that does not import on it), and why: the
	// caller tells the user.
	Skipped []string
	deps    []string
	via     []string // the wheels whose dependency this is, nearest first
}

// RequirementError is a build requirement no source can serve.
type RequirementError struct {
	Requirement string
	Target      string // the interpreter, for messages
	Reasons     []string
	Searched    []string
	// Project is the folder name of the project being built ("" when not
	// known).
	Project string
	// Via lists the chosen wheels ("wheel 0.46.1") whose dependency
	// Requirement is, nearest first; empty for a build requirement of the
	// project itself.
	Via []string
	// ViaRequirement is the project's own build requirement the chain
	// starts from ("wheel").
	ViaRequirement string
	// Unfit names wheels of the project that were found but cannot work
	// on the target (Debian's patched setuptools, a setuptools that does
	// not import there), for the hint.
	Unfit []string
	// conflict: the requirement is not met by a wheel already chosen (or
	// cannot be used), rather than offered by no source.
	conflict bool
}

func (e *RequirementError) Error() string {
	var b strings.Builder
	if len(e.Via) > 0 {
		of := "a build requirement"
		if e.ViaRequirement != "" {
			of = fmt.Sprintf("build requirement %q", e.ViaRequirement)
		}
		if e.Project != "" {
			of += " of " + e.Project
		}
		who := e.Via[0]
		if len(e.Via) > 1 {
			who += ", needed by " + strings.Join(e.Via[1:], ", needed by ")
		}
		unmet := "which no source offers"
		if e.conflict {
			unmet = "which cannot be met"
		}
		fmt.Fprintf(&b, "%s (%s) requires %q, %s for %s", who, of, e.Requirement, unmet, e.Target)
	} else {
		fmt.Fprintf(&b, "build requirement %q: no wheel found for %s", e.Requirement, e.Target)
	}
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
	h := fmt.Sprintf("put a wheel of %s that suits %s in a folder and pass it with -f DIR (for example `pip download --only-binary :all: --no-deps '%s' -d DIR` on a machine with network)", name, e.Target, e.Requirement)
	if len(e.Via) > 0 {
		h += fmt.Sprintf(", or give a version of %s that does not need it", strings.Fields(e.Via[len(e.Via)-1])[0])
	}
	if len(e.Unfit) > 0 {
		h = strings.Join(e.Unfit, "; ") + ": " + h
	}
	return h
}

// resolver picks wheels for build requirements from pools, following their
// dependencies (first choice wins; a later requirement the choice does not
// satisfy is an error, not a backtrack).
type resolver struct {
	target  *python.Info
	project string // for messages
	pools   []Pool
	ranker  tags.Ranker
	env     pep508.Environment
	scans   []*source.FindLinks
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
	type queued struct {
		raw  string
		via  []string // as Resolved.via
		root string   // the project's own build requirement the chain starts from
	}
	var queue []queued
	for _, raw := range reqs {
		queue = append(queue, queued{raw: raw, root: raw})
	}
	for len(queue) > 0 {
		q := queue[0]
		raw := q.raw
		queue = queue[1:]
		fail := func(reasons ...string) error {
			e := &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: reasons, Project: r.project, Via: q.via, conflict: true}
			if len(q.via) > 0 {
				e.ViaRequirement = q.root
			}
			return e
		}
		req, err := pep508.ParseRequirement(raw)
		if err != nil {
			return nil, fail("not a valid requirement: " + err.Error())
		}
		if !req.Marker.IsZero() {
			ok, err := req.Marker.Evaluate(r.env)
			if err != nil {
				return nil, fail("its marker cannot be evaluated: " + err.Error())
			}
			if !ok {
				continue
			}
		}
		if req.URL != "" {
			return nil, fail("direct references (name @ URL) are not supported for build requirements yet")
		}
		name := req.NormalizedName()
		if c, ok := chosen[name]; ok {
			v, _ := pep440.Parse(c.Version)
			if req.Specifier.Len() > 0 && !req.Specifier.ContainsPre(v, pep440.PreInclude) {
				return nil, fail(fmt.Sprintf("%s %s was already chosen for %q and does not satisfy it", c.Project, c.Version, c.Requirement))
			}
			continue
		}
		got, err := r.pick(req, raw)
		if err != nil {
			var re *RequirementError
			if errors.As(err, &re) {
				re.Project, re.Via = r.project, q.via
				if len(q.via) > 0 {
					re.ViaRequirement = q.root
				}
			}
			return nil, err
		}
		got.via = q.via
		chosen[name] = got
		order = append(order, name)
		via := append([]string{got.Project + " " + got.Version}, q.via...)
		for _, d := range got.deps {
			queue = append(queue, queued{raw: d, via: via, root: q.root})
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
	var reasons, searched, skipped, unfit []string
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
		if p.Only != nil && !p.Only[name] {
			continue
		}
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
			if why := unfitFor(name, f.Path, r.target); why != "" {
				reasons = append(reasons, fmt.Sprintf("%s: skipped (%s)", f.Path, why))
				unfit = append(unfit, fmt.Sprintf("%s is %s", filepath.Base(f.Path), why))
				if p.Origin == FromFindLinks {
					skipped = append(skipped, fmt.Sprintf("%s (%s)", f.Path, why))
				}
				continue
			}
			sum, err := fileSHA256(f.Path)
			if err != nil {
				reasons = append(reasons, fmt.Sprintf("%s: %v", f.Path, err))
				continue
			}
			return &Resolved{Project: name, Version: f.Version.String(), Path: f.Path, SHA256: sum, Origin: p.Origin, Requirement: raw, Skipped: skipped, deps: md.RequiresDist}, nil
		}
		if len(files) == 0 {
			reasons = append(reasons, fmt.Sprintf("%s: no %s wheel", p.Origin, name))
		}
	}
	if len(r.pools) == 0 {
		reasons = append(reasons, "no find-links folders, interpreter bundles or system wheel folder to search")
	}
	return nil, &RequirementError{Requirement: raw, Target: r.target.Label(), Reasons: reasons, Searched: searched, Unfit: unfit}
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
	where := map[Origin]string{FromFindLinks: "find-links", FromEnsurepip: "ensurepip bundle", FromSystem: "system wheels", FromTestData: "CPython test data"}[r.Origin]
	return fmt.Sprintf("%s %s (%s %s)", r.Project, r.Version, where, filepath.Dir(r.Path))
}
