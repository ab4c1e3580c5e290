package site

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/entrypoints"
)

// Installed entry_points.txt files are read as the environment's
// importlib.metadata reads them, because that is what a framework sees at
// run time: a file it raises on breaks importlib.metadata.entry_points()
// for the whole environment, so it is reported (entry-points and check name
// the file and line), never skipped silently; a file it reads is listed as
// it reads it, even where the entry points specification is stricter (the
// stricter complaint becomes a warning).
//
// CPython has read the file in two ways (checked against 3.8.18, 3.9.18,
// 3.10.13, 3.11.7, 3.12.1 and 3.13.0):
//
//   - 3.8 and 3.9 use configparser (delimiter '=', strict, '#' and ';'
//     comments, % interpolation). They raise on a line before the first
//     [section], a line without '=' or with an empty name, a section or a
//     name given twice in one section, and a '%' not followed by '%' or
//     '(name)s' naming an option of the section, and on references nested
//     more than 10 deep. Indented lines continue the previous value.
//     References are expanded once each and to at most bounded.Metadata
//     bytes for the whole file; a file that expands to more is reported as
//     damaged (CPython expands each reference anew and takes minutes or
//     runs out of memory on it).
//   - 3.10 and later split lines and strip them, skip blank lines and '#'
//     comments, take "[...]" as a section and ignore lines before the first
//     one. They raise on a line without '=' in a section (';' is no
//     comment there). Duplicates are returned as they are.
//
// Both raise on a file that is not UTF-8 (a byte order mark is not
// removed). Environments of Pythons older than 3.8 (importlib_metadata's
// backport, pkg_resources) get the configparser rules.

// epFileError is a reason importlib.metadata raises on an entry_points.txt.
type epFileError struct {
	Line   int
	Reason string
}

func (e *epFileError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// configparserRules reports whether Python "X.Y" reads entry_points.txt
// with configparser (before 3.10). Unknown versions get the current rules.
func configparserRules(pyVersion string) bool {
	major, minor, ok := majorMinor(pyVersion)
	return ok && (major < 3 || major == 3 && minor < 10)
}

// majorMinor reads "X.Y" (or "X.Y.Z") into its numbers; ok is false for ""
// or anything else.
func majorMinor(pyVersion string) (major, minor int, ok bool) {
	maj, rest, _ := strings.Cut(pyVersion, ".")
	min, _, _ := strings.Cut(rest, ".")
	if _, err := fmt.Sscanf(maj+" "+min, "%d %d", &major, &minor); err != nil {
		return 0, 0, false
	}
	return major, minor, true
}

// readInstalledEntryPoints reads entry_points.txt as importlib.metadata of
// Python pyVersion does; an *epFileError when it would raise.
func readInstalledEntryPoints(data []byte, pyVersion string) ([]entrypoints.EntryPoint, *epFileError) {
	if !utf8.Valid(data) {
		line := 1 + strings.Count(string(data[:firstInvalid(data)]), "\n")
		return nil, &epFileError{Line: line, Reason: "not UTF-8 text (importlib.metadata raises UnicodeDecodeError)"}
	}
	if configparserRules(pyVersion) {
		return readConfigparser(string(data))
	}
	return readSectioned(string(data))
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// pySplitLines splits as Python's str.splitlines does.
func pySplitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			out = append(out, s[start:i])
			if r == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				n = 2
			}
			start = i + n
		}
		i += n
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// readSectioned is importlib.metadata's Sectioned reader (3.10+).
func readSectioned(text string) ([]entrypoints.EntryPoint, *epFileError) {
	var out []entrypoints.EntryPoint
	section, inSection := "", false
	for i, line := range pySplitLines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section, inSection = strings.Trim(line, "[]"), true
			continue
		}
		if !inSection {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, &epFileError{Line: i + 1, Reason: fmt.Sprintf("%q in [%s] is not name = value (importlib.metadata raises TypeError)", line, section)}
		}
		out = append(out, lenientEntry(section, strings.TrimSpace(name), strings.TrimSpace(value), i+1))
	}
	return out, nil
}

var (
	sectRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[([^]]+)\]`) })
	optRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*?)\s*=\s*(.*)$`) })
)

// readConfigparser is configparser.ConfigParser(delimiters='=') with
// optionxform=str, as importlib.metadata 3.8 and 3.9 use it.
func readConfigparser(text string) ([]entrypoints.EntryPoint, *epFileError) {
	type opt struct {
		name  string
		lines []string
		line  int
	}
	type sect struct {
		name string
		opts []*opt
	}
	var sects []*sect
	var cur *sect
	var curOpt *opt
	indent := 0
	seenSect := map[string]bool{}
	seenOpt := map[[2]string]bool{}
	var parseErr *epFileError
	lines := strings.Split(text, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, raw := range lines {
		n := i + 1
		trimmed := strings.TrimSpace(raw)
		if strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";") {
			continue
		}
		if trimmed == "" {
			if cur != nil && curOpt != nil {
				curOpt.lines = append(curOpt.lines, "")
			}
			continue
		}
		lvl := len(raw) - len(strings.TrimLeftFunc(raw, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\v' || r == '\f' }))
		if cur != nil && curOpt != nil && lvl > indent {
			curOpt.lines = append(curOpt.lines, trimmed)
			continue
		}
		indent = lvl
		if m := sectRe().FindStringSubmatch(trimmed); m != nil {
			name := m[1]
			if seenSect[name] {
				return nil, &epFileError{Line: n, Reason: fmt.Sprintf("section [%s] is given twice (importlib.metadata raises DuplicateSectionError)", name)}
			}
			seenSect[name] = true
			cur, curOpt = &sect{name: name}, nil
			if name != "DEFAULT" {
				sects = append(sects, cur)
			}
			continue
		}
		if cur == nil {
			return nil, &epFileError{Line: n, Reason: fmt.Sprintf("%q comes before any [section] (importlib.metadata raises MissingSectionHeaderError)", trimmed)}
		}
		m := optRe().FindStringSubmatch(trimmed)
		if m == nil || strings.TrimSpace(m[1]) == "" {
			if parseErr == nil {
				parseErr = &epFileError{Line: n, Reason: fmt.Sprintf("%q in [%s] is not name = value (importlib.metadata raises ParsingError)", trimmed, cur.name)}
			}
			curOpt = nil
			continue
		}
		name := strings.TrimRightFunc(m[1], func(r rune) bool { return r == ' ' || r == '\t' })
		key := [2]string{cur.name, name}
		if seenOpt[key] {
			return nil, &epFileError{Line: n, Reason: fmt.Sprintf("%q is given twice in [%s] (importlib.metadata raises DuplicateOptionError)", name, cur.name)}
		}
		seenOpt[key] = true
		curOpt = &opt{name: name, lines: []string{strings.TrimSpace(m[2])}, line: n}
		cur.opts = append(cur.opts, curOpt)
	}
	if parseErr != nil {
		return nil, parseErr
	}
	var out []entrypoints.EntryPoint
	budget := bounded.Metadata // bytes all expansions of the file may write
	for _, s := range sects {
		in := &interp{raw: map[string]string{}, done: map[string]*expansion{}, budget: &budget}
		for _, o := range s.opts {
			in.raw[o.name] = strings.TrimRight(strings.Join(o.lines, "\n"), "\n")
		}
		for _, o := range s.opts {
			x := in.option(o.name)
			if x.reason == errTooBig {
				return nil, &epFileError{Line: o.line, Reason: fmt.Sprintf("%s in [%s]: %s (importlib.metadata would build them all in memory)", o.name, s.name, errTooBig)}
			}
			if x.reason != "" {
				return nil, &epFileError{Line: o.line, Reason: fmt.Sprintf("%s in [%s]: %s (importlib.metadata raises InterpolationError)", o.name, s.name, x.reason)}
			}
			out = append(out, lenientEntry(s.name, o.name, x.value, o.line))
		}
	}
	return out, nil
}

// errTooBig is the reason given for a file whose %(name)s references expand
// to more than bounded.Metadata in all: a 1 KB file of twenty references
// per line, ten lines deep, would otherwise expand to terabytes.
var errTooBig = fmt.Sprintf("references expand to more than %d MiB", bounded.Metadata>>20)

// maxInterpolationDepth is configparser's MAX_INTERPOLATION_DEPTH.
const maxInterpolationDepth = 10

// expansion is one option's interpolated value. height is how deeply
// nested the references it follows are (1: none that hold a '%'); used at
// depth d it raises when d+height-1 exceeds maxInterpolationDepth, as
// configparser does when it expands the option again at that depth.
type expansion struct {
	value  string
	height int
	reason string
}

// interp expands the options of one section, each once (configparser
// expands a referenced option again at every use; the result is the same,
// so it is cached here), writing at most *budget bytes for the whole file.
type interp struct {
	raw    map[string]string
	done   map[string]*expansion // nil value: being expanded (a cycle)
	budget *int64
}

func (in *interp) option(name string) *expansion {
	if x, ok := in.done[name]; ok {
		if x == nil { // a reference cycle: configparser goes round until the depth limit
			return &expansion{reason: fmt.Sprintf("references nested deeper than %d", maxInterpolationDepth)}
		}
		return x
	}
	in.done[name] = nil
	x := in.expand(in.raw[name])
	in.done[name] = x
	return x
}

// expand is configparser's BasicInterpolation of one value: "%%" is a '%',
// "%(name)s" is the (interpolated) value of another option of the section,
// anything else after a '%' is an error, as is a nesting over 10.
func (in *interp) expand(v string) *expansion {
	var b strings.Builder
	height := 1
	write := func(s string) bool {
		if *in.budget -= int64(len(s)); *in.budget < 0 {
			return false
		}
		b.WriteString(s)
		return true
	}
	for i := 0; i < len(v); i++ {
		if v[i] != '%' {
			j := i + 1
			for j < len(v) && v[j] != '%' {
				j++
			}
			if !write(v[i:j]) {
				return &expansion{reason: errTooBig}
			}
			i = j - 1
			continue
		}
		if i+1 < len(v) && v[i+1] == '%' {
			if !write("%") {
				return &expansion{reason: errTooBig}
			}
			i++
			continue
		}
		if i+1 < len(v) && v[i+1] == '(' {
			end := strings.Index(v[i:], ")s")
			if end < 0 || end == 2 || strings.ContainsRune(v[i+2:i+end], ')') {
				return &expansion{reason: "a bad %(name)s reference"}
			}
			name := v[i+2 : i+end]
			ref, ok := in.raw[name]
			if !ok {
				return &expansion{reason: fmt.Sprintf("%%(%s)s names no option of the section", name)}
			}
			if strings.Contains(ref, "%") {
				x := in.option(name)
				if x.reason != "" {
					return x
				}
				ref, height = x.value, max(height, x.height+1)
				if height > maxInterpolationDepth {
					return &expansion{reason: fmt.Sprintf("references nested deeper than %d", maxInterpolationDepth)}
				}
			}
			if !write(ref) {
				return &expansion{reason: errTooBig}
			}
			i += end + 1
			continue
		}
		return &expansion{reason: "'%' must be followed by '%' or '('"}
	}
	return &expansion{value: b.String(), height: height}
}

// lenientEntry is one entry point as importlib.metadata holds it: the value
// as written, split into the object reference and a trailing "[extras]"
// the way the entry points specification writes them.
func lenientEntry(group, name, value string, line int) entrypoints.EntryPoint {
	ep := entrypoints.EntryPoint{Group: group, Name: name, Value: value, Line: line}
	if i := strings.IndexByte(value, '['); i >= 0 && strings.HasSuffix(value, "]") {
		ep.Value = strings.TrimSpace(value[:i])
		for _, x := range strings.Split(value[i+1:len(value)-1], ",") {
			if x = strings.TrimSpace(x); x != "" {
				ep.Extras = append(ep.Extras, x)
			}
		}
	}
	ep.Module, ep.Attr, _ = strings.Cut(ep.Value, ":")
	ep.Module, ep.Attr = strings.TrimSpace(ep.Module), strings.TrimSpace(ep.Attr)
	return ep
}
