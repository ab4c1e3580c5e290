package sdist

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

const layoutHint = "an sdist holds a single folder NAME-VERSION/ with the whole project in it"

// addEntry checks a member's name and its place under the single top-level
// folder, sets its Path and appends it.
func (s *Sdist) addEntry(e *entry) error {
	if reason, hint := checkName(e.Name); reason != "" {
		return s.errf(e.Name, ErrUnsafePath, reason, hint, nil)
	}
	top, rest, _ := strings.Cut(e.Name, "/")
	switch {
	case s.Root == "":
		s.Root = top
	case top != s.Root && foldKey(top) == foldKey(s.Root):
		return s.errf(e.Name, ErrCaseCollision, fmt.Sprintf("top-level folder spelt %q here and %q before", top, s.Root),
			"a case-insensitive file system would merge them; "+layoutHint, nil)
	case top != s.Root:
		return s.errf(e.Name, ErrLayout, fmt.Sprintf("outside the top-level folder %q", s.Root), layoutHint, nil)
	}
	if rest == "" && e.Type != Dir {
		return s.errf(e.Name, ErrLayout, fmt.Sprintf("a %s at the top level of the archive, not inside a folder", e.Type), layoutHint, nil)
	}
	e.Path = rest
	e.target = -1
	s.entries = append(s.entries, *e)
	return nil
}

// checkTree checks the members against each other: duplicates, names equal
// but for case, members inside a file or a link, and link targets.
func (s *Sdist) checkTree() error {
	byFold := make(map[string]int, len(s.entries))
	for i := range s.entries {
		e := &s.entries[i]
		k := foldKey(e.Path)
		if j, dup := byFold[k]; dup {
			o := &s.entries[j]
			switch {
			case o.Path != e.Path:
				return s.errf(e.Name, ErrCaseCollision, fmt.Sprintf("differs from %q only by case; on a case-insensitive file system one would overwrite the other", o.Name), "", nil)
			case o.Type == e.Type:
				return s.errf(e.Name, ErrDuplicate, "appears twice in the archive", "tar readers disagree on which copy wins", nil)
			default:
				return s.errf(e.Name, ErrDuplicate, fmt.Sprintf("is in the archive both as a %s and as a %s", o.Type, e.Type), "", nil)
			}
		}
		byFold[k] = i
		s.byPath[e.Path] = i
	}
	// every folder a member implies, spelt one way, and never a file or link
	folders := map[string]string{}
	for i := range s.entries {
		e := &s.entries[i]
		p := e.Path
		ends := []int{}
		for j := 0; j < len(p); j++ {
			if p[j] == '/' {
				ends = append(ends, j)
			}
		}
		if e.Type == Dir && p != "" {
			ends = append(ends, len(p))
		}
		for _, j := range ends {
			parent := p[:j]
			k := foldKey(parent)
			if idx, ok := byFold[k]; ok && j < len(p) {
				switch o := &s.entries[idx]; o.Type {
				case File:
					return s.errf(e.Name, ErrDuplicate, fmt.Sprintf("lies inside %q, which is a file", o.Name), "", nil)
				case Symlink, Hardlink:
					return s.errf(e.Name, ErrLink, fmt.Sprintf("lies inside %q, which is a %s: writing it would write through the link", o.Name, o.Type),
						"a link followed by a member through it can put files anywhere; fwenv refuses such archives", nil)
				}
			}
			if spelt, ok := folders[k]; ok && spelt != parent {
				return s.errf(e.Name, ErrCaseCollision, fmt.Sprintf("folder %q differs from %q only by case; a case-insensitive file system would merge them", parent, spelt), "", nil)
			} else if !ok {
				folders[k] = parent
			}
		}
	}
	for i := range s.entries {
		var err error
		switch s.entries[i].Type {
		case Symlink:
			err = s.resolveSymlink(i)
		case Hardlink:
			err = s.resolveHardlink(i)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

const linkHint = "fwenv keeps a link only when it points at a regular file of the same sdist (it is unpacked as a copy of that file)"

// checkTarget judges the characters of a link target.
func checkTarget(t string) string {
	switch {
	case t == "":
		return "empty link target"
	case !utf8.ValidString(t):
		return "link target is not valid UTF-8"
	case strings.ContainsRune(t, 0):
		return "link target contains a NUL byte"
	case strings.Contains(t, "\\"):
		return "link target contains a backslash"
	case t[0] == '/':
		return fmt.Sprintf("link target %q is absolute", t)
	case len(t) >= 2 && t[1] == ':' && (t[0] >= 'a' && t[0] <= 'z' || t[0] >= 'A' && t[0] <= 'Z'):
		return fmt.Sprintf("link target %q starts with a drive letter", t)
	}
	for _, r := range t {
		if unicode.IsControl(r) {
			return fmt.Sprintf("link target contains control character %U", r)
		}
	}
	return ""
}

// resolveSymlink follows a symbolic link's target, relative to the link's
// folder, one component at a time as a file system would: it must stay
// inside the top-level folder, pass through no link or file, and end on a
// regular file of the sdist.
func (s *Sdist) resolveSymlink(i int) error {
	e := &s.entries[i]
	t := e.rawLink
	if reason := checkTarget(t); reason != "" {
		return s.errf(e.Name, ErrLink, reason, linkHint, nil)
	}
	var stack []string
	if d := strings.LastIndexByte(e.Path, '/'); d >= 0 {
		stack = strings.Split(e.Path[:d], "/")
	}
	comps := strings.Split(t, "/")
	for n, c := range comps {
		switch c {
		case "", ".":
			continue
		case "..":
			if len(stack) == 0 {
				return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q leaves the top-level folder %q", t, s.Root), linkHint, nil)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		stack = append(stack, c)
		p := strings.Join(stack, "/")
		j, ok := s.byPath[p]
		if !ok {
			continue // a folder only implied by other members, or missing: judged at the end
		}
		o := &s.entries[j]
		last := true
		for _, rest := range comps[n+1:] {
			if rest != "" && rest != "." {
				last = false
			}
		}
		switch {
		case o.Type == Symlink || o.Type == Hardlink:
			return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q goes through or to the link %q", t, o.Name), "links to links are refused; "+linkHint, nil)
		case o.Type == File && !last:
			return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q goes through the file %q", t, o.Name), linkHint, nil)
		}
	}
	p := strings.Join(stack, "/")
	j, ok := s.byPath[p]
	switch {
	case p == "":
		return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q is the top-level folder", t), linkHint, nil)
	case !ok && s.impliedFolder(p):
		return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q is a folder", t), linkHint, nil)
	case !ok:
		return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q is not in the sdist", t), linkHint, nil)
	case s.entries[j].Type == Dir:
		return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q is a folder", t), linkHint, nil)
	case j == i:
		return s.errf(e.Name, ErrLink, "link to itself", linkHint, nil)
	case strings.HasSuffix(t, "/") || strings.HasSuffix(t, "/.") || t == ".":
		return s.errf(e.Name, ErrLink, fmt.Sprintf("link target %q names a folder but %q is a file", t, p), linkHint, nil)
	}
	e.target, e.Link, e.Mode = j, p, s.entries[j].Mode
	return nil
}

// resolveHardlink checks a tar hard link: its target is an archive name
// (not relative to the link), and must be a regular file inside the
// top-level folder that comes earlier in the archive.
func (s *Sdist) resolveHardlink(i int) error {
	e := &s.entries[i]
	t, _ := cleanName(e.rawLink)
	if reason := checkTarget(e.rawLink); reason != "" {
		return s.errf(e.Name, ErrLink, reason, linkHint, nil)
	}
	if reason, _ := checkName(t); reason != "" {
		return s.errf(e.Name, ErrLink, fmt.Sprintf("hard link target %q: %s", e.rawLink, reason), linkHint, nil)
	}
	top, rest, _ := strings.Cut(t, "/")
	if top != s.Root {
		return s.errf(e.Name, ErrLink, fmt.Sprintf("hard link target %q is outside the top-level folder %q", e.rawLink, s.Root), linkHint, nil)
	}
	j, ok := s.byPath[rest]
	switch {
	case rest == "" || !ok && s.impliedFolder(rest):
		return s.errf(e.Name, ErrLink, fmt.Sprintf("hard link target %q is a folder", e.rawLink), linkHint, nil)
	case !ok:
		return s.errf(e.Name, ErrLink, fmt.Sprintf("hard link target %q is not in the sdist", e.rawLink), linkHint, nil)
	case s.entries[j].Type != File:
		return s.errf(e.Name, ErrLink, fmt.Sprintf("hard link target %q is a %s, not a regular file", e.rawLink, s.entries[j].Type), linkHint, nil)
	case j > i:
		return s.errf(e.Name, ErrLink, fmt.Sprintf("hard link target %q comes later in the archive", e.rawLink), "a hard link can only refer to a file unpacked before it", nil)
	}
	e.target, e.Link, e.Mode = j, rest, s.entries[j].Mode
	return nil
}

// impliedFolder reports whether some member lies below p.
func (s *Sdist) impliedFolder(p string) bool {
	for i := range s.entries {
		if strings.HasPrefix(s.entries[i].Path, p+"/") {
			return true
		}
	}
	return false
}
