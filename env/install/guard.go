package install

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/env/site"
)

// Writes into an environment are judged as the kernel sees the folders,
// never as path text. The rule, for every file fwenv puts into an
// environment (wheel members of every scheme, launchers, INSTALLER,
// REQUESTED, direct_url.json, RECORD, byte-code) and for every folder it
// makes there:
//
//   - the environment's root may be reached through symbolic links (/tmp ->
//     /private/tmp, ~/venvs -> /data/venvs): the root is where the checks
//     start, and the links above it are the user's business;
//   - the links the environment's own layout goes through on the way from
//     the root to a scheme folder (lib64 -> lib when the interpreter's
//     scheme puts platlib under lib64) are followed, provided they resolve
//     inside the environment;
//   - any other symbolic link below the root, on the path of a destination,
//     is refused: a member is never written through a linked folder (a
//     developer's `ln -s ~/src/pkg site-packages/pkg`, a link to bin/ or to
//     .fwenv/), and the error names the link;
//   - the environment's own files are found by identity (device and inode),
//     so that another spelling of a folder (BIN/ on a case-insensitive file
//     system) is the same folder: nothing lands in .fwenv/, on pyvenv.cfg, or
//     in the scripts folder under a protected name (python*, activate*,
//     pip* unless the wheel is pip).
//
// The verdict is cached per folder for one transaction: one lstat per
// folder, none per file. The commit checks each folder once more, with
// lstat, right before it moves the first file into it (txn.apply), so the
// check and the write are both under the environment's lock.
type guard struct {
	root     string // site.Layout.Root, as given
	realRoot string // root with every link resolved
	// Identities of the environment's own folders (nil when missing).
	rootFI, stateFI, scriptsFI fs.FileInfo
	// landmarkDirs are the folders of a Python 2 environment's landmark
	// layout (lib/python2.X, lib64/python2.X, include), found once, by
	// identity: a member whose folder is one of them is judged by its base
	// name folded, as a case-insensitive file system would take it.
	landmarkDirs []landmarkDir
	// layout holds the folders between the root and a scheme folder,
	// checked once when the guard is made (the links among them allowed).
	layout map[string]*dirState

	mu   sync.RWMutex
	dirs map[string]*dirState
}

// dirState is what the guard found about one folder.
type dirState struct {
	exists bool
	fi     fs.FileInfo // the folder (a layout link followed), when exists
	bad    *refusal    // nothing may be written at or below this folder
}

// refusal is why a destination may not be written; check's caller adds the
// wheel and member.
type refusal struct {
	Reason string
	Err    error
	Hint   string
}

const linkHint = "fwenv never writes through a linked folder: remove the link (or replace it with a real folder) and run the command again; to work on a project in place, install it with `fwenv install -e DIR`"

func newGuard(l site.Layout) *guard {
	g := &guard{root: l.Root, layout: map[string]*dirState{}, dirs: map[string]*dirState{}}
	g.realRoot = l.Root
	if r, err := filepath.EvalSymlinks(l.Root); err == nil {
		g.realRoot = r
	}
	g.rootFI, _ = os.Stat(l.Root)
	if fi, err := os.Lstat(filepath.Join(l.Root, stateDir)); err == nil && fi.IsDir() {
		g.stateFI = fi
	}
	g.layout[l.Root] = &dirState{exists: g.rootFI != nil, fi: g.rootFI}
	for _, base := range []string{l.Purelib, l.Platlib, l.Scripts, l.Data, l.Headers} {
		g.walkLayout(base)
	}
	if st := g.layout[l.Scripts]; st != nil && st.exists {
		g.scriptsFI = st.fi
	}
	g.landmarkDirs = findLandmarkDirs(l.Root)
	return g
}

// landmarkDir is one folder of the landmark layout: its path relative to
// the root (slash-separated, as found) and its identity.
type landmarkDir struct {
	rel string
	fi  fs.FileInfo
}

// findLandmarkDirs stats the folders that hold a Python 2 environment's
// landmark files: include, and every lib/python2.X and lib64/python2.X
// (whatever their case). A Python 3 environment has none but include,
// where only python2.X would be refused.
func findLandmarkDirs(root string) []landmarkDir {
	var ds []landmarkDir
	add := func(rel string) {
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err == nil && fi.IsDir() {
			ds = append(ds, landmarkDir{rel: rel, fi: fi})
		}
	}
	add("include")
	for _, lib := range []string{"lib", "lib64"} {
		ents, _ := os.ReadDir(filepath.Join(root, lib))
		for _, e := range ents {
			if rel := lib + "/" + e.Name(); site.LandmarkFileFold(rel+"/os.py") != "" {
				add(rel)
			}
		}
	}
	return ds
}

// walkLayout checks the folders from the root down to a scheme folder. A
// link among them is allowed when it resolves inside the environment.
func (g *guard) walkLayout(base string) {
	if !under(g.root, base) {
		return // destination refuses what is outside the root
	}
	parts := strings.Split(base[len(g.root):], string(filepath.Separator))
	d := g.root
	for _, part := range parts {
		if part == "" {
			continue
		}
		parent := g.layout[d]
		d = filepath.Join(d, part)
		if st := g.layout[d]; st != nil {
			continue
		}
		if parent.bad != nil {
			g.layout[d] = parent
			continue
		}
		if !parent.exists {
			g.layout[d] = &dirState{}
			continue
		}
		fi, err := os.Lstat(d)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			g.layout[d] = &dirState{}
		case err != nil:
			g.layout[d] = &dirState{bad: &refusal{Reason: "cannot inspect the folder " + d, Err: err, Hint: "check the environment's permissions"}}
		case fi.Mode()&fs.ModeSymlink != 0:
			g.layout[d] = g.layoutLink(d)
		case fi.IsDir():
			g.layout[d] = g.dirState(d, fi)
		default:
			g.layout[d] = &dirState{bad: &refusal{Reason: "needs the folder " + d + ", but a file is in the way", Hint: "remove " + d + " or recreate the environment"}}
		}
	}
}

// layoutLink judges a link on the way to a scheme folder: followed when it
// resolves to a folder inside the environment.
func (g *guard) layoutLink(d string) *dirState {
	target, _ := os.Readlink(d)
	real, err := filepath.EvalSymlinks(d)
	if err != nil || !(real == g.realRoot || under(g.realRoot, real)) {
		return &dirState{bad: &refusal{Reason: "the environment's folder " + d + " is a symbolic link to " + target + ", outside the environment", Err: err,
			Hint: "fwenv never writes outside the environment: recreate the environment, or make " + d + " a real folder"}}
	}
	fi, err := os.Stat(d)
	if err != nil || !fi.IsDir() {
		return &dirState{bad: &refusal{Reason: "the environment's folder " + d + " is a symbolic link to " + target + ", which is not a folder", Err: err, Hint: "recreate the environment"}}
	}
	return g.dirState(d, fi)
}

// dirState is the verdict on an existing real folder d.
func (g *guard) dirState(d string, fi fs.FileInfo) *dirState {
	if g.stateFI != nil && os.SameFile(fi, g.stateFI) {
		return &dirState{bad: &refusal{Reason: "would write into fwenv's own folder " + filepath.Join(g.root, stateDir) + " (as " + d + ")",
			Hint: "this wheel would replace the environment's own files; do not install it"}}
	}
	return &dirState{exists: true, fi: fi}
}

// folder returns the verdict on folder d (clean, absolute, d == root or
// under it), computing and caching it: one lstat per folder whose parent
// exists, none below a missing or refused one.
func (g *guard) folder(d string) *dirState {
	if st := g.layout[d]; st != nil {
		return st // written once in newGuard, read-only since
	}
	g.mu.RLock()
	st := g.dirs[d]
	g.mu.RUnlock()
	if st != nil {
		return st
	}
	if !under(g.root, d) {
		// destination refuses these first; fail closed all the same.
		return &dirState{bad: &refusal{Reason: d + " is outside the environment " + g.root, Hint: "this wheel is malformed or hostile; do not install it"}}
	}
	parent := g.folder(filepath.Dir(d))
	switch {
	case parent.bad != nil:
		st = parent
	case !parent.exists:
		st = &dirState{}
	default:
		st = g.inspect(d)
	}
	g.mu.Lock()
	g.dirs[d] = st
	g.mu.Unlock()
	return st
}

// inspect lstats d, whose parent is known to be a real folder.
func (g *guard) inspect(d string) *dirState {
	fi, err := os.Lstat(d)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &dirState{}
	case err != nil:
		return &dirState{bad: &refusal{Reason: "cannot inspect the folder " + d, Err: err, Hint: "check the environment's permissions"}}
	case fi.Mode()&fs.ModeSymlink != 0:
		return &dirState{bad: g.linkRefusal(d)}
	case fi.IsDir():
		return g.dirState(d, fi)
	default:
		return &dirState{bad: &refusal{Reason: "needs the folder " + d + ", but a file is in the way",
			Hint: "another distribution uses this path as a file; uninstall it first"}}
	}
}

func (g *guard) linkRefusal(d string) *refusal {
	target, _ := os.Readlink(d)
	return &refusal{Reason: "would be written through the symbolic link " + d + " -> " + target, Hint: linkHint}
}

// freshCheck judges the folders above dest as they are now, with no cached
// verdict: for each step of an undo, since an earlier step may have put a
// link back where the guard saw none. Layout folders keep their verdict
// (the journal may not touch them: checkOp).
func (g *guard) freshCheck(dest string) *refusal {
	if !under(g.root, dest) {
		return &refusal{Reason: dest + " is outside the environment " + g.root, Hint: linkHint}
	}
	var chain []string
	for d := filepath.Dir(dest); d != g.root && under(g.root, d); d = filepath.Dir(d) {
		chain = append(chain, d)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		st := g.layout[chain[i]]
		if st == nil {
			st = g.inspect(chain[i])
		}
		if st.bad != nil {
			return st.bad
		}
		if !st.exists {
			return nil // nothing exists below a missing folder
		}
	}
	return nil
}

// check judges one destination file of distribution dist: nil when it may
// be written.
func (g *guard) check(dest, dist string) *refusal {
	st := g.folder(filepath.Dir(dest))
	if st.bad != nil {
		return st.bad
	}
	if !st.exists {
		return nil // a new folder: none of the environment's own
	}
	name := filepath.Base(dest)
	if g.scriptsFI != nil && os.SameFile(st.fi, g.scriptsFI) {
		if err := entrypoints.CheckScriptName(name, dist); err != nil {
			return &refusal{Reason: "would replace " + filepath.Join(filepath.Dir(dest), name) + " in the scripts folder", Err: err,
				Hint: "this wheel would replace the environment's own files; do not install it"}
		}
	}
	if rel, err := filepath.Rel(g.root, dest); err == nil && filepath.IsLocal(rel) {
		if why := site.LandmarkFile(filepath.ToSlash(rel)); why != "" {
			return &refusal{Reason: "would replace " + why + ": " + dest,
				Hint: "this wheel would replace the environment's own files; do not install it"}
		}
	}
	for _, ld := range g.landmarkDirs {
		if os.SameFile(st.fi, ld.fi) {
			if why := site.LandmarkFileFold(ld.rel + "/" + name); why != "" {
				return &refusal{Reason: "would replace " + why + ": " + dest,
					Hint: "this wheel would replace the environment's own files; do not install it"}
			}
		}
	}
	if g.rootFI != nil && os.SameFile(st.fi, g.rootFI) && (strings.EqualFold(name, "pyvenv.cfg") || strings.EqualFold(name, stateDir)) {
		return &refusal{Reason: "would replace the environment's own file " + dest,
			Hint: "this wheel is malformed or hostile; do not install it"}
	}
	return nil
}

// ownFolder reports whether fi is one of the environment's own folders: the
// root, .fwenv, or a folder on the way from the root to a scheme folder
// (recovery never moves or removes one).
func (g *guard) ownFolder(fi fs.FileInfo) bool {
	if g.stateFI != nil && os.SameFile(fi, g.stateFI) {
		return true
	}
	for _, st := range g.layout {
		if st.exists && st.fi != nil && os.SameFile(fi, st.fi) {
			return true
		}
	}
	return false
}

// safeDirs makes the folders of a commit without following links: each
// folder is lstat-ed (once per commit) right before the first file moves
// into it, and made with mkdir when missing. A link that the layout does
// not go through, or a file, in the way is an error.
type safeDirs struct {
	g    *guard
	done map[string]bool
}

func (g *guard) newSafeDirs() *safeDirs { return &safeDirs{g: g, done: map[string]bool{}} }

func (s *safeDirs) make(d string) error {
	if s.done[d] || d == s.g.root {
		return nil
	}
	if !under(s.g.root, d) {
		return &refusal{Reason: d + " is outside the environment " + s.g.root}
	}
	if st := s.g.layout[d]; st != nil && st.bad == nil && st.exists {
		s.done[d] = true // a layout folder: checked, links included, when the guard was made
		return nil
	}
	if err := s.make(filepath.Dir(d)); err != nil {
		return err
	}
	fi, err := os.Lstat(d)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.Mkdir(d, 0o755); errors.Is(err, fs.ErrExist) {
			fi, err = os.Lstat(d) // made meanwhile: judge what is there
		} else if err == nil {
			s.done[d] = true
			return nil
		}
	}
	switch {
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return s.g.linkRefusal(d)
	case !fi.IsDir():
		return &refusal{Reason: "needs the folder " + d + ", but a file is in the way"}
	case s.g.stateFI != nil && os.SameFile(fi, s.g.stateFI):
		return &refusal{Reason: "would write into fwenv's own folder (as " + d + ")"}
	}
	s.done[d] = true
	return nil
}

func (r *refusal) Error() string {
	if r.Err != nil {
		return r.Reason + ": " + r.Err.Error()
	}
	return r.Reason
}
