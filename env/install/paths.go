package install

import (
	"os"
	"path/filepath"
	"strings"
)

// under reports whether p lies strictly inside root. Both must be clean
// absolute paths (filepath.Join, Abs and Clean return such paths): in a
// clean absolute path no ".." is left, so a plain prefix test is exact. It
// is the per-file form of inside, for the tens of thousands of paths of one
// install, which filepath.Rel would clean again and again.
func under(root, p string) bool {
	if root == "" || root[0] != filepath.Separator {
		return false // not absolute: fail closed
	}
	if root == string(filepath.Separator) {
		return len(p) > 1 && p[0] == filepath.Separator
	}
	return len(p) > len(root)+1 && p[len(root)] == filepath.Separator && p[:len(root)] == root
}

// relTo is p relative to root, slash-separated.
func relTo(root, p string) string {
	if under(root, p) && isClean(p) {
		r := p[len(root):]
		if root != string(filepath.Separator) {
			r = r[1:]
		}
		return filepath.ToSlash(r)
	}
	r, _ := filepath.Rel(root, p)
	return filepath.ToSlash(r)
}

// isClean reports whether filepath.Clean would leave p as it is, without
// building the cleaned copy.
func isClean(p string) bool {
	if p == "" || p == "." || p == ".." {
		return false
	}
	if len(p) > 1 && p[len(p)-1] == filepath.Separator {
		return false
	}
	const sep = string(filepath.Separator)
	return !strings.Contains(p, sep+sep) && !strings.Contains(p, sep+"."+sep) && !strings.Contains(p, sep+".."+sep) &&
		!strings.HasSuffix(p, sep+".") && !strings.HasSuffix(p, sep+"..") &&
		!strings.HasPrefix(p, "."+sep) && !strings.HasPrefix(p, ".."+sep)
}

// mkdirs makes folders, each once; a folder whose parent it made itself
// needs one mkdir, not MkdirAll's stats up the tree.
type mkdirs struct{ done map[string]bool }

func newMkdirs() *mkdirs { return &mkdirs{done: map[string]bool{}} }

func (m *mkdirs) make(d string) error {
	if m.done[d] {
		return nil
	}
	if parent := filepath.Dir(d); m.done[parent] {
		if err := os.Mkdir(d, 0o755); err == nil {
			m.done[d] = true
			return nil
		}
		// It exists (a folder, or a file MkdirAll reports) or cannot be made.
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return err
	}
	m.done[d] = true
	return nil
}
