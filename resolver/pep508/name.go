package pep508

import (
	"slices"
	"strings"

	"github.com/fwenv/fwenv/resolver/pep440"
)

// ValidName reports whether name matches PEP 508's name rule:
// ASCII letters and digits, with ".", "-" and "_" allowed inside but not
// at either end.
func ValidName(name string) bool { return nameEnd(name, 0) == len(name) && len(name) > 0 }

// CheckName returns nil for a valid name, or a *pep440.ParseError pointing
// at the first offending character.
func CheckName(name string) error {
	if name == "" {
		return pep440.NewParseError("name", name, 0, "expected a letter or digit")
	}
	end := nameEnd(name, 0)
	if end == len(name) {
		return nil
	}
	if end == 0 {
		return pep440.NewParseError("name", name, 0, "a name must start with a letter or digit")
	}
	if end < len(name) && isNameSep(name[end]) {
		// the separators ran to the end, or to a bad character
		j := end
		for j < len(name) && isNameSep(name[j]) {
			j++
		}
		if j == len(name) {
			return pep440.NewParseError("name", name, end, "a name must end with a letter or digit")
		}
		end = j
	}
	return pep440.NewParseError("name", name, end, "unexpected %q in a name (letters, digits, '.', '-' and '_' only)", string(name[end]))
}

func isAlnum(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isNameSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// nameEnd returns the end of the longest valid name starting at s[i]
// (i when there is none).
func nameEnd(s string, i int) int {
	if i >= len(s) || !isAlnum(s[i]) {
		return i
	}
	end := i + 1
	j := end
	for j < len(s) {
		if isAlnum(s[j]) {
			j++
			end = j
		} else if isNameSep(s[j]) {
			j++
		} else {
			break
		}
	}
	return end
}

// CutExtras splits a trailing "[extra, ...]" off s, the form pip accepts
// after a path ("./proj[dev]", "pkgs/x-1.0.whl[cli,test]"): base is s
// without it, extras the names as written (sorted, duplicates removed, as
// in a Requirement). ok is false when s does not end in a list of valid
// names in brackets.
func CutExtras(s string) (base string, extras []string, ok bool) {
	i := strings.LastIndexByte(s, '[')
	if i <= 0 || !strings.HasSuffix(s, "]") {
		return s, nil, false
	}
	for _, x := range strings.Split(s[i+1:len(s)-1], ",") {
		x = strings.TrimSpace(x)
		if !ValidName(x) {
			return s, nil, false
		}
		if !slices.Contains(extras, x) {
			extras = append(extras, x)
		}
	}
	slices.Sort(extras)
	return s[:i], extras, true
}
