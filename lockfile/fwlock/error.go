package fwlock

import "github.com/fwenv/fwenv/lockfile/lock"

const regenerateHint = "fwenv.lock is generated: regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project) instead of editing it"

const damagedHint = "the lock file is damaged (cut short or corrupted, perhaps by an interrupted copy); regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project), or copy it again"

const credentialsHint = "remove the user name and password from the URL (write https://host/..., not https://user:password@host/...); fwenv never stores credentials in a lock file; give them with the index URL on the command line or in ~/.netrc, which fwenv reads when it downloads"

// withHint gives an error of this package that has no hint the one that
// fits every fwenv.lock problem.
func withHint(err error) error {
	if e, ok := err.(*lock.Error); ok && e.Fix == "" {
		e.Fix = regenerateHint
	}
	return err
}
