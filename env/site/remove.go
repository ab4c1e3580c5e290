package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// RemovePlan says what uninstalling some distributions deletes and keeps.
// It is computed without changing anything; Apply carries it out.
//
// Every decision is taken on real paths, as the kernel sees them, never on
// the text of a RECORD row: the folders above a row's last component are
// resolved (lib64 -> lib, symbolic links inside the environment, ".." after
// a link) before the path is compared with the environment's root, its own
// files and the other distributions' RECORD rows, which are resolved the
// same way. The last component itself is not followed: a row that is a
// symbolic link removes the link, never its target. Paths in Remove, Dirs
// and Keep are in that resolved form, under Layout.Root as the caller
// spelled it.
type RemovePlan struct {
	Layout Layout
	Dists  []*Dist // what is uninstalled, in the order asked
	// Remove lists the files to delete (absolute, sorted): RECORD files no
	// remaining distribution lists, the byte-code of removed .py files and
	// everything in the metadata folders.
	Remove []string
	// Dirs lists the folders that are empty once Remove is done, deepest
	// first. The environment's root, site-packages, bin and the other scheme
	// folders are never in it.
	Dirs []string
	// Keep lists RECORD files left in place because another installed
	// distribution still lists them (shared namespace __init__.py files) or
	// lies in its metadata folder.
	Keep []KeptFile
	// Refused lists RECORD rows that are never touched: paths that lead
	// outside the environment (by "..", an absolute path or a symbolic
	// link), the environment's own files (bin/python*, activation scripts,
	// pyvenv.cfg, .fwenv/, the lib64 link) and its layout folders.
	Refused []RefusedFile
	// Missing lists RECORD files already gone (nothing to do).
	Missing []string

	paths *realPaths
}

// KeptFile is a file an uninstall leaves in place because another
// distribution that stays installed owns it.
type KeptFile struct {
	Path   string
	Dist   *Dist   // the distribution being removed that lists it
	Owners []*Dist // the remaining distributions that own it
	Reason string
}

// RefusedFile is a RECORD row an uninstall will not touch.
type RefusedFile struct {
	Dist   *Dist
	Rel    string // as written in RECORD (or the path found in the metadata folder)
	Path   string // the resolved path, "" when it could not be resolved
	Reason string
}

// Canonical returns path (absolute) in the form the plan uses: its
// existing folders resolved, under Layout.Root as spelled. Callers compare
// their own paths with Remove through it.
func (p *RemovePlan) Canonical(path string) string {
	if p.paths == nil {
		return filepath.Clean(path)
	}
	return p.paths.canonical(path)
}

// PlanRemove plans uninstalling the named distributions (any spelling).
// Files come from RECORD only; a file is kept when a distribution that
// stays installed still lists it; nothing outside Layout.Root and none of
// the environment's own files is touched. It fails, naming the
// distribution, when a name is not installed, when a distribution is
// legacy egg-info (read-only) or has no readable RECORD.
func PlanRemove(db *DB, names []string) (*RemovePlan, error) {
	plan := &RemovePlan{Layout: db.Layout}
	removing := map[string]bool{}
	for _, n := range names {
		d := db.Get(n)
		if d == nil {
			return nil, newError(n, "", "`fwenv list` shows what is installed", "not installed in %s", db.Layout.Root)
		}
		if removing[d.Key] {
			continue
		}
		if d.Legacy {
			return nil, newError(d.Name, d.Dir, "fwenv reads egg-info but does not remove it; use the tool that installed it (pip uninstall "+d.Name+")",
				"installed as legacy .egg-info")
		}
		if _, err := d.Files(); err != nil {
			return nil, err
		}
		removing[d.Key] = true
		plan.Dists = append(plan.Dists, d)
	}

	rp, err := newRealPaths(db.Layout)
	if err != nil {
		return nil, err
	}
	plan.paths = rp
	own := rp.owners(db, removing)

	remove := map[string]bool{}
	decided := map[string]bool{}
	// add decides one path: raw is the path as RECORD (or the metadata
	// folder) gives it, joined but not cleaned; shown is what a person
	// reads; textOutside says the row's text already leaves the root.
	var add func(d *Dist, raw, shown string, textOutside bool)
	add = func(d *Dist, raw, shown string, textOutside bool) {
		refuse := func(real, reason string) {
			plan.Refused = append(plan.Refused, RefusedFile{Dist: d, Rel: shown, Path: real, Reason: reason})
		}
		e := rp.entry(raw)
		switch {
		case e.missing:
			if textOutside {
				refuse("", "outside the environment "+db.Layout.Root)
			} else {
				plan.Missing = append(plan.Missing, filepath.Clean(raw))
			}
			return
		case e.err != nil:
			refuse("", fmt.Sprintf("its folders cannot be resolved (%v)", unwrapPath(e.err)))
			return
		case e.canon == "":
			if textOutside {
				refuse(e.real, "outside the environment "+db.Layout.Root)
			} else {
				refuse(e.real, "a symbolic link in its path leads outside the environment, to "+e.real)
			}
			return
		}
		c := e.canon
		// Every refused row is reported, however it is spelled; a file
		// kept or removed is decided once.
		if rp.protectedDirs[c] {
			refuse(c, "a folder of the environment's layout")
			return
		}
		if e.folder {
			return // RECORD lists files; folders are handled below
		}
		if reason := rp.envOwnFile(c); reason != "" {
			refuse(c, reason)
			return
		}
		if decided[c] {
			return
		}
		decided[c] = true
		if owners, why := own.of(c); len(owners) > 0 {
			plan.Keep = append(plan.Keep, KeptFile{Path: c, Dist: d, Owners: owners, Reason: why})
			return
		}
		st, err := os.Lstat(c)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				plan.Missing = append(plan.Missing, c)
			} else {
				refuse(c, fmt.Sprintf("cannot inspect it (%v)", unwrapPath(err)))
			}
			return
		}
		if st.IsDir() {
			return
		}
		remove[c] = true
		if strings.HasSuffix(c, ".py") {
			for _, pyc := range bytecodeOf(c) {
				add(d, pyc, pyc, false)
			}
		}
	}

	for _, d := range plan.Dists {
		files, _ := d.Files()
		base := d.recordBase()
		for _, f := range files {
			add(d, rawJoin(base, f.Rel), f.Rel, f.Outside)
		}
		// Everything in the metadata folder goes, listed in RECORD or not.
		// WalkDir does not follow links: a metadata folder that is a link
		// is removed as a link, and links inside it as links.
		filepath.WalkDir(d.Dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				add(d, p, p, false)
			}
			return nil
		})
	}

	for p := range remove {
		plan.Remove = append(plan.Remove, p)
	}
	sort.Strings(plan.Remove)
	plan.Dirs = emptiedDirs(db.Layout.Root, rp.protectedDirs, remove)
	return plan, nil
}

// recordBase is the folder RECORD rows are relative to: site-packages for
// a dist-info, the .egg-info folder itself for installed-files.txt.
func (d *Dist) recordBase() string {
	if d.Legacy {
		return d.Dir
	}
	return filepath.Dir(d.Dir)
}

// rawJoin joins a RECORD row to base without cleaning it: "binlink/../x"
// must be resolved as the kernel does (through the link), not as text.
func rawJoin(base, rel string) string {
	p := filepath.FromSlash(rel)
	if filepath.IsAbs(p) {
		return p
	}
	return base + string(filepath.Separator) + p
}

// realPaths resolves paths inside one environment as the kernel sees
// them, caching each folder it resolved.
type realPaths struct {
	root, realRoot string
	dirs           map[string]resolved
	protectedDirs  map[string]bool // canonical
	scripts        string          // canonical
}

type resolved struct {
	real string
	err  error
}

func newRealPaths(l Layout) (*realPaths, error) {
	realRoot, err := filepath.EvalSymlinks(l.Root)
	if err != nil {
		return nil, newError("", l.Root, "check the environment's path", "cannot resolve the environment's root: %v", unwrapPath(err))
	}
	rp := &realPaths{root: filepath.Clean(l.Root), realRoot: realRoot, dirs: map[string]resolved{}}
	rp.protectedDirs = map[string]bool{rp.root: true}
	for _, dir := range []string{l.Purelib, l.Platlib, l.Scripts, l.Data, l.Headers, filepath.Join(l.Root, "include")} {
		if dir == "" {
			continue
		}
		// Both spellings: the path as the layout gives it and as it
		// resolves (lib64/python3.11/site-packages is lib/...).
		for _, d := range []string{filepath.Clean(dir), rp.canonical(dir)} {
			for ; inside(rp.root, d); d = filepath.Dir(d) {
				rp.protectedDirs[d] = true
			}
		}
	}
	rp.scripts = rp.canonical(l.Scripts)
	return rp, nil
}

// dir resolves a folder, cached.
func (rp *realPaths) dir(dir string) resolved {
	if r, ok := rp.dirs[dir]; ok {
		return r
	}
	real, err := filepath.EvalSymlinks(dir)
	r := resolved{real: real, err: err}
	rp.dirs[dir] = r
	return r
}

// toCanon maps a real path to the plan's form (under the root as
// spelled); "" when it is not inside the root.
func (rp *realPaths) toCanon(real string) string {
	if real == rp.realRoot {
		return rp.root
	}
	if !inside(rp.realRoot, real) {
		return ""
	}
	return filepath.Join(rp.root, real[len(rp.realRoot):])
}

// canonical resolves the longest existing part of a clean absolute path
// and keeps the rest as written; a path outside the root is returned
// cleaned, as it is.
func (rp *realPaths) canonical(p string) string {
	p = filepath.Clean(p)
	var rest []string
	for d := p; ; d = filepath.Dir(d) {
		if r := rp.dir(d); r.err == nil {
			c := rp.toCanon(r.real)
			if c == "" {
				return p
			}
			for i := len(rest) - 1; i >= 0; i-- {
				c = filepath.Join(c, rest[i])
			}
			return c
		}
		if filepath.Dir(d) == d {
			return p
		}
		rest = append(rest, filepath.Base(d))
	}
}

// entryInfo is one path as the kernel sees it.
type entryInfo struct {
	real    string // resolved folders + last component
	canon   string // real in the plan's form; "" when outside the root
	folder  bool   // the row names a folder ("x/", "..", ".")
	missing bool   // a folder above it does not exist
	err     error
}

// entry resolves raw: the folders above its last component are resolved,
// the last component is not (a link stays a link). A row ending in "/",
// "." or ".." names a folder and is resolved whole.
func (rp *realPaths) entry(raw string) entryInfo {
	dir, base := filepath.Split(raw)
	var e entryInfo
	if base == "" || base == "." || base == ".." {
		e.folder = true
		r := rp.dir(raw)
		e.real, e.err = r.real, r.err
	} else {
		if dir == "" {
			return entryInfo{err: errors.New("not an absolute path")}
		}
		r := rp.dir(dir)
		e.real, e.err = filepath.Join(r.real, base), r.err
	}
	if e.err != nil {
		if errors.Is(e.err, fs.ErrNotExist) || errors.Is(e.err, syscall.ENOTDIR) {
			return entryInfo{missing: true}
		}
		return entryInfo{err: e.err}
	}
	e.canon = rp.toCanon(e.real)
	return e
}

var envRootFiles = map[string]string{
	"pyvenv.cfg": "the environment's own pyvenv.cfg",
	".gitignore": "the environment's own .gitignore",
	"lib64":      "the environment's own lib64 link",
	".fwenv":     "fwenv's own state folder",
}

// envOwnFile says why the canonical path c belongs to the environment
// rather than to any distribution ("" when it does not): pyvenv.cfg, the
// lib64 link, fwenv's state folder (.fwenv/: its lock and journals), the
// interpreter links and the activation scripts.
func (rp *realPaths) envOwnFile(c string) string {
	if dir := filepath.Dir(c); dir == rp.root {
		if why := envRootFiles[filepath.Base(c)]; why != "" {
			return why
		}
	}
	if state := filepath.Join(rp.root, ".fwenv"); inside(state, c) {
		return "fwenv's own state (" + filepath.Base(c) + " in .fwenv/)"
	}
	if filepath.Dir(c) == rp.scripts && envScript().MatchString(strings.ToLower(filepath.Base(c))) {
		return "the environment's own interpreter or activation script"
	}
	if rel, err := filepath.Rel(rp.root, c); err == nil && filepath.IsLocal(rel) {
		// Case folded, as for the scripts above: on a case-insensitive
		// file system a RECORD row ../OS.py is the environment's os.py.
		return LandmarkFileFold(filepath.ToSlash(rel))
	}
	return ""
}

// ownership says which remaining distributions own a canonical path: its
// RECORD lists it, or it lies in its metadata folder.
type ownership struct {
	files map[string][]*Dist
	dirs  map[string]*Dist
	root  string
}

// owners resolves every RECORD row of the distributions that stay, the
// same way as the rows being removed, so that lib64/.../x and lib/.../x
// are one file.
func (rp *realPaths) owners(db *DB, removing map[string]bool) *ownership {
	o := &ownership{files: map[string][]*Dist{}, dirs: map[string]*Dist{}, root: rp.root}
	for _, d := range db.Dists() { // sorted by Key, so each owner list is too
		if removing[d.Key] {
			continue
		}
		if e := rp.entry(d.Dir); e.canon != "" {
			o.dirs[e.canon] = d
		}
		if r := rp.dir(d.Dir); r.err == nil {
			if c := rp.toCanon(r.real); c != "" {
				o.dirs[c] = d
			}
		}
		files, err := d.Files()
		if err != nil {
			continue
		}
		base := d.recordBase()
		for _, f := range files {
			e := rp.entry(rawJoin(base, f.Rel))
			if e.canon == "" {
				continue
			}
			if ds := o.files[e.canon]; len(ds) == 0 || ds[len(ds)-1] != d {
				o.files[e.canon] = append(ds, d)
			}
		}
	}
	return o
}

// of returns the owners of c and why.
func (o *ownership) of(c string) ([]*Dist, string) {
	if ds := o.files[c]; len(ds) > 0 {
		return ds, "still listed by " + distNames(ds)
	}
	for d := c; inside(o.root, d); d = filepath.Dir(d) {
		if dist := o.dirs[d]; dist != nil {
			return []*Dist{dist}, "in the metadata folder of " + dist.Name
		}
	}
	return nil, ""
}

func distNames(ds []*Dist) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

// pycTag matches "cpython-311.pyc", "cpython-311.opt-1.pyc", "pypy39.pyc".
var pycTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_-]+(\.opt-\d+)?\.pyc$`) })

var envScript = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(python|python[23]|python[23]\.\d+[tdmu]*|pythonw|pypy|pypy3|pypy3\.\d+|activate|activate\..*|activate_this\.py)$`)
})

// bytecodeOf lists the compiled files of a .py file that exist:
// __pycache__/NAME.*.pyc and the legacy NAME.pyc / NAME.pyo beside it.
func bytecodeOf(py string) []string {
	dir, base := filepath.Split(py)
	stem := strings.TrimSuffix(base, ".py")
	var out []string
	if entries, err := os.ReadDir(filepath.Join(dir, "__pycache__")); err == nil {
		for _, e := range entries {
			n := e.Name()
			if tag, ok := strings.CutPrefix(n, stem+"."); ok && pycTag().MatchString(tag) {
				out = append(out, filepath.Join(dir, "__pycache__", n))
			}
		}
	}
	for _, ext := range []string{".pyc", ".pyo"} {
		if _, err := os.Lstat(filepath.Join(dir, stem+ext)); err == nil {
			out = append(out, filepath.Join(dir, stem+ext))
		}
	}
	return out
}

// emptiedDirs finds the folders holding removed files that are empty once
// they are gone, walking up to (never including) a protected folder.
func emptiedDirs(root string, protected, remove map[string]bool) []string {
	cands := map[string]bool{}
	for p := range remove {
		for d := filepath.Dir(p); inside(root, d) && !protected[d] && !cands[d]; d = filepath.Dir(d) {
			cands[d] = true
		}
	}
	list := make([]string, 0, len(cands))
	for d := range cands {
		list = append(list, d)
	}
	depth := func(p string) int { return strings.Count(p, string(filepath.Separator)) }
	sort.Slice(list, func(i, j int) bool {
		if a, b := depth(list[i]), depth(list[j]); a != b {
			return a > b
		}
		return list[i] < list[j]
	})
	emptied := map[string]bool{}
	var out []string
	for _, d := range list {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		empty := true
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if !remove[p] && !emptied[p] {
				empty = false
				break
			}
		}
		if empty {
			emptied[d] = true
			out = append(out, d)
		}
	}
	return out
}
