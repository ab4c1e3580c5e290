package wheelname

import (
	"regexp"
	"strings"
	"sync"
)

// validName is the PEP 508 project name rule.
var validName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$`) })

// ValidName reports whether name is a valid PEP 508 project name.
func ValidName(name string) bool { return validName().MatchString(name) }

// Normalize returns the PEP 503 normalised form of a project or extra name:
// lower case, every run of '-', '_' and '.' replaced by a single '-'
// ("Foo.Bar__baz" -> "foo-bar-baz"). It does not check validity. Only ASCII
// letters are lowered: a valid name is ASCII, and for any other input equal
// inputs still give equal results.
func Normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			if !sep {
				b.WriteByte('-')
			}
			sep = true
			continue
		}
		sep = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Escape returns the form of a project name used in wheel filenames and
// .dist-info folder names: normalised, with '-' written as '_'.
func Escape(name string) string { return strings.ReplaceAll(Normalize(name), "-", "_") }

// SameName reports whether two project names are equal after normalisation.
func SameName(a, b string) bool { return Normalize(a) == Normalize(b) }
