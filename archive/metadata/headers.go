package metadata

import (
	"strings"
	"unicode/utf8"
)

// Header is one "Name: value" field.
type Header struct {
	Name, Value string
}

// Headers is the ordered list of fields of a file.
type Headers []Header

// Get returns the first value of a field (names are case-insensitive).
func (h Headers) Get(name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns every value of a field, in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// ParseHeaders splits email-header text into its fields and body. The header
// block ends at the first empty line, or, as Python's email parser does, at
// the first line that is neither a field nor a continuation; the rest is the
// body. Continuation lines (starting with a space or a tab) are joined to the
// previous field with a newline, their indentation kept. Invalid UTF-8 is
// replaced by U+FFFD. Line endings may be \n or \r\n.
func ParseHeaders(data []byte) (Headers, string) {
	text := string(data)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	var h Headers
	var cont []string // continuation lines of the last field, joined once
	flush := func() {
		if len(cont) > 0 {
			h[len(h)-1].Value += "\n" + strings.Join(cont, "\n")
			cont = cont[:0]
		}
	}
	rest := text
	for rest != "" {
		line, next, _ := strings.Cut(rest, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			flush()
			return h, next
		}
		if (line[0] == ' ' || line[0] == '\t') && len(h) > 0 {
			cont = append(cont, line)
			rest = next
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !validFieldName(name) {
			break // not a header: the body starts here
		}
		flush()
		h = append(h, Header{Name: name, Value: strings.TrimSpace(value)})
		rest = next
	}
	flush()
	return h, rest
}

// validFieldName is RFC 5322's ftext: printable ASCII except ':' and space.
func validFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
