package fwlock

import (
	"fmt"
	"path/filepath"
)

// Resolve returns the artifact's absolute local path: its Path, which is
// relative to lockDir (the folder holding the lock file). It refuses an
// artifact without a path and a path that is absolute or leaves lockDir
// ("..", "a/../../x"), so a bundle can never point outside itself. It checks
// the text of the path only: it does not look at the file system, so a
// symbolic link inside lockDir that points elsewhere is not detected (callers
// open the file and check its sha256 and size).
func (a Artifact) Resolve(lockDir string) (string, error) {
	if a.Path == "" {
		return "", &Error{File: a.File, Msg: "the artifact has no local path (it is recorded by URL only)",
			hint: "install from a bundle written by `fwenv download -d DIR`, or fetch the file from its URL"}
	}
	if bad := checkLocalPath(a.Path); bad != "" {
		return "", &Error{File: a.File, Msg: fmt.Sprintf("artifact path %q %s", a.Path, bad),
			hint: "a bundle must not point outside its own folder; " + regenerateHint}
	}
	dir, err := filepath.Abs(lockDir)
	if err != nil {
		return "", &Error{File: a.File, Msg: fmt.Sprintf("cannot make %q absolute: %v", lockDir, err), err: err}
	}
	return filepath.Join(dir, filepath.FromSlash(a.Path)), nil
}
