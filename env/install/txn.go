package install

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/site"
)

// The transaction folder: ENV/.fwenv/txn/ID/ holds
//
//	new/N/REL     staged files of the N-th distribution, REL relative to the root
//	old/REL       the files the transaction replaced or removed
//	journal.json  written (atomically, fsynced) once staging is complete
//	committed     created (fsynced) once every operation is done
//
// Without journal.json the folder is a staging leftover: deleting it is
// enough. With journal.json and without committed, Recover undoes each
// operation that happened: a "put" happened when its staged file is gone, a
// "del" when its old copy exists. With committed, Recover finishes the
// cleanup.
const (
	stateDir      = ".fwenv"
	txnDirName    = "txn"
	journalName   = "journal.json"
	committedName = "committed"
	// journalMax caps the journal read back by Recover (see bounded.Journal).
	journalMax = bounded.Journal
)

type op struct {
	Put   bool   `json:"p,omitempty"` // install a staged file (else: delete)
	Rel   string `json:"r"`           // destination, relative to the root, '/'-separated
	Stage int    `json:"s,omitempty"` // staging index of a put
	Had   bool   `json:"h,omitempty"` // a put replaces an existing file
	// Dir makes a put move a whole staged folder that did not exist at
	// the destination (one rename for a new package instead of one per
	// file). Undone by moving it back.
	Dir bool `json:"dir,omitempty"`
}

type journal struct {
	Version int    `json:"version"`
	Root    string `json:"root"`
	Started string `json:"started"`
	Command string `json:"command"`
	Ops     []op   `json:"ops"`
}

type txn struct {
	root  string
	dir   string
	keep  map[string]bool // folders cleanup must never remove
	ops   []op
	cmd   string
	guard *guard // judges every folder a file moves into (guard.go)
	// onCommit, when set, runs once the commit marker is written, while
	// Committing still reports the commit (Options.Committed).
	onCommit func()
}

// committing counts the commits of this process running now (Committing).
var committing atomic.Int32

// Committing reports whether a transaction of this process is moving files
// into an environment now, from its journal to its commit marker. A command
// interrupted again meanwhile lets it end rather than leave the environment
// for the next run to repair.
func Committing() bool { return committing.Load() > 0 }

// testHookOp, when set, runs after each operation of a commit (crash tests).
var testHookOp func(i int)

// testHookCommitted, when set, runs once the commit marker is written (crash tests).
var testHookCommitted func()

// testHookStaged, when set, runs after each staged file (crash tests).
var testHookStaged func(n int)

func txnRoot(root string) string { return filepath.Join(root, stateDir, txnDirName) }

// stateFolder checks (and, when make is set and it is missing, makes) one
// of fwenv's own folders, ENV/.fwenv or ENV/.fwenv/txn, without following a
// link: a symbolic link or a file there is refused, so that the lock and
// the transactions never land (nor are read back, nor deleted) outside the
// environment. It reports whether the folder exists.
func stateFolder(d string, make bool) (bool, error) {
	fi, err := os.Lstat(d)
	if errors.Is(err, fs.ErrNotExist) {
		if !make {
			return false, nil
		}
		if err = os.Mkdir(d, 0o755); err == nil {
			return true, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return false, &Error{Member: d, Reason: "cannot create fwenv's folder", Err: err, hint: "check that the environment is writable"}
		}
		fi, err = os.Lstat(d) // made meanwhile: judge what is there
	}
	switch {
	case err != nil:
		return false, &Error{Member: d, Reason: "cannot inspect fwenv's folder", Err: err, hint: "check the environment's permissions"}
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(d)
		return false, &Error{Member: d, Reason: "fwenv's own folder is a symbolic link (to " + target + "); fwenv never follows it",
			hint: "remove the link " + d + " (fwenv makes a real folder again) and run the command again"}
	case !fi.IsDir():
		return false, &Error{Member: d, Reason: "fwenv's own folder is not a folder",
			hint: "remove " + d + " (fwenv makes a real folder again) and run the command again"}
	}
	return true, nil
}

func newTxn(t *Target, cmd string) (*txn, error) {
	base := txnRoot(t.Layout.Root)
	for _, d := range []string{filepath.Dir(base), base} {
		if _, err := stateFolder(d, true); err != nil {
			return nil, err
		}
	}
	id := time.Now().UTC().Format("20060102T150405") + "-" + strconv.Itoa(os.Getpid())
	dir, err := os.MkdirTemp(base, id+"-")
	if err != nil {
		return nil, &Error{Member: base, Reason: "cannot create the transaction folder", Err: err}
	}
	return &txn{root: t.Layout.Root, dir: dir, keep: keepDirs(t), cmd: cmd, guard: newGuard(t.Layout)}, nil
}

// keepDirs are the scheme folders and their parents up to the root.
func keepDirs(t *Target) map[string]bool {
	keep := map[string]bool{}
	l := t.Layout
	for _, d := range []string{l.Root, l.Purelib, l.Platlib, l.Scripts, l.Data, l.Headers} {
		for d != "" && inside(l.Root, d) || d == l.Root {
			keep[d] = true
			if d == l.Root {
				break
			}
			d = filepath.Dir(d)
		}
	}
	keep[filepath.Join(l.Root, stateDir)] = true
	return keep
}

func (x *txn) staged(stage int, rel string) string {
	// rel comes from relTo of a clean path: joining by hand is Join's result.
	if rel != "" && !strings.HasPrefix(rel, "/") && isClean(x.dir) && isClean(filepath.FromSlash(rel)) {
		return x.dir + string(filepath.Separator) + "new" + string(filepath.Separator) + strconv.Itoa(stage) + string(filepath.Separator) + filepath.FromSlash(rel)
	}
	return filepath.Join(x.dir, "new", strconv.Itoa(stage), filepath.FromSlash(rel))
}
func (x *txn) backup(rel string) string {
	return filepath.Join(x.dir, "old", filepath.FromSlash(rel))
}
func (x *txn) dest(rel string) string { return filepath.Join(x.root, filepath.FromSlash(rel)) }

// writeJournal records the operations durably: after it returns, a crash
// is recovered from the journal.
func (x *txn) writeJournal() error {
	j := journal{Version: 1, Root: x.root, Started: time.Now().UTC().Format(time.RFC3339), Command: x.cmd, Ops: x.ops}
	data, err := json.Marshal(&j)
	if err != nil {
		return err
	}
	tmp := filepath.Join(x.dir, journalName+".tmp")
	if err := writeSync(tmp, data); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(x.dir, journalName)); err != nil {
		return err
	}
	return syncDir(x.dir)
}

func writeSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// commit applies the operations. On failure it rolls back and returns the
// error; the environment is as before. ctx (nil for none) is looked at
// once, before anything moves: a cancelled command gives up here, with the
// environment untouched (ctx's error, the transaction folder removed); once
// the journal is written the commit runs to its end whatever ctx says, and
// Committing reports it running; onCommit runs once the marker is written,
// before Committing drops.
func (x *txn) commit(ctx context.Context, progress func(n, total int)) error {
	committing.Add(1)
	defer committing.Add(-1)
	if ctx != nil && ctx.Err() != nil {
		os.RemoveAll(x.dir)
		return ctx.Err()
	}
	if err := x.writeJournal(); err != nil {
		os.RemoveAll(x.dir)
		return &Error{Member: x.dir, Reason: "cannot write the transaction journal", Err: err, hint: "check the free space and permissions of the environment"}
	}
	// Folders in the transaction folder are fwenv's own; folders in the
	// environment are made and checked without following links.
	made := map[string]bool{}
	mkdirOwn := func(d string) error {
		if made[d] {
			return nil
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		made[d] = true
		return nil
	}
	env := x.guard.newSafeDirs()
	for i, o := range x.ops {
		if err := x.apply(o, env.make, mkdirOwn); err != nil {
			rerr := x.rollback()
			e := &Error{Member: x.dest(o.Rel), Reason: "cannot move into place; the environment was restored", Err: err, hint: "check the environment's permissions and free space"}
			if rerr != nil {
				e.Reason = "cannot move into place, and the rollback failed too (" + rerr.Error() + ")"
				e.hint = "run the command again: it finishes or rolls back the interrupted change first"
			}
			return e
		}
		if testHookOp != nil {
			testHookOp(i)
		}
		if progress != nil && (i%256 == 0 || i == len(x.ops)-1) {
			progress(i+1, len(x.ops))
		}
	}
	if err := writeSync(filepath.Join(x.dir, committedName), nil); err != nil {
		rerr := x.rollback()
		if rerr != nil {
			return &Error{Member: x.dir, Reason: "cannot mark the transaction committed, and the rollback failed", Err: rerr}
		}
		return &Error{Member: x.dir, Reason: "cannot mark the transaction committed; the environment was restored", Err: err}
	}
	syncDir(x.dir)
	if x.onCommit != nil {
		x.onCommit()
	}
	if testHookCommitted != nil {
		testHookCommitted()
	}
	x.finish()
	return nil
}

// apply runs one operation: mkdirEnv makes (and checks) the destination's
// folder, mkdirOwn a folder of the transaction's backups.
func (x *txn) apply(o op, mkdirEnv, mkdirOwn func(string) error) error {
	dest := x.dest(o.Rel)
	if o.Put {
		if err := mkdirEnv(filepath.Dir(dest)); err != nil {
			return err
		}
		if o.Dir {
			return os.Rename(x.staged(o.Stage, o.Rel), dest) // fails if dest appeared: never merges
		}
		if o.Had {
			b := x.backup(o.Rel)
			if err := mkdirOwn(filepath.Dir(b)); err != nil {
				return err
			}
			if err := os.Link(dest, b); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return os.Rename(x.staged(o.Stage, o.Rel), dest)
	}
	b := x.backup(o.Rel)
	if err := mkdirOwn(filepath.Dir(b)); err != nil {
		return err
	}
	err := os.Rename(dest, b)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // already gone
	}
	return err
}

// finish cleans up after a committed transaction: folders emptied by
// deletions, then the transaction folder.
func (x *txn) finish() {
	var dirs []string
	for _, o := range x.ops {
		if !o.Put {
			dirs = append(dirs, filepath.Dir(x.dest(o.Rel)))
		}
	}
	removeEmptyDirs(dirs, x.root, x.keep)
	os.RemoveAll(x.dir)
}

// rollback undoes every operation that happened, newest first, then
// removes the transaction folder.
func (x *txn) rollback() error {
	var errs []string
	var dirs []string
	env := x.guard.newSafeDirs()
	for i := len(x.ops) - 1; i >= 0; i-- {
		o := x.ops[i]
		dest, b := x.dest(o.Rel), x.backup(o.Rel)
		// Each step that acts is judged on the folders as they are now: an
		// earlier step may have put a link back (a journal not written by
		// fwenv).
		fresh := func() bool {
			if r := x.guard.freshCheck(dest); r != nil {
				errs = append(errs, fmt.Sprintf("undo %s: %s", dest, r.Reason))
				return false
			}
			return true
		}
		if o.Put {
			if _, err := os.Lstat(x.staged(o.Stage, o.Rel)); err == nil {
				continue // never moved
			}
			if !fresh() {
				continue
			}
			dirs = append(dirs, filepath.Dir(dest))
			if o.Dir {
				if err := os.Rename(dest, x.staged(o.Stage, o.Rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					if err := os.RemoveAll(dest); err != nil {
						errs = append(errs, fmt.Sprintf("remove %s: %v", dest, err))
					}
				}
				continue
			}
			if o.Had {
				if _, err := os.Lstat(b); errors.Is(err, fs.ErrNotExist) {
					os.Remove(dest) // the old file had vanished before the put
				} else if err := os.Rename(b, dest); err != nil {
					errs = append(errs, fmt.Sprintf("restore %s: %v", dest, err))
				}
			} else if err := os.Remove(dest); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Sprintf("remove %s: %v", dest, err))
			}
			continue
		}
		if _, err := os.Lstat(b); err == nil && fresh() {
			err := env.make(filepath.Dir(dest))
			if err == nil {
				err = os.Rename(b, dest)
			}
			if err != nil {
				errs = append(errs, fmt.Sprintf("restore %s: %v", dest, err))
			}
		}
	}
	if len(errs) > 0 {
		// Keep the folder: it holds the only copies of the old files.
		return errors.New(strings.Join(errs, "; "))
	}
	removeEmptyDirs(dirs, x.root, x.keep)
	os.RemoveAll(x.dir)
	return nil
}

// removeEmptyDirs removes each folder and its parents while they are empty,
// never a kept folder and never outside root.
func removeEmptyDirs(dirs []string, root string, keep map[string]bool) {
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	seen := map[string]bool{}
	for _, d := range dirs {
		// A folder that is not empty yet may be emptied by a deeper one
		// processed later: only a removed folder is never tried again.
		for inside(root, d) && !keep[d] && !seen[d] {
			if os.Remove(d) != nil { // not empty (or gone): stop climbing
				break
			}
			seen[d] = true
			d = filepath.Dir(d)
		}
	}
}

// inside reports whether p (clean, absolute) is strictly inside root.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == "." || filepath.IsAbs(rel) {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// recoverAll finishes or rolls back every transaction folder left in the
// environment. It must run under the lock.
//
// Every journal is read back and checked (checkOps) before any transaction
// is acted on: a journal with one operation fwenv would never have written
// is refused whole, and nothing is changed.
func recoverAll(t *Target) ([]string, error) {
	base := txnRoot(t.Layout.Root)
	for _, d := range []string{filepath.Dir(base), base} {
		ok, err := stateFolder(d, false)
		if err != nil || !ok {
			return nil, err
		}
	}
	ents, err := os.ReadDir(base)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, &Error{Member: base, Reason: "cannot read the transaction folder", Err: err}
	}
	var found []*interrupted
	for _, e := range ents {
		dir := filepath.Join(base, e.Name())
		if !e.IsDir() {
			continue // removed below, once every journal passed
		}
		it, err := loadTxn(t, dir)
		if err != nil {
			return nil, err
		}
		found = append(found, it)
	}
	for _, e := range ents {
		if !e.IsDir() {
			os.Remove(filepath.Join(base, e.Name())) // a link or file: removed, never followed
		}
	}
	var done []string
	for _, it := range found {
		msg, err := it.recover()
		if err != nil {
			return done, err
		}
		if msg != "" {
			done = append(done, msg)
		}
	}
	return done, nil
}

// interrupted is a transaction folder left by an interrupted fwenv, its
// journal read and checked.
type interrupted struct {
	x       *txn // nil: staging never finished
	command string
}

func loadTxn(t *Target, dir string) (*interrupted, error) {
	jpath := filepath.Join(dir, journalName)
	data, err := bounded.ReadRegular(jpath, journalMax)
	if errors.Is(err, fs.ErrNotExist) {
		return &interrupted{x: &txn{dir: dir}}, nil
	}
	if err != nil {
		return nil, &Error{Member: dir, Reason: "cannot read an interrupted transaction's journal", Err: err,
			hint: "compare the environment with `fwenv check`; the folder " + dir + " holds the staged and replaced files: fix or remove it, then run the command again"}
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, &Error{Member: jpath, Reason: "the journal of an interrupted transaction is damaged", Err: err,
			hint: "compare the environment with `fwenv check`; the folder " + dir + " holds the staged and replaced files"}
	}
	if j.Version != 1 {
		return nil, &Error{Member: jpath, Reason: fmt.Sprintf("the journal of an interrupted transaction has version %d, not 1; nothing was changed", j.Version),
			hint: journalHint(dir)}
	}
	x := &txn{root: t.Layout.Root, dir: dir, keep: keepDirs(t), ops: j.Ops, cmd: j.Command, guard: newGuard(t.Layout)}
	if err := x.checkOps(); err != nil {
		return nil, err
	}
	return &interrupted{x: x, command: j.Command}, nil
}

func (it *interrupted) recover() (string, error) {
	x := it.x
	if x.root == "" {
		os.RemoveAll(x.dir) // staging never finished: nothing was moved
		return "", nil
	}
	if _, err := os.Stat(filepath.Join(x.dir, committedName)); err == nil {
		x.finish()
		return fmt.Sprintf("finished an interrupted %s (%d files)", it.command, len(x.ops)), nil
	}
	if err := x.rollback(); err != nil {
		return "", &Error{Member: x.dir, Reason: "cannot roll back an interrupted " + it.command, Err: err,
			hint: "the replaced files are kept in " + filepath.Join(x.dir, "old") + "; fix the permissions and run the command again"}
	}
	return fmt.Sprintf("rolled back an interrupted %s (%d files)", it.command, len(x.ops)), nil
}

func journalHint(dir string) string {
	return "this journal is not one fwenv wrote (or it was altered); inspect the folder " + dir +
		" (it holds the staged and replaced files), remove it, and run the command again"
}

// checkOps judges every operation of a journal read back by Recover,
// before any is acted on, by the rules the install itself obeys: the
// destination is a clean relative path whose folders, as the kernel sees
// them, are inside the environment (the guard: no symbolic link below the
// root but the layout's own, not in .fwenv/), and it is none of the
// environment's own files or folders (bin/python*, activation scripts,
// pyvenv.cfg, .fwenv, the scheme folders and their parents); the staged and
// saved copies lie in the transaction's own folder, reached without a link.
// The first bad operation refuses the whole journal.
func (x *txn) checkOps() error {
	own := newGuard(site.Layout{Root: x.dir}) // the transaction folder, judged as an environment of its own
	for i, o := range x.ops {
		why := x.checkOp(o, own)
		if why == "" {
			continue
		}
		kind := "delete"
		if o.Put {
			kind = "put"
		}
		return &Error{Member: filepath.Join(x.dir, journalName),
			Reason: fmt.Sprintf("refusing the journal of an interrupted transaction, nothing was changed: operation %d (%s %q) %s", i+1, kind, o.Rel, why),
			hint:   journalHint(x.dir)}
	}
	return nil
}

// checkOp returns why o may not be acted on, "" when it may.
func (x *txn) checkOp(o op, own *guard) string {
	rel := o.Rel
	if rel == "" || rel == "." || strings.HasPrefix(rel, "/") || path.Clean(rel) != rel || rel == ".." || strings.HasPrefix(rel, "../") ||
		strings.ContainsRune(rel, 0) || filepath.IsAbs(filepath.FromSlash(rel)) || !isClean(filepath.FromSlash(rel)) {
		return "is not a clean relative path inside the environment"
	}
	if o.Stage < 0 || (o.Dir && (!o.Put || o.Had)) {
		return "is not an operation fwenv writes"
	}
	dest := x.dest(rel)
	if !under(x.root, dest) {
		return "is outside the environment " + x.root
	}
	if x.keep[dest] {
		return "is one of the environment's own folders"
	}
	if r := x.guard.check(dest, "pip"); r != nil { // pip: its launchers are a distribution's, python* and activate* are not
		return "is refused: " + r.Error()
	}
	if fi, err := os.Lstat(dest); err == nil && fi.IsDir() && x.guard.ownFolder(fi) {
		return "is one of the environment's own folders (" + dest + ")"
	}
	var copies []string
	if o.Put {
		copies = append(copies, x.staged(o.Stage, rel))
		// fwenv stages only files and folders it wrote, never a link.
		if fi, err := os.Lstat(x.staged(o.Stage, rel)); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return "has a staged copy that is a symbolic link (" + x.staged(o.Stage, rel) + ")"
		}
	}
	if !o.Put || o.Had {
		copies = append(copies, x.backup(rel))
	}
	for _, c := range copies {
		if !under(x.dir, c) {
			return "keeps its copy outside the transaction folder " + x.dir
		}
		if st := own.folder(filepath.Dir(c)); st.bad != nil {
			return "keeps its copy " + c + " where fwenv would not: " + st.bad.Error()
		}
	}
	return ""
}
