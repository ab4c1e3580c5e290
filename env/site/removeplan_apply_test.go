package site

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// apply deletes the plan's files, then its folders (deepest first, only
// when empty). Files or folders already gone are not errors; a folder that
// is no longer empty is left in place. Every failure is returned.
func (p *RemovePlan) apply() error {
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
