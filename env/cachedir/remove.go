package cachedir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// moveAside renames path into a fresh ".trash-*" folder beside it (one
// atomic step: concurrent readers see the entry whole or not at all) and
// returns the new path. A missing path gives fs.ErrNotExist.
func moveAside(path string) (string, error) {
	parent, base := filepath.Split(filepath.Clean(path))
	trash, err := os.MkdirTemp(parent, ".trash-")
	if err != nil {
		return "", err
	}
	moved := filepath.Join(trash, base)
	if err := os.Rename(path, moved); err != nil {
		os.Remove(trash)
		return "", err
	}
	return trash, nil
}

// RemoveAll deletes path and everything below it, as os.RemoveAll does
// (links are removed, never followed), but also when folders inside are
// read-only: they are made writable first. For temporary caches
// (--no-cache) and the trash of Clean and Prune.
func RemoveAll(path string) error {
	err := os.RemoveAll(path)
	if err == nil || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		// WalkDir calls this for a folder before reading it, so a folder
		// without read or search permission is fixed in time; it never
		// follows a link (d.IsDir is false for one).
		if err == nil && d.IsDir() {
			if info, err := d.Info(); err == nil && info.Mode().Perm()&0o700 != 0o700 {
				os.Chmod(p, info.Mode().Perm()|0o700)
			}
		}
		return nil
	})
	return os.RemoveAll(path)
}

// discard moves path aside, measures it and deletes it, returning what it
// freed. Files also linked from outside path are not counted as freed.
func discard(path string, depth int) (usage, error) {
	trash, err := moveAside(path)
	if err != nil {
		return usage{}, err
	}
	u := measureTree(filepath.Join(trash, filepath.Base(filepath.Clean(path))), depth)
	if err := RemoveAll(trash); err != nil {
		return u, err
	}
	return u, nil
}
