package pep440

import (
	"fmt"
	"unicode/utf8"
)

// ParseError reports a string that could not be parsed. It carries the input,
// the 1-based column (in characters) where parsing stopped, and what was
// expected there. Error() reads like:
//
//	invalid specifier ">=1.0,<": expected a version after "<" at column 8
//
// The pep508 package reuses this type for requirements and markers.
type ParseError struct {
	Kind   string // "version", "specifier", "requirement", "marker", "name"
	Input  string // the whole input as given
	Offset int    // byte offset into Input where the problem was found
	Msg    string // what was expected, without the column
}

// Column is the 1-based character column of the problem.
func (e *ParseError) Column() int {
	off := e.Offset
	if off > len(e.Input) {
		off = len(e.Input)
	}
	if off < 0 {
		off = 0
	}
	return utf8.RuneCountInString(e.Input[:off]) + 1
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s at column %d", e.Kind, e.Input, e.Msg, e.Column())
}

// NewParseError builds a ParseError; offset is a byte offset into input.
func NewParseError(kind, input string, offset int, format string, args ...any) *ParseError {
	return &ParseError{Kind: kind, Input: input, Offset: offset, Msg: fmt.Sprintf(format, args...)}
}
