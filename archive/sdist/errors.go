package sdist

import (
	"errors"
	"strings"

	"github.com/fwenv/fwenv/archive/internal/refusal"
)

// Kinds of refusal. Every refusal is an *Error whose Kind is one of these,
// so callers can test with errors.Is. Open also returns the file system's
// errors (fs.ErrNotExist...) when the file cannot be opened, and Extract
// wraps them in ErrDestination when the destination cannot be written.
var (
	ErrFilename      = errors.New("invalid sdist filename")
	ErrFormat        = errors.New("invalid or unsupported archive")
	ErrUnsafePath    = errors.New("unsafe member name")
	ErrLayout        = errors.New("member outside the single top-level folder")
	ErrLink          = errors.New("unsafe link member")
	ErrNotRegular    = errors.New("member is not a regular file, folder or link")
	ErrPAX           = errors.New("unsupported tar extension")
	ErrDuplicate     = errors.New("duplicate member")
	ErrCaseCollision = errors.New("member names differ only by case")
	ErrTooLarge      = errors.New("size limit exceeded")
	ErrRatio         = errors.New("compression ratio limit exceeded")
	ErrChanged       = errors.New("archive changed after it was validated")
	ErrMetadata      = errors.New("invalid PKG-INFO")
	ErrDestination   = errors.New("cannot extract to the destination")
	ErrMissing       = errors.New("no such file in the sdist")
)

// Error is a refusal naming the sdist and, where there is one, the member.
type Error struct {
	File   string // the sdist's file name
	Member string // the member concerned, as the archive names it; "" for the whole archive
	Kind   error  // one of the Err* values
	Reason string // what is wrong, in words
	Hint   string // how to fix it, "" when there is nothing useful to say
	Err    error  // underlying error, if any
}

func (e *Error) Error() string {
	return refusal.Text(e.File, e.Member, e.Reason, e.Kind, e.Err, e.Err != nil && strings.Contains(e.Reason, e.Err.Error()), e.Hint)
}

// Unwrap exposes the kind and the underlying error to errors.Is and As.
func (e *Error) Unwrap() []error { return refusal.Unwrap(e.Kind, e.Err) }
