package site

import (
	"errors"
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
	// distribution still lists them (shared namespace __init__.py files)
	// or because they belong to the environment itself (bin/python...).
	Keep []KeptFile
	// Refused lists RECORD rows that lead outside the environment (by "..",
	// an absolute path or a symbolic link); they are never touched.
	Refused []RefusedFile
	// Missing lists RECORD files already gone (nothing to do).
	Missing []string
}

// KeptFile is a file an uninstall leaves in place.
type KeptFile struct {
	Path   string
	Dist   *Dist   // the distribution being removed that lists it
	Owners []*Dist // the remaining distributions that list it too; nil when Reason says why
	Reason string
}

// RefusedFile is a RECORD row an uninstall will not touch.
type RefusedFile struct {
	Dist   *Dist
	Rel    string // as written in RECORD
	Reason string
}

// PlanRemove plans uninstalling the named distributions (any spelling).
// Files come from RECORD only; a file is kept when a distribution that
// stays installed still lists it; nothing outside Layout.Root is touched.
// It fails, naming the distribution, when a name is not installed, when a
// distribution is legacy egg-info (read-only) or has no readable RECORD.
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

	realRoot, err := filepath.EvalSymlinks(db.Layout.Root)
	if err != nil {
		return nil, newError("", db.Layout.Root, "check the environment's path", "cannot resolve the environment's root: %v", unwrapPath(err))
	}
	protected := protectedDirs(db.Layout)
	realDirs := map[string]string{}
	safeParent := func(p string) bool {
		dir := filepath.Dir(p)
		real, ok := realDirs[dir]
		if !ok {
			r, err := filepath.EvalSymlinks(dir)
			if err != nil {
				r = "" // a missing folder: nothing to remove in it
			}
			realDirs[dir], real = r, r
		}
		return real != "" && (real == realRoot || inside(realRoot, real))
	}

	remove := map[string]bool{}
	add := func(d *Dist, p, rel string) {
		if remove[p] {
			return
		}
		if protected[p] {
			plan.Keep = append(plan.Keep, KeptFile{Path: p, Dist: d, Reason: "a folder of the environment's layout"})
			return
		}
		if reason := envOwnFile(db.Layout, p); reason != "" {
			plan.Keep = append(plan.Keep, KeptFile{Path: p, Dist: d, Reason: reason})
			return
		}
		st, err := os.Lstat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				plan.Missing = append(plan.Missing, p)
			}
			return
		}
		if !safeParent(p) {
			plan.Refused = append(plan.Refused, RefusedFile{Dist: d, Rel: rel, Reason: "its folder is a symbolic link leading outside the environment"})
			return
		}
		if st.IsDir() {
			return // RECORD lists files; folders are handled below
		}
		remove[p] = true
	}

	for _, d := range plan.Dists {
		files, _ := d.Files()
		for _, f := range files {
			if f.Outside {
				plan.Refused = append(plan.Refused, RefusedFile{Dist: d, Rel: f.Rel, Reason: "outside the environment " + db.Layout.Root})
				continue
			}
			var others []*Dist
			for _, o := range db.Owners(f.Abs) {
				if !removing[o.Key] {
					others = append(others, o)
				}
			}
			if len(others) > 0 {
				plan.Keep = append(plan.Keep, KeptFile{Path: f.Abs, Dist: d, Owners: others, Reason: "still listed by " + distNames(others)})
				continue
			}
			add(d, f.Abs, f.Rel)
			if strings.HasSuffix(f.Abs, ".py") && remove[f.Abs] {
				for _, pyc := range bytecodeOf(f.Abs) {
					add(d, pyc, pyc)
				}
			}
		}
		// Everything in the metadata folder goes, listed in RECORD or not.
		if safeParent(filepath.Join(d.Dir, "METADATA")) {
			filepath.WalkDir(d.Dir, func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					add(d, p, p)
				}
				return nil
			})
		}
	}

	for p := range remove {
		plan.Remove = append(plan.Remove, p)
	}
	sort.Strings(plan.Remove)
	plan.Dirs = emptiedDirs(db.Layout.Root, protected, remove)
	return plan, nil
}

func distNames(ds []*Dist) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

// protectedDirs are the scheme folders and their parents inside the root.
func protectedDirs(l Layout) map[string]bool {
	p := map[string]bool{l.Root: true}
	for _, dir := range []string{l.Purelib, l.Platlib, l.Scripts, l.Data, l.Headers} {
		if dir == "" {
			continue
		}
		for d := filepath.Clean(dir); inside(l.Root, d); d = filepath.Dir(d) {
			p[d] = true
		}
	}
	return p
}

// pycTag matches "cpython-311.pyc", "cpython-311.opt-1.pyc", "pypy39.pyc".
var pycTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_-]+(\.opt-\d+)?\.pyc$`) })

var envScript = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(python|python3|python3\.\d+[td]*|pythonw|activate|activate\..*|activate_this\.py)$`)
})

// envOwnFile says why p belongs to the environment rather than to any
// distribution ("" when it does not): its interpreter links, activation
// scripts and pyvenv.cfg.
func envOwnFile(l Layout, p string) string {
	if p == filepath.Join(l.Root, "pyvenv.cfg") {
		return "the environment's own pyvenv.cfg"
	}
	if filepath.Dir(p) == l.Scripts && envScript().MatchString(strings.ToLower(filepath.Base(p))) {
		return "the environment's own interpreter or activation script"
	}
	return ""
}

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

// Apply deletes the plan's files, then its folders (deepest first, only
// when empty). Files or folders already gone are not errors; a folder that
// is no longer empty is left in place. Every failure is returned.
func (p *RemovePlan) Apply() error {
	var errs []error
	for _, f := range p.Remove {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, newError("", f, "check the file's permissions", "cannot remove: %v", unwrapPath(err)))
		}
	}
	for _, d := range p.Dirs {
		if err := os.Remove(d); err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTEMPTY) && !errors.Is(err, syscall.EEXIST) {
			errs = append(errs, newError("", d, "check the folder's permissions", "cannot remove: %v", unwrapPath(err)))
		}
	}
	return errors.Join(errs...)
}
