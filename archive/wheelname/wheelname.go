package wheelname

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/tags"
)

// Error says why a filename is not a valid distribution filename.
type Error struct {
	Filename string
	Reason   string
	Hint     string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("invalid distribution filename %q: %s", e.Filename, e.Reason)
	if e.Hint != "" {
		s += "\nhint: " + e.Hint
	}
	return s
}

// Wheel is a parsed wheel filename:
// {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
type Wheel struct {
	Filename string // as given (base name)
	Name     string // as written in the filename (escaped, e.g. "typing_extensions")
	Version  string // as written in the filename
	Build    string // optional build tag, "" if absent
	// BuildNumber and BuildSuffix split Build ("1abc" -> 1, "abc") for sorting.
	BuildNumber int
	BuildSuffix string
	Python      []string // e.g. ["py2", "py3"]
	ABI         []string
	Platform    []string
}

// Normalized is the PEP 503 normalised project name.
func (w Wheel) Normalized() string { return Normalize(w.Name) }

// Tags expands the compressed tag sets into every tag the wheel declares.
func (w Wheel) Tags() []tags.Tag {
	var out []tags.Tag
	for _, i := range w.Python {
		for _, a := range w.ABI {
			for _, p := range w.Platform {
				out = append(out, tags.Tag{Interpreter: i, ABI: a, Platform: p})
			}
		}
	}
	return out
}

// TagString is the tag part of the filename, e.g. "py2.py3-none-any".
func (w Wheel) TagString() string {
	return strings.Join(w.Python, ".") + "-" + strings.Join(w.ABI, ".") + "-" + strings.Join(w.Platform, ".")
}

// String returns the canonical filename of the wheel.
func (w Wheel) String() string {
	s := w.Name + "-" + w.Version
	if w.Build != "" {
		s += "-" + w.Build
	}
	return s + "-" + w.TagString() + ".whl"
}

// ParseWheel parses a wheel filename (a base name; a path is refused).
func ParseWheel(filename string) (Wheel, error) {
	fail := func(reason, hint string) (Wheel, error) {
		return Wheel{}, &Error{Filename: filename, Reason: reason, Hint: hint}
	}
	if strings.ContainsAny(filename, "/\\") {
		return fail("a file name, not a path, is expected", "")
	}
	stem, ok := strings.CutSuffix(filename, ".whl")
	if !ok {
		return fail("a wheel filename ends with .whl", "")
	}
	parts := strings.Split(stem, "-")
	if len(parts) != 5 && len(parts) != 6 {
		return fail(fmt.Sprintf("want name-version[-build]-python-abi-platform.whl, found %d parts separated by '-'", len(parts)),
			"a '-' inside the project name or version must be written '_' in a wheel filename")
	}
	w := Wheel{Filename: filename, Name: parts[0], Version: parts[1]}
	if !validFilenameName(w.Name) {
		return fail(fmt.Sprintf("project name %q has characters other than letters, digits, '_' and '.'", w.Name), "")
	}
	if err := checkVersion(w.Version); err != "" {
		return fail(err, "")
	}
	if len(parts) == 6 {
		w.Build = parts[2]
		i := 0
		for i < len(w.Build) && w.Build[i] >= '0' && w.Build[i] <= '9' {
			i++
		}
		if i == 0 {
			return fail(fmt.Sprintf("build tag %q must start with a digit", w.Build), "")
		}
		if i > 9 {
			return fail(fmt.Sprintf("build tag %q: number too long", w.Build), "")
		}
		for _, c := range w.Build[:i] {
			w.BuildNumber = w.BuildNumber*10 + int(c-'0')
		}
		w.BuildSuffix = w.Build[i:]
		if !validTag(w.BuildSuffix, true) {
			return fail(fmt.Sprintf("build tag %q has invalid characters", w.Build), "")
		}
	}
	n := len(parts)
	sets := []*[]string{&w.Python, &w.ABI, &w.Platform}
	for i, part := range parts[n-3:] {
		for _, t := range strings.Split(part, ".") {
			if !validTag(t, false) {
				return fail(fmt.Sprintf("invalid tag %q in %q", t, part), "")
			}
			*sets[i] = append(*sets[i], strings.ToLower(t))
		}
	}
	return w, nil
}

// Sdist is a parsed source distribution filename (PEP 625).
type Sdist struct {
	Filename string
	Name     string // as written
	Version  string // as written
	Ext      string // ".tar.gz" or ".zip"
}

// Normalized is the PEP 503 normalised project name.
func (s Sdist) Normalized() string { return Normalize(s.Name) }

// ParseSdist parses a source distribution filename. The version is what
// follows the last '-', so legacy names such as "foo-bar-1.0.tar.gz" parse.
func ParseSdist(filename string) (Sdist, error) {
	fail := func(reason, hint string) (Sdist, error) {
		return Sdist{}, &Error{Filename: filename, Reason: reason, Hint: hint}
	}
	if strings.ContainsAny(filename, "/\\") {
		return fail("a file name, not a path, is expected", "")
	}
	s := Sdist{Filename: filename}
	var stem string
	switch {
	case strings.HasSuffix(filename, ".tar.gz"):
		stem, s.Ext = strings.TrimSuffix(filename, ".tar.gz"), ".tar.gz"
	case strings.HasSuffix(filename, ".zip"):
		stem, s.Ext = strings.TrimSuffix(filename, ".zip"), ".zip"
	default:
		return fail("a source distribution filename ends with .tar.gz or .zip",
			"other archive formats (.tar.bz2, .tgz, .egg) are not source distributions fwenv reads")
	}
	i := strings.LastIndexByte(stem, '-')
	if i < 0 {
		return fail("want name-version"+s.Ext+": no '-' between name and version", "")
	}
	s.Name, s.Version = stem[:i], stem[i+1:]
	if !ValidName(s.Name) {
		return fail(fmt.Sprintf("project name %q is not a valid name", s.Name), "")
	}
	if err := checkVersion(s.Version); err != "" {
		return fail(err, "")
	}
	return s, nil
}

func validFilenameName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	// packaging accepts any \w run; we also want a PEP 508 name once escaped
	return ValidName(s)
}

// checkVersion keeps versions as strings but refuses what cannot be one.
func checkVersion(v string) string {
	if v == "" {
		return "empty version"
	}
	for _, c := range v {
		if !(c == '_' || c == '.' || c == '+' || c == '!' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Sprintf("version %q has invalid character %q", v, c)
		}
	}
	return ""
}

func validTag(s string, emptyOK bool) bool {
	if s == "" {
		return emptyOK
	}
	for _, c := range s {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
