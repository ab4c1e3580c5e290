package site

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// CompactRemovals shortens a list of files to remove for display, as pip's
// uninstall prompt does: a folder holding one of the files whose every file
// on disk is in the list is shown once, as "FOLDER/*", instead of file by
// file. A folder that cannot be read, or that holds anything else (a file
// not in the list, a link, a device), is not shortened. The list itself is
// not changed; only what the user reads is.
func CompactRemovals(paths []string) []string {
	remove := make(map[string]bool, len(paths))
	dirs := map[string]bool{}
	for _, p := range paths {
		p = filepath.Clean(p)
		remove[p] = true
		dirs[filepath.Dir(p)] = true
	}
	candidates := make([]string, 0, len(dirs))
	for d := range dirs {
		candidates = append(candidates, d)
	}
	// Shallowest first, so that a folder inside a shortened one is not
	// walked again.
	sort.Slice(candidates, func(i, j int) bool {
		ci, cj := strings.Count(candidates[i], string(filepath.Separator)), strings.Count(candidates[j], string(filepath.Separator))
		if ci != cj {
			return ci < cj
		}
		return candidates[i] < candidates[j]
	})
	var whole []string
	for _, d := range candidates {
		if under(d, whole) {
			continue
		}
		if allRemoved(d, remove) {
			whole = append(whole, d)
		}
	}
	var out []string
	for _, d := range whole {
		out = append(out, d+string(filepath.Separator)+"*")
	}
	for _, p := range paths {
		if !under(filepath.Clean(p), whole) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// under reports whether p is inside one of the folders.
func under(p string, folders []string) bool {
	for _, d := range folders {
		if strings.HasPrefix(p, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// allRemoved reports whether every entry under dir is a folder or a file in
// remove.
func allRemoved(dir string, remove map[string]bool) bool {
	ok := true
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			ok = false
			return fs.SkipAll
		}
		if e.IsDir() {
			return nil
		}
		if !e.Type().IsRegular() || !remove[p] {
			ok = false
			return fs.SkipAll
		}
		return nil
	})
	return ok && err == nil
}
