package site

import (
	"fmt"

	"github.com/fwenv/fwenv/archive/printable"
)

// Error is what env/site returns when an installed distribution cannot be
// read, planned or removed. It names the distribution or file involved and
// carries a hint for the user.
type Error struct {
	Dist   string // the distribution's name, "" when none is involved
	Path   string // the file or folder involved, "" when none
	Reason string
	hint   string
}

func (e *Error) Error() string {
	s := e.message()
	if e.hint != "" {
		s += "\nhint: " + printable.Escape(e.hint)
	}
	return s
}

// message is the error without its hint. Names and paths from the
// environment are escaped (archive/printable), so the message is one line
// without control characters; the reason keeps the line breaks of a
// wrapped error's own hint.
func (e *Error) message() string {
	dist, path, reason := printable.Escape(e.Dist), printable.Escape(e.Path), printable.Lines(e.Reason)
	switch {
	case dist != "" && path != "":
		return fmt.Sprintf("%s (%s): %s", dist, path, reason)
	case dist != "":
		return dist + ": " + reason
	case path != "":
		return path + ": " + reason
	}
	return reason
}

// Hint is advice for the user, "" when there is none.
func (e *Error) Hint() string { return e.hint }

func newError(dist, path, hint, format string, args ...any) *Error {
	return &Error{Dist: dist, Path: path, Reason: fmt.Sprintf(format, args...), hint: hint}
}
