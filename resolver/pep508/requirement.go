package pep508

import (
	"slices"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// Requirement is a parsed PEP 508 dependency specification:
//
//	name [extras] (specifiers | @ URL) ; marker
//
// for example `requests[socks] >=2.8, <3 ; python_version >= "3.8"`,
// `name (>=1.0)` or `pkg @ https://host/pkg-1.0.tar.gz ; os_name == "posix"`.
type Requirement struct {
	Name      string              // as written; see NormalizedName
	Extras    []string            // as written, sorted, exact duplicates removed
	Specifier pep440.SpecifierSet // empty for a URL requirement or no constraint
	URL       string              // the direct reference after "@", or ""
	Marker    Marker              // zero when there is none
}

// NormalizedName returns the PEP 503 form of the name.
func (r Requirement) NormalizedName() string { return wheelname.Normalize(r.Name) }

// String returns the canonical form: the name as written, sorted extras,
// normalised and sorted specifiers, then " @ URL" and "; marker":
//
//	requests[socks]<3,>=2.8; python_version >= "3.8"
//	pkg @ https://host/pkg-1.0.tar.gz ; os_name == "posix"
func (r Requirement) String() string {
	var b strings.Builder
	b.WriteString(r.Name)
	if len(r.Extras) > 0 {
		b.WriteByte('[')
		b.WriteString(strings.Join(r.Extras, ","))
		b.WriteByte(']')
	}
	b.WriteString(r.Specifier.String())
	if r.URL != "" {
		b.WriteString(" @ ")
		b.WriteString(r.URL)
		if !r.Marker.IsZero() {
			b.WriteByte(' ')
		}
	}
	if !r.Marker.IsZero() {
		b.WriteString("; ")
		b.WriteString(r.Marker.String())
	}
	return b.String()
}

// ParseRequirement parses a PEP 508 requirement string.
func ParseRequirement(s string) (Requirement, error) {
	p := &mparser{full: s, end: len(s), kind: "requirement"}
	var r Requirement
	i := p.ws(0)
	end := nameEnd(s, i)
	if end == i {
		return r, p.errAt(i, "expected a project name (letters, digits, '.', '-', '_'), got %s", p.got(i))
	}
	r.Name = s[i:end]
	i = p.ws(end)

	// extras
	if i < len(s) && s[i] == '[' {
		open := i
		i = p.ws(i + 1)
		if i < len(s) && s[i] != ']' {
			for {
				e := nameEnd(s, i)
				if e == i {
					return r, p.errAt(i, "expected an extra name, got %s", p.got(i))
				}
				if !slices.Contains(r.Extras, s[i:e]) {
					r.Extras = append(r.Extras, s[i:e])
				}
				i = p.ws(e)
				if i < len(s) && s[i] == ',' {
					i = p.ws(i + 1)
					continue
				}
				break
			}
		}
		if i >= len(s) || s[i] != ']' {
			return r, p.errAt(i, `expected "," or "]" to close the extras (opened at column %d), got %s`, colOf(s, open), p.got(i))
		}
		slices.Sort(r.Extras)
		i = p.ws(i + 1)
	}

	markerFrom := -1
	switch {
	case i < len(s) && s[i] == '@':
		i = p.ws(i + 1)
		j := i
		for j < len(s) && !isWS(s[j]) {
			j++
		}
		if j == i {
			return r, p.errAt(i, `expected a URL after "@"`)
		}
		r.URL = s[i:j]
		if err := checkURL(r.URL); err != "" {
			return r, p.errAt(i, "%s", err)
		}
		k := p.ws(j)
		if k < len(s) {
			if s[k] != ';' || k == j {
				if s[k] == ';' {
					return r, p.errAt(k, `expected a space between the URL and ";"`)
				}
				return r, p.errAt(k, `expected ";" and a marker or the end of the requirement after the URL, got %s`, p.got(k))
			}
			markerFrom = k + 1
		}
	case i < len(s) && s[i] == '(':
		open := i
		close := strings.IndexByte(s[i:], ')')
		semi := strings.IndexByte(s[i:], ';')
		if close < 0 || (semi >= 0 && semi < close) {
			at := len(s)
			if semi >= 0 {
				at = i + semi
			}
			return r, p.errAt(at, `expected ")" to close "(" (opened at column %d)`, colOf(s, open))
		}
		close += i
		if p.ws(i+1) == close {
			return r, p.errAt(close, `expected a version specifier after "("`)
		}
		ss, err := parseSpecsIn(s, i+1, close)
		if err != nil {
			return r, err
		}
		r.Specifier = ss
		k := p.ws(close + 1)
		if k < len(s) {
			if s[k] != ';' {
				return r, p.errAt(k, `expected ";" and a marker or the end of the requirement, got %s`, p.got(k))
			}
			markerFrom = k + 1
		}
	default:
		stop := strings.IndexByte(s[i:], ';')
		specEnd := len(s)
		if stop >= 0 {
			specEnd = i + stop
			markerFrom = specEnd + 1
		}
		if p.ws(i) < specEnd {
			c := s[p.ws(i)]
			if !strings.ContainsRune("<>=!~", rune(c)) {
				return r, p.errAt(p.ws(i), `expected a version specifier, "[", "@", ";" or the end of the requirement, got %s`, p.got(p.ws(i)))
			}
			ss, err := parseSpecsIn(s, i, specEnd)
			if err != nil {
				return r, err
			}
			r.Specifier = ss
		}
	}
	if markerFrom >= 0 {
		mp := &mparser{full: s, end: len(s), kind: "requirement"}
		if mp.ws(markerFrom) >= len(s) {
			return r, p.errAt(len(s), `expected a marker after ";"`)
		}
		e, err := mp.parseMarker(markerFrom)
		if err != nil {
			return r, err
		}
		r.Marker = Marker{expr: e}
	}
	return r, nil
}

// parseSpecsIn parses s[from:to] as a specifier set, reporting errors
// against the whole requirement string.
func parseSpecsIn(s string, from, to int) (pep440.SpecifierSet, error) {
	ss, err := pep440.ParseSpecifierSet(s[:to][from:])
	if err != nil {
		if pe, ok := err.(*pep440.ParseError); ok {
			return ss, &pep440.ParseError{Kind: "requirement", Input: s, Offset: pe.Offset + from, Msg: pe.Msg}
		}
		return ss, err
	}
	// packaging's grammar needs at least one specifier between commas
	// only where it parses them one by one: an empty item is an error here.
	for k, part := range strings.Split(s[from:to], ",") {
		if strings.TrimSpace(part) == "" {
			off := from
			for _, q := range strings.Split(s[from:to], ",")[:k] {
				off += len(q) + 1
			}
			return ss, &pep440.ParseError{Kind: "requirement", Input: s, Offset: off, Msg: "expected a version specifier"}
		}
	}
	return ss, nil
}

// checkURL applies packaging's check: a scheme, and a host unless the
// scheme is file, which needs "file://".
func checkURL(u string) string {
	i := 0
	for i < len(u) && (isAlnum(u[i]) || u[i] == '+' || u[i] == '-' || u[i] == '.') {
		i++
	}
	if i == 0 || i >= len(u) || u[i] != ':' || !(('a' <= u[0] && u[0] <= 'z') || ('A' <= u[0] && u[0] <= 'Z')) {
		return "expected a URL with a scheme (https://..., file://...)"
	}
	scheme := strings.ToLower(u[:i])
	rest := u[i+1:]
	if !strings.HasPrefix(rest, "//") {
		return "expected \"//\" after the URL scheme"
	}
	if scheme == "file" {
		return ""
	}
	host := rest[2:]
	if k := strings.IndexAny(host, "/?#"); k >= 0 {
		host = host[:k]
	}
	if host == "" {
		return "expected a host in the URL"
	}
	return ""
}
