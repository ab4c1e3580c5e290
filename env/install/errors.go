package install

import (
	"errors"
	"strings"

	"github.com/fwenv/fwenv/archive/wheel"
)

// Error is a refusal or failure of Install or Uninstall. It names the wheel
// file (and member) or the distribution concerned.
type Error struct {
	Wheel  string // the wheel file, "" when none
	Member string // the member or installed path concerned, "" when none
	Dist   string // the distribution, "" when none
	Reason string
	Err    error
	hint   string
}

func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.Wheel != "":
		b.WriteString(e.Wheel)
	case e.Dist != "":
		b.WriteString(e.Dist)
	}
	if e.Member != "" {
		if b.Len() > 0 {
			b.WriteString(" (" + e.Member + ")")
		} else {
			b.WriteString(e.Member)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": " + firstLine(e.Err.Error()))
	}
	if h := e.Hint(); h != "" {
		b.WriteString("\nhint: " + h)
	}
	return b.String()
}

// Hint is advice for the user: the error's own, else the wrapped error's.
func (e *Error) Hint() string {
	if e.hint != "" {
		return e.hint
	}
	var h interface{ Hint() string }
	if errors.As(e.Err, &h) && h.Hint() != "" {
		return h.Hint()
	}
	var we *wheel.Error
	if errors.As(e.Err, &we) {
		return we.Hint
	}
	return ""
}

func (e *Error) Unwrap() error { return e.Err }

func firstLine(s string) string {
	if i := strings.Index(s, "\nhint: "); i >= 0 {
		return s[:i]
	}
	return s
}
