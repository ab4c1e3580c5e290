package wheel

import (
	"errors"

	"github.com/fwenv/fwenv/archive/internal/refusal"
)

// Kinds of refusal. Every refusal of a wheel is an *Error whose Kind is one
// of these, so callers can test with errors.Is (Open also returns the
// file system's errors, e.g. fs.ErrNotExist, when the file cannot be opened).
var (
	ErrFilename      = errors.New("invalid wheel filename")
	ErrZip           = errors.New("invalid or unsupported zip archive")
	ErrUnsafePath    = errors.New("unsafe member name")
	ErrLink          = errors.New("symbolic link member")
	ErrNotRegular    = errors.New("member is not a regular file")
	ErrDuplicate     = errors.New("duplicate member")
	ErrCaseCollision = errors.New("member names differ only by case")
	ErrTooLarge      = errors.New("size limit exceeded")
	ErrRatio         = errors.New("compression ratio limit exceeded")
	ErrDistInfo      = errors.New("invalid .dist-info folder")
	ErrWheelFile     = errors.New("invalid WHEEL file")
	ErrWheelVersion  = errors.New("unsupported Wheel-Version")
	ErrMetadata      = errors.New("invalid METADATA")
	ErrRecord        = errors.New("invalid RECORD")
	ErrNotInRecord   = errors.New("member not listed in RECORD")
	ErrHashMismatch  = errors.New("hash or size does not match RECORD")
	ErrDataScheme    = errors.New("invalid .data folder")
	ErrScriptName    = errors.New("invalid script name")
	ErrEntryPoints   = errors.New("invalid entry_points.txt")
)

// Error is a refusal naming the wheel and, where there is one, the member.
type Error struct {
	File   string // the wheel's file name
	Member string // the member concerned, "" for the whole wheel
	Kind   error  // one of the Err* values
	Reason string // what is wrong, in words
	Hint   string // how to fix it, "" when there is nothing useful to say
	Err    error  // underlying error, if any

	errInReason bool // Reason already says what Err says
}

func (e *Error) Error() string {
	return refusal.Text(e.File, e.Member, e.Reason, e.Kind, e.Err, e.errInReason, e.Hint)
}

// Unwrap exposes the kind and the underlying error to errors.Is and As.
func (e *Error) Unwrap() []error { return refusal.Unwrap(e.Kind, e.Err) }
