package pylock

import "github.com/fwenv/fwenv/lockfile/lock"

const regenerateHint = "pylock.toml is generated: regenerate it with the tool that wrote it (`fwenv lock -o pylock.toml`, `uv export --format pylock.toml`, `pip lock`) instead of editing it by hand"

const credentialsHint = "remove the user name and password from the URL (write https://host/..., not https://user:password@host/...); a lock file must never hold credentials: give them to fwenv with the index URL on the command line or in ~/.netrc"

// withHint gives an error of this package that has no hint the one that
// fits every pylock.toml problem.
func withHint(err error) error {
	if e, ok := err.(*lock.Error); ok && e.Fix == "" {
		e.Fix = regenerateHint
	}
	return err
}
