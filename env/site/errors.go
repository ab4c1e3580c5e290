package site

import "fmt"

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
	s := ""
	switch {
	case e.Dist != "" && e.Path != "":
		s = fmt.Sprintf("%s (%s): %s", e.Dist, e.Path, e.Reason)
	case e.Dist != "":
		s = e.Dist + ": " + e.Reason
	case e.Path != "":
		s = e.Path + ": " + e.Reason
	default:
		s = e.Reason
	}
	if e.hint != "" {
		s += "\nhint: " + e.hint
	}
	return s
}

// Hint is advice for the user, "" when there is none.
func (e *Error) Hint() string { return e.hint }

func newError(dist, path, hint, format string, args ...any) *Error {
	return &Error{Dist: dist, Path: path, Reason: fmt.Sprintf(format, args...), hint: hint}
}
