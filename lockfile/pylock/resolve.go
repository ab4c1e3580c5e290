package pylock

import "path/filepath"

// ResolvePath makes a path from a lock file usable: a relative path (PEP 751
// paths are relative to the lock file's folder, written with "/") is joined
// to lockDir; an absolute one is returned cleaned. Paths that leave lockDir
// ("../wheels/x.whl") are allowed by PEP 751 and kept: this checks nothing,
// so callers that must stay inside a folder (a bundle) check the result.
func ResolvePath(lockDir, p string) string {
	if p == "" {
		return ""
	}
	fp := filepath.FromSlash(p)
	if filepath.IsAbs(fp) {
		return filepath.Clean(fp)
	}
	return filepath.Join(lockDir, fp)
}

// Resolve returns the file's local path (see ResolvePath), or "" when it
// has only a URL.
func (f File) Resolve(lockDir string) string { return ResolvePath(lockDir, f.Path) }

// Resolve returns the archive's local path, or "" when it has only a URL.
func (a Archive) Resolve(lockDir string) string { return ResolvePath(lockDir, a.Path) }

// Resolve returns the source tree's local path.
func (d Directory) Resolve(lockDir string) string { return ResolvePath(lockDir, d.Path) }

// Resolve returns the local repository's path, or "" when it has a URL only.
func (v VCS) Resolve(lockDir string) string { return ResolvePath(lockDir, v.Path) }
