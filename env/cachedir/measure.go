package cachedir

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// AreaInfo is the size of one area.
type AreaInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Path        string `json:"path"`
	Exists      bool   `json:"exists"`
	Entries     int    `json:"entries"` // wheels, environments, probes... (leftovers and stamps not counted)
	Files       int    `json:"files"`   // regular files and links
	Bytes       int64  `json:"bytes"`   // apparent size; a file hard-linked twice inside counts once
	// Linked is the part of Bytes in files that are also hard-linked from
	// outside the area (environments populated from the wheel cache):
	// removing the area does not free it.
	Linked int64 `json:"linked_bytes"`
}

// Info is the size of a cache.
type Info struct {
	Root   string     `json:"root"`
	Exists bool       `json:"exists"`
	Tagged bool       `json:"tagged"` // holds fwenv's CACHEDIR.TAG
	Areas  []AreaInfo `json:"areas"`  // the known areas in table order, then "other" when the root holds more
	Bytes  int64      `json:"bytes"`
	Linked int64      `json:"linked_bytes"`
}

// Other names the pseudo-area of whatever is at the root besides the known
// areas and the tag (leftovers of an interrupted clean, a newer fwenv's
// areas).
const Other = "other"

// Measure walks every area of the cache at root (in parallel) and returns
// their sizes. A missing root is an empty cache. It reads only: nothing is
// refused here, but nothing is followed through a symbolic link either.
func Measure(root string) (*Info, error) {
	info := &Info{Root: root}
	st, err := os.Stat(root)
	if err != nil {
		if os.IsNotExist(err) {
			for _, a := range Areas {
				info.Areas = append(info.Areas, AreaInfo{Name: a.Name, Description: a.Description, Path: filepath.Join(root, a.Name)})
			}
			return info, nil
		}
		return nil, &Error{Op: "read", Path: root, Err: err}
	}
	if !st.IsDir() {
		return nil, &NotCacheError{Root: root, Reason: "it is not a folder"}
	}
	info.Exists, info.Tagged = true, hasTag(root)
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, &Error{Op: "read", Path: root, Err: err}
	}
	var others []string
	for _, e := range ents {
		if _, ok := AreaByName(e.Name()); !ok && e.Name() != TagName {
			others = append(others, e.Name())
		}
	}
	out := make([]AreaInfo, len(Areas), len(Areas)+1)
	var wg sync.WaitGroup
	for i, a := range Areas {
		out[i] = AreaInfo{Name: a.Name, Description: a.Description, Path: filepath.Join(root, a.Name)}
		ai := &out[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if st, err := os.Lstat(ai.Path); err == nil {
				ai.Exists = true
				if st.IsDir() {
					ai.add(measureTree(ai.Path, a.Depth))
				} else {
					ai.add(usage{files: 1, bytes: st.Size()})
				}
			}
		}()
	}
	wg.Wait()
	if len(others) > 0 {
		o := AreaInfo{Name: Other, Description: "not a known area (leftovers of an interrupted clean, or a newer fwenv's)", Path: root, Exists: true}
		for _, n := range others {
			u := measureTree(filepath.Join(root, n), -1)
			u.entries = 1
			o.add(u)
		}
		out = append(out, o)
	}
	info.Areas = out
	for _, a := range out {
		info.Bytes += a.Bytes
		info.Linked += a.Linked
	}
	return info, nil
}

func (a *AreaInfo) add(u usage) {
	a.Entries += u.entries
	a.Files += u.files
	a.Bytes += u.bytes
	a.Linked += u.linked
}

// usage is what a walk found.
type usage struct {
	entries, files int
	bytes, linked  int64
}

// isEntryName is a name that counts as an entry: not a stamp, a lock file
// or a leftover.
func isEntryName(name string) bool {
	_, sidecar := isSidecar(name)
	return !isLeftover(name) && !sidecar && !strings.HasSuffix(name, ".lock")
}

// measureTree walks path without following links. Entries are counted at
// depth below path (0: every regular file; -1: none).
func measureTree(path string, depth int) usage {
	var u usage
	seen := map[fileID]*seenFile{}
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(path, p)
		level := 0
		if rel != "." {
			level = strings.Count(rel, string(filepath.Separator)) + 1
		}
		if d.IsDir() {
			if level > 0 && isLeftover(d.Name()) && depth >= 0 {
				// counted as bytes below, never as entries
				lu := measureTree(p, -1)
				u.files += lu.files
				u.bytes += lu.bytes
				u.linked += lu.linked
				return fs.SkipDir
			}
			if depth > 0 && level == depth && isEntryName(d.Name()) {
				u.entries++
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if (depth == 0 || level == depth) && level > 0 && isEntryName(d.Name()) && info.Mode().IsRegular() {
			u.entries++
		}
		u.files++
		id, nlink, ok := inode(info)
		if !ok || nlink <= 1 {
			u.bytes += info.Size()
			return nil
		}
		if s := seen[id]; s != nil {
			s.count++
			return nil
		}
		seen[id] = &seenFile{size: info.Size(), nlink: nlink, count: 1}
		u.bytes += info.Size()
		return nil
	})
	for _, s := range seen {
		if s.nlink > s.count {
			u.linked += s.size
		}
	}
	return u
}

type seenFile struct {
	size         int64
	nlink, count uint64
}
