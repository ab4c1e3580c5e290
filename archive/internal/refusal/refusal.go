package refusal

import (
	"fmt"
	"strings"
)

// Text is a refusal's message: `FILE[: member "M"]: REASON[: ERR]`, REASON
// being kind's text when reason is empty, ERR left out when errInReason
// (the reason already says it), then "\nhint: HINT" when there is a hint.
func Text(file, member, reason string, kind, err error, errInReason bool, hint string) string {
	var b strings.Builder
	b.WriteString(file)
	if member != "" {
		fmt.Fprintf(&b, ": member %q", member)
	}
	b.WriteString(": ")
	if reason != "" {
		b.WriteString(reason)
	} else {
		b.WriteString(kind.Error())
	}
	if err != nil && !errInReason {
		b.WriteString(": ")
		b.WriteString(err.Error())
	}
	if hint != "" {
		b.WriteString("\nhint: ")
		b.WriteString(hint)
	}
	return b.String()
}

// Unwrap is the kind and, when there is one, the underlying error, for
// errors.Is and errors.As.
func Unwrap(kind, err error) []error {
	if err == nil {
		return []error{kind}
	}
	return []error{kind, err}
}

// LooseSameVersion compares two versions as written: equal ignoring ASCII
// case, with '-' and '_' the same (file names write '-' as '_').
func LooseSameVersion(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if fold(a[i]) != fold(b[i]) {
			return false
		}
	}
	return true
}

func fold(c byte) byte {
	switch {
	case c == '-':
		return '_'
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	}
	return c
}
