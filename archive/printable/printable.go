package printable

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// isControl reports whether r is a C0 or C1 control or DEL.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

// IsLineBreak reports whether r ends a line as Python's str.splitlines
// sees it (and so as pip reads a requirements file): \n, \r, \v, \f,
// \x1c, \x1d, \x1e, U+0085, U+2028 and U+2029.
func IsLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// HasLineBreak reports whether s holds a character IsLineBreak accepts.
func HasLineBreak(s string) bool { return strings.IndexFunc(s, IsLineBreak) >= 0 }

// isBidi reports whether r is a bidirectional embedding, override or
// isolate (U+202A to U+202E, U+2066 to U+2069): they reorder how the
// text after them is displayed, so a name can look like another one.
func isBidi(r rune) bool { return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) }

// special reports whether Escape changes r (r not from invalid UTF-8).
func special(r rune) bool { return isControl(r) || IsLineBreak(r) || isBidi(r) }

// Needs reports whether s holds a character Escape changes.
func Needs(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || special(r) {
			return true
		}
		i += n
	}
	return false
}

// Escape returns s with control characters, line breaks, bidi controls
// and invalid UTF-8 escaped in Go's %q style; s itself when there are none.
func Escape(s string) string {
	if !Needs(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case special(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Lines escapes every line of s but keeps its line breaks: for a message
// whose own structure is several lines ("...\nhint: ...").
func Lines(s string) string {
	if !Needs(s) {
		return s
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = Escape(p)
	}
	return strings.Join(parts, "\n")
}
