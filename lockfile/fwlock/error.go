package fwlock

import (
	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/resolver/secret"
)

// Error is a problem with a lock file. It names the file, the line when one
// is known, and the package concerned when there is one:
//
//	pkgs/fwenv.lock:17: package framework: artifact framework-0.0.1.tar.gz: sha256 "abc" is not 64 lower-case hex digits
type Error struct {
	File    string // the lock file as given to Parse, Load or Save ("" when unknown)
	Line    int    // 1-based line in File, 0 when unknown
	Package string // the package's name as spelled in the file, "" when the problem is not inside a package
	Msg     string // what is wrong
	hint    string
	err     error // the underlying error, when there is one (reading or writing the file)
}

func (e *Error) Error() string {
	return lockio.ErrorText(e.File, e.Line, e.Package, e.Msg)
}

// Hint says how to fix the problem.
func (e *Error) Hint() string {
	if e.hint != "" {
		return secret.Redact(e.hint)
	}
	return regenerateHint
}

// Unwrap returns the underlying error (an *fs.PathError when the file could
// not be read or written), or nil.
func (e *Error) Unwrap() error { return e.err }

const regenerateHint = "fwenv.lock is generated: regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project) instead of editing it"

const damagedHint = "the lock file is damaged (cut short or corrupted, perhaps by an interrupted copy); regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project), or copy it again"

const credentialsHint = "remove the user name and password from the URL (write https://host/..., not https://user:password@host/...); fwenv never stores credentials in a lock file; give them with the index URL on the command line or in ~/.netrc, which fwenv reads when it downloads"

func credentialIn(s string) bool { return lockio.CredentialIn(s) }
