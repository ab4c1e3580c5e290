package cachedir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Removed is one thing Clean or Prune deleted.
type Removed struct {
	Area    string `json:"area"`   // area name, "" for the root's own leftovers
	Path    string `json:"path"`   // where it was
	Reason  string `json:"reason"` // why (Prune), "clean" (Clean)
	Entries int    `json:"entries"`
	Files   int    `json:"files"`
	Bytes   int64  `json:"bytes"` // freed: files still linked from elsewhere are not counted
}

// Report is what Clean or Prune did.
type Report struct {
	Root    string    `json:"root"`
	Removed []Removed `json:"removed"`
	Bytes   int64     `json:"bytes_freed"`
	Entries int       `json:"entries_removed"`
	Kept    int       `json:"entries_kept"` // Prune: entries looked at and kept
	Failed  []error   `json:"-"`
}

func (r *Report) add(x Removed) {
	r.Removed = append(r.Removed, x)
	r.Bytes += x.Bytes
	r.Entries += x.Entries
}

func (r *Report) merge(o *Report) {
	for _, x := range o.Removed {
		r.add(x)
	}
	r.Kept += o.Kept
	r.Failed = append(r.Failed, o.Failed...)
}

func (r *Report) err() error {
	if len(r.Failed) == 0 {
		return nil
	}
	return errors.Join(r.Failed...)
}

// UnknownAreaError is an area name Clean does not know.
type UnknownAreaError struct{ Name string }

func (e *UnknownAreaError) Error() string { return fmt.Sprintf("unknown cache area %q", e.Name) }

// Hint lists the areas.
func (e *UnknownAreaError) Hint() string {
	return "the areas are " + strings.Join(AreaNames(), ", ")
}

// Clean empties the cache at root: everything in it but the tag, or only
// the named areas. Each top-level folder is renamed to a ".trash-*" sibling
// before it is deleted, so a concurrent fwenv never reads half an area (it
// may fail, or fill the area afresh). A root that does not look like a
// fwenv cache is refused (*NotCacheError) and left untouched; a missing
// root is an empty cache.
func Clean(root string, areas ...string) (*Report, error) {
	rep := &Report{Root: root}
	for _, n := range areas {
		if _, ok := AreaByName(n); !ok {
			return rep, &UnknownAreaError{Name: n}
		}
	}
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
	names := areas
	if len(names) == 0 {
		ents, err := os.ReadDir(real)
		if err != nil {
			return rep, &Error{Op: "read", Path: root, Err: err}
		}
		for _, e := range ents {
			if e.Name() != TagName {
				names = append(names, e.Name())
			}
		}
	}
	for _, n := range names {
		path := filepath.Join(real, n)
		depth := -1
		area := ""
		if a, ok := AreaByName(n); ok {
			depth, area = a.Depth, a.Name
		}
		if strings.HasPrefix(n, ".tmp-tag-") || n == TagName {
			continue
		}
		u, err := discard(path, depth)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			rep.Failed = append(rep.Failed, &Error{Op: "remove", Path: filepath.Join(root, n), Err: err})
		}
		rep.add(Removed{Area: area, Path: filepath.Join(root, n), Reason: "clean", Entries: u.entries, Files: u.files, Bytes: u.bytes - u.linked})
	}
	return rep, rep.err()
}
