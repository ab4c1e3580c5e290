package entrypoints

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// EntryPoint is one "name = value" line of a group.
type EntryPoint struct {
	Group  string
	Name   string
	Value  string   // the object reference as written, without extras: "module:attr"
	Module string   // "framework.cli"
	Attr   string   // "main", "" when the reference is a module
	Extras []string // deprecated "[extra, ...]" suffix
	Line   int
}

// Error names the line that was refused.
type Error struct {
	Line   int
	Reason string
	Hint   string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("entry_points.txt line %d: %s", e.Line, e.Reason)
	if e.Hint != "" {
		s += "\nhint: " + e.Hint
	}
	return s
}

var groupRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\w+(\.\w+)*$`) })

// Parse reads an entry_points.txt file. Full-line comments start with '#'
// or ';'. A group header may repeat (its entries are merged), a name may not
// repeat within a group.
func Parse(data []byte) ([]EntryPoint, error) {
	if !utf8.Valid(data) {
		return nil, &Error{Line: 1, Reason: "not UTF-8 text"}
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	var out []EntryPoint
	group := ""
	seen := map[[2]string]int{}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") {
				return nil, &Error{Line: n, Reason: fmt.Sprintf("group header %q does not end with ']'", line),
					Hint: "an entry point name cannot start with '['"}
			}
			group = strings.TrimSpace(line[1 : len(line)-1])
			if !groupRe().MatchString(group) {
				return nil, &Error{Line: n, Reason: fmt.Sprintf("group name %q is invalid", group),
					Hint: "group names are words of letters, digits and '_' separated by dots"}
			}
			continue
		}
		if group == "" {
			return nil, &Error{Line: n, Reason: "entry before any [group] header"}
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, &Error{Line: n, Reason: fmt.Sprintf("%q is not name = object reference", line)}
		}
		ep, err := parseEntry(group, strings.TrimSpace(name), strings.TrimSpace(value))
		if err != nil {
			err.Line = n
			return nil, err
		}
		ep.Line = n
		key := [2]string{group, ep.Name}
		if prev, dup := seen[key]; dup {
			return nil, &Error{Line: n, Reason: fmt.Sprintf("%q is already defined in group [%s] on line %d", ep.Name, group, prev)}
		}
		seen[key] = n
		out = append(out, ep)
	}
	return out, nil
}

func parseEntry(group, name, value string) (EntryPoint, *Error) {
	ep := EntryPoint{Group: group, Name: name}
	if name == "" {
		return ep, &Error{Reason: "empty entry point name"}
	}
	if name[0] == '[' {
		return ep, &Error{Reason: fmt.Sprintf("entry point name %q starts with '['", name)}
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return ep, &Error{Reason: fmt.Sprintf("entry point name %q has a control character", name)}
		}
	}
	ref := value
	if i := strings.IndexByte(value, '['); i >= 0 {
		if !strings.HasSuffix(value, "]") {
			return ep, &Error{Reason: fmt.Sprintf("%s: extras %q have no closing ']'", name, value[i:])}
		}
		ref = strings.TrimSpace(value[:i])
		for _, x := range strings.Split(value[i+1:len(value)-1], ",") {
			x = strings.TrimSpace(x)
			if x == "" {
				continue
			}
			if !validExtra(x) {
				return ep, &Error{Reason: fmt.Sprintf("%s: extra %q is not a valid name", name, x)}
			}
			ep.Extras = append(ep.Extras, x)
		}
	}
	mod, attr, hasAttr := strings.Cut(ref, ":")
	mod, attr = strings.TrimSpace(mod), strings.TrimSpace(attr)
	if !dottedIdentifiers(mod) || hasAttr && !dottedIdentifiers(attr) {
		return ep, &Error{Reason: fmt.Sprintf("%s: object reference %q is not module[:attr]", name, ref),
			Hint: "write importable.module or importable.module:object.attribute"}
	}
	ep.Module, ep.Attr = mod, attr
	ep.Value = mod
	if hasAttr {
		ep.Value += ":" + attr
	}
	return ep, nil
}

func dottedIdentifiers(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if !isIdentifier(part) {
			return false
		}
	}
	return true
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)) {
			continue
		}
		return false
	}
	return true
}

func validExtra(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

var (
	pythonName   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^python(\d+(\.\d+)?[tdm]*)?$`) })
	pipName      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^pip(\d+(\.\d+)?)?$`) })
	activateName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(activate(\.[a-z0-9]+)?|activate_this\.py)$`) })
)

// CheckScriptName refuses names that cannot be a file in an environment's
// bin/ folder, or that would replace the environment's own files: a path
// separator, NUL or another control character, "", "." or "..", a leading
// '-' or '.'; python, python3, python3.X (t/d suffixes too), activate,
// activate.EXT and activate_this.py; pip, pip3 and pip3.X unless the
// distribution (dist, any spelling) is pip itself. Names are compared
// without case (macOS file systems ignore it). Names merely starting with
// pip or activate (pip-compile, pipx, activate-global-python-argcomplete)
// are real scripts of real projects and are allowed.
func CheckScriptName(name, dist string) error {
	switch {
	case name == "", name == ".", name == "..":
		return fmt.Errorf("script name %q is not a file name", name)
	case strings.ContainsAny(name, "/\\"):
		return fmt.Errorf("script name %q contains a path separator; scripts go directly in bin/", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("script name %q contains a control character", name)
	case name[0] == '-' || name[0] == '.':
		return fmt.Errorf("script name %q starts with %q", name, name[:1])
	}
	lower := strings.ToLower(name)
	switch {
	case pythonName().MatchString(lower):
		return fmt.Errorf("script name %q would replace the environment's interpreter", name)
	case activateName().MatchString(lower):
		return fmt.Errorf("script name %q would replace the environment's activation script", name)
	case pipName().MatchString(lower) && !isPip(dist):
		return fmt.Errorf("script name %q would replace pip's launcher, and the distribution is not pip", name)
	}
	return nil
}

func isPip(dist string) bool {
	return strings.EqualFold(strings.NewReplacer("_", "-", ".", "-").Replace(dist), "pip")
}

// Scripts returns the console_scripts and gui_scripts entries.
func Scripts(eps []EntryPoint) []EntryPoint {
	var out []EntryPoint
	for _, ep := range eps {
		if ep.Group == "console_scripts" || ep.Group == "gui_scripts" {
			out = append(out, ep)
		}
	}
	return out
}
