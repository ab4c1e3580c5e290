package lock

import (
	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/resolver/secret"
)

// Error is a problem with a lock file or with what it selects. It names the
// file, the line when one is known, and the package concerned when there is
// one, credentials hidden:
//
//	pkgs/fwenv.lock:17: package framework: artifact framework-0.0.1.tar.gz: sha256 "abc" is not 64 lower-case hex digits
type Error struct {
	File    string // the lock file ("" when unknown or already in Msg)
	Line    int    // 1-based line in File, 0 when unknown
	Package string // the package's name as the lock spells it, "" when the problem is not inside a package
	Msg     string // what is wrong
	Fix     string // how to fix it (see Hint)
	Err     error  // the underlying error, when there is one (reading or writing the file, a decoder's)
}

func (e *Error) Error() string {
	return lockio.ErrorText(e.File, e.Line, e.Package, e.Msg)
}

// Hint says how to fix the problem, credentials hidden.
func (e *Error) Hint() string { return secret.Redact(e.Fix) }

// Unwrap returns the underlying error (an *fs.PathError when the file could
// not be read or written), or nil.
func (e *Error) Unwrap() error { return e.Err }
