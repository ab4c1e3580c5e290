package activate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Each quoteX function returns a single word that the shell X reads back as
// exactly s, with no expansion of any kind. Strings reaching them have been
// checked by Options.validate: no NUL, and no newline or carriage return
// (csh cannot quote those reliably, so they are refused for every shell).

// quoteSh quotes for POSIX shells (bash, zsh, dash, ksh): inside single
// quotes nothing is special; a single quote ends the quoting, is written
// as \' and the quoting starts again.
func quoteSh(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// quoteFish quotes for fish: inside single quotes only \' and \\ are escapes.
func quoteFish(s string) string {
	return "'" + mapRunes(s, func(r rune) (string, bool) {
		switch r {
		case '\\':
			return `\\`, true
		case '\'':
			return `\'`, true
		}
		return "", false
	}) + "'"
}

// quoteCsh quotes for csh and tcsh: single quotes stop everything except
// history substitution, so ! is written outside them as \!, and so is a
// single quote (as \').
func quoteCsh(s string) string {
	return "'" + mapRunes(s, func(r rune) (string, bool) {
		switch r {
		case '\'':
			return `'\''`, true
		case '!':
			return `'\!'`, true
		}
		return "", false
	}) + "'"
}

// quotePwsh quotes for PowerShell: inside single quotes nothing is special
// but the quote itself, which is doubled. PowerShell also takes the
// typographic single quotes U+2018..U+201B as quotes, so they are doubled
// too.
func quotePwsh(s string) string {
	return "'" + mapRunes(s, func(r rune) (string, bool) {
		if r == '\'' || r >= '\u2018' && r <= '\u201b' {
			return string(r) + string(r), true
		}
		return "", false
	}) + "'"
}

// quoteNu quotes for nushell: a double-quoted string with backslash escapes
// (a plain double-quoted string does no interpolation; only $"..." does).
func quoteNu(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u{%x}`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// The prompt prefix "(name) " is put into the shell's prompt string, which the
// shell expands again each time it draws the prompt. These functions escape
// the prefix so that it is shown literally; the result is then quoted as a
// word with the quoting functions above.

// promptBash escapes for bash's PS1 with the default "promptvars" option:
// backslash escapes are decoded first, then the string is expanded as if in
// double quotes. (A plain \$ would become "#" for root, hence \\$.)
func promptBash(s string) string {
	return mapRunes(s, func(r rune) (string, bool) {
		switch r {
		case '\\':
			return `\\\\`, true
		case '$':
			return `\\$`, true
		case '`':
			return "\\\\`", true
		}
		return "", false
	})
}

// promptPOSIX escapes for POSIX shells such as dash, which expand PS1 as if
// in double quotes.
func promptPOSIX(s string) string {
	return mapRunes(s, func(r rune) (string, bool) {
		switch r {
		case '\\':
			return `\\`, true
		case '$':
			return `\$`, true
		case '`':
			return "\\`", true
		}
		return "", false
	})
}

// promptZsh escapes for zsh's PS1 with default options: % starts an escape.
// (With PROMPT_SUBST set, $ and ` in the name would be expanded too.)
func promptZsh(s string) string {
	return strings.ReplaceAll(s, "%", "%%")
}

// promptCsh escapes for tcsh's prompt: % starts an escape, ! is the
// history number and a backslash quotes the next character.
func promptCsh(s string) string {
	return mapRunes(s, func(r rune) (string, bool) {
		switch r {
		case '%':
			return `%%`, true
		case '!':
			return `\!`, true
		case '\\':
			return `\\`, true
		}
		return "", false
	})
}

// mapRunes replaces each rune of s for which sub says so, in one pass,
// leaving every other byte as it is (invalid UTF-8 included); s itself when
// nothing changes. (A strings.Replacer costs more to build than the whole
// replacing does here.)
func mapRunes(s string, sub func(rune) (string, bool)) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 && r == utf8.RuneError {
			r = -1 // a stray byte: never replaced
		}
		if t, ok := sub(r); ok {
			if done == 0 && b.Len() == 0 {
				b.Grow(len(s) + 16)
			}
			b.WriteString(s[done:i])
			b.WriteString(t)
			done = i + size
		}
		i += size
	}
	if done == 0 && b.Len() == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}
