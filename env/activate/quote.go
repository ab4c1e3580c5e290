package activate

import (
	"fmt"
	"strings"
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
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'"
}

// quoteCsh quotes for csh and tcsh: single quotes stop everything except
// history substitution, so ! is written outside them as \!, and so is a
// single quote (as \').
func quoteCsh(s string) string {
	r := strings.NewReplacer(`'`, `'\''`, `!`, `'\!'`)
	return "'" + r.Replace(s) + "'"
}

// quotePwsh quotes for PowerShell: inside single quotes nothing is special
// but the quote itself, which is doubled. PowerShell also takes the
// typographic single quotes U+2018..U+201B as quotes, so they are doubled
// too.
func quotePwsh(s string) string {
	r := strings.NewReplacer(
		"'", "''",
		"\u2018", "\u2018\u2018",
		"\u2019", "\u2019\u2019",
		"\u201a", "\u201a\u201a",
		"\u201b", "\u201b\u201b",
	)
	return "'" + r.Replace(s) + "'"
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
	r := strings.NewReplacer(`\`, `\\\\`, `$`, `\\$`, "`", "\\\\`")
	return r.Replace(s)
}

// promptPOSIX escapes for POSIX shells such as dash, which expand PS1 as if
// in double quotes.
func promptPOSIX(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `$`, `\$`, "`", "\\`")
	return r.Replace(s)
}

// promptZsh escapes for zsh's PS1 with default options: % starts an escape.
// (With PROMPT_SUBST set, $ and ` in the name would be expanded too.)
func promptZsh(s string) string {
	return strings.ReplaceAll(s, "%", "%%")
}

// promptCsh escapes for tcsh's prompt: % starts an escape, ! is the
// history number and a backslash quotes the next character.
func promptCsh(s string) string {
	r := strings.NewReplacer(`%`, `%%`, `!`, `\!`, `\`, `\\`)
	return r.Replace(s)
}
