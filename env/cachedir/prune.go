package cachedir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/rawio"
)

// DefaultOlderThan is how long an entry may go unused before Prune removes
// it, when the caller has no better idea.
const DefaultOlderThan = 30 * 24 * time.Hour

// LeftoverAge is how old a leftover of interrupted work must be before
// Prune removes it: younger ones may belong to a fwenv still running.
const LeftoverAge = time.Hour

// touchEvery is how stale a use stamp may get before Touch rewrites it.
const touchEvery = time.Hour

// Touch records that the cache entry at path (a folder or a file in an
// area) was just used, by setting the modification time of its use stamp,
// the sibling file path+".used" (made when missing). Prune keeps entries
// used within its cut-off. The stamp is written at most once an hour per
// entry; a missing entry gets no stamp. Errors (a read-only cache) can be
// ignored: the entry then ages from its creation.
func Touch(path string) error {
	stamp := filepath.Clean(path) + StampSuffix
	now := time.Now()
	if st, err := os.Stat(stamp); err == nil && now.Sub(st.ModTime()) < touchEvery && st.ModTime().Before(now.Add(time.Minute)) {
		return nil
	}
	err := os.Chtimes(stamp, now, now)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Lstat(path); err != nil {
			return nil
		}
		f, err := os.OpenFile(stamp, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		return f.Close()
	}
	return err
}

// LastUsed is when the entry at path was last used: the newer of its use
// stamp's and its own modification time.
func LastUsed(path string) (time.Time, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return time.Time{}, err
	}
	t := st.ModTime()
	if s, err := os.Stat(filepath.Clean(path) + StampSuffix); err == nil && s.ModTime().After(t) {
		t = s.ModTime()
	}
	return t, nil
}

// Prune removes from the cache at root what is provably unneeded (see the
// package documentation): leftovers older than an hour, build logs older
// than olderThan, stale interpreter probes, and entries of the areas with
// the Unused rule not used for olderThan (a zero or negative olderThan
// means DefaultOlderThan). Entries are moved aside before deletion; a build
// environment whose lock another fwenv holds is kept. The root is checked
// as Clean checks it.
func Prune(root string, olderThan time.Duration) (*Report, error) {
	if olderThan <= 0 {
		olderThan = DefaultOlderThan
	}
	rep := &Report{Root: root}
	real, err := resolve(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return rep, nil
		}
		return rep, err
	}
	if err := check(root, real); err != nil {
		return rep, err
	}
	p := &pruner{now: time.Now(), olderThan: olderThan, root: real, shown: root}
	// The root's own leftovers (an interrupted Clean).
	p.leftovers(rep, "", real)
	reps := make([]*Report, len(Areas))
	var wg sync.WaitGroup
	for i, a := range Areas {
		reps[i] = &Report{}
		dir := filepath.Join(real, a.Name)
		if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.area(reps[i], a, dir)
		}()
	}
	wg.Wait()
	for _, r := range reps {
		rep.merge(r)
	}
	return rep, rep.err()
}

type pruner struct {
	now       time.Time
	olderThan time.Duration
	root      string // resolved
	shown     string // as the caller gave it, for reports
}

// show is path as the caller would write it.
func (p *pruner) show(path string) string {
	if rel, err := filepath.Rel(p.root, path); err == nil {
		return filepath.Join(p.shown, rel)
	}
	return path
}

// remove discards path and records why.
func (p *pruner) remove(rep *Report, area, path, reason string, depth int, entry bool) {
	u, err := discard(path, depth)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		rep.Failed = append(rep.Failed, &Error{Op: "remove", Path: p.show(path), Err: err})
	}
	n := 0
	if entry {
		n = 1
	}
	rep.add(Removed{Area: area, Path: p.show(path), Reason: reason, Entries: n, Files: u.files, Bytes: u.bytes - u.linked})
}

// leftovers removes the leftovers of interrupted work directly in dir.
func (p *pruner) leftovers(rep *Report, area, dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !isLeftover(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if age := p.now.Sub(newest(path)); age > LeftoverAge {
			p.remove(rep, area, path, "left by an interrupted fwenv "+ago(age), -1, false)
		}
	}
}

// area prunes one area by its rule.
func (p *pruner) area(rep *Report, a Area, dir string) {
	if a.Rule == Keep {
		return
	}
	// The folders that hold entries (AREA for depth 1, AREA/XX for depth 2;
	// every folder for depth 0).
	var parents []string
	switch {
	case a.Depth <= 0:
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if path != dir && isLeftover(d.Name()) {
				return fs.SkipDir
			}
			parents = append(parents, path)
			return nil
		})
	default:
		parents = []string{dir}
		for level := 1; level < a.Depth; level++ {
			var next []string
			for _, d := range parents {
				ents, _ := os.ReadDir(d)
				for _, e := range ents {
					if e.IsDir() && isEntryName(e.Name()) {
						next = append(next, filepath.Join(d, e.Name()))
					}
				}
			}
			parents = next
		}
	}
	for _, parent := range parents {
		p.leftovers(rep, a.Name, parent)
		ents, err := os.ReadDir(parent)
		if err != nil {
			continue
		}
		names := map[string]bool{}
		for _, e := range ents {
			names[e.Name()] = true
		}
		for _, e := range ents {
			name := e.Name()
			path := filepath.Join(parent, name)
			if isLeftover(name) || strings.HasSuffix(name, ".lock") {
				continue
			}
			if base, ok := isSidecar(name); ok {
				// A use stamp or seal whose entry is gone.
				if !names[base] {
					if info, err := e.Info(); err == nil && p.now.Sub(info.ModTime()) > LeftoverAge {
						os.Remove(path)
					}
				}
				continue
			}
			if a.Depth <= 0 && e.IsDir() {
				continue // walked as a parent of its own
			}
			p.entry(rep, a, path, e)
		}
	}
}

// entry decides about one entry of area a.
func (p *pruner) entry(rep *Report, a Area, path string, e fs.DirEntry) {
	switch a.Rule {
	case Probes:
		if !strings.HasSuffix(e.Name(), ".json") {
			rep.Kept++
			return
		}
		if why := staleProbe(path); why != "" {
			p.remove(rep, a.Name, path, why, 1, true)
			return
		}
	case Expire:
		if info, err := e.Info(); err == nil {
			if age := p.now.Sub(info.ModTime()); age > p.olderThan {
				p.remove(rep, a.Name, path, "written "+ago(age), 1, true)
				return
			}
		}
	case Work:
		if age := p.now.Sub(newest(path)); age > LeftoverAge {
			p.remove(rep, a.Name, path, "untouched "+ago(age)+" (a killed build's work folder)", 1, true)
			return
		}
	case Unused:
		if p.unused(rep, a, path) {
			return
		}
	}
	rep.Kept++
}

// unused removes the entry at path when its last use is older than the
// cut-off, and reports whether it did.
func (p *pruner) unused(rep *Report, a Area, path string) bool {
	last, err := LastUsed(path)
	if err != nil || p.now.Sub(last) <= p.olderThan {
		return false
	}
	// An entry with a lock file (a build environment) is removed only
	// under its lock, and kept while another fwenv holds it.
	release, ok := tryLock(path + ".lock")
	if !ok {
		return false
	}
	defer release()
	// Looked at again just before it goes: a reader may have touched it
	// meanwhile.
	last, err = LastUsed(path)
	if err != nil || p.now.Sub(last) <= p.olderThan {
		return false
	}
	p.remove(rep, a.Name, path, "unused "+ago(p.now.Sub(last)), -1, true)
	os.Remove(path + StampSuffix)
	os.Remove(path + SealSuffix)
	return true
}

// staleProbe says why the interpreter probe at path is no longer valid, or
// "" when it is. The probe names the interpreter's real path, size and
// modification time (env/python); a mismatch makes the prober run again.
func staleProbe(path string) string {
	data, err := rawio.ReadFile(path) // bounded; a FIFO or device is refused, not read
	var notRegular *bounded.NotRegularError
	var tooLarge *bounded.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		return "not a probe: it is " + notRegular.Kind
	case errors.As(err, &tooLarge):
		return "unreadable probe: larger than " + bounded.Size(tooLarge.Limit)
	case err != nil:
		return ""
	}
	var e struct {
		Key *struct {
			Path  string `json:"path"`
			Size  int64  `json:"size"`
			MTime int64  `json:"mtime_ns"`
		} `json:"key"`
	}
	if json.Unmarshal(data, &e) != nil || e.Key == nil || e.Key.Path == "" {
		return "unreadable probe"
	}
	st, err := os.Stat(e.Key.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "interpreter " + e.Key.Path + " is gone"
	case err != nil:
		return "" // cannot tell: keep
	case st.Size() != e.Key.Size || st.ModTime().UnixNano() != e.Key.MTime:
		return "interpreter " + e.Key.Path + " changed"
	}
	return ""
}

// newest is the latest modification time of path or anything below it
// (links not followed).
func newest(path string) time.Time {
	var t time.Time
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(t) {
			t = info.ModTime()
		}
		return nil
	})
	return t
}

// ago renders an age for a report: "for 41 days", "for 3 hours".
func ago(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("for %d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("for %d hours", int(d/time.Hour))
	default:
		return fmt.Sprintf("for %d minutes", int(d/time.Minute))
	}
}
