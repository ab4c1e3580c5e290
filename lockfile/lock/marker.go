package lock

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// PEP 751 adds two marker variables for lock files, `extras` and
// `dependency_groups`. Both are sets of names, used only as
// `'NAME' in extras` or `'NAME' not in dependency_groups`. The shared PEP 508
// parser (resolver/pep508) knows neither, so this file rewrites each such
// test into a comparison of two literals that is true or false according to
// the requested extras and groups ("1" == "1" or "1" == "0"), and hands the
// result to pep508 for everything else.

// setTest is one `'NAME' [not] in SET` inside a marker.
type setTest struct {
	start, end int    // byte range in the marker text
	set        string // "extras" or "dependency_groups"
	name       string // normalised
	negate     bool
}

// lockMarker is a marker that may hold set tests.
type lockMarker struct {
	text  string
	tests []setTest
}

type mtoken struct {
	start, end int
	kind       byte // 's' string, 'w' word, 'o' other
	val        string
}

func tokenize(s string) ([]mtoken, error) {
	var toks []mtoken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated string starting at column %d", i+1)
			}
			toks = append(toks, mtoken{i, i + 2 + j, 's', s[i+1 : i+1+j]})
			i += j + 2
		case isWordChar(c):
			j := i
			for j < len(s) && isWordChar(s[j]) {
				j++
			}
			toks = append(toks, mtoken{i, j, 'w', s[i:j]})
			i = j
		default:
			toks = append(toks, mtoken{i, i + 1, 'o', s[i : i+1]})
			i++
		}
	}
	return toks, nil
}

func isWordChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.'
}

// compileMarker finds the set tests in s and checks that the rest is a PEP
// 508 marker (with every set test taken as true).
func compileMarker(s string) (*lockMarker, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	m := &lockMarker{text: s}
	for i, t := range toks {
		if t.kind != 'w' || (t.val != "extras" && t.val != "dependency_groups") {
			continue
		}
		k := i - 1
		negate := false
		if k >= 0 && toks[k].kind == 'w' && toks[k].val == "in" {
			k--
			if k >= 0 && toks[k].kind == 'w' && toks[k].val == "not" {
				negate = true
				k--
			}
			if k >= 0 && toks[k].kind == 's' {
				name := toks[k].val
				if !pep508.ValidName(name) {
					return nil, fmt.Errorf("%q is not a valid %s name in %q", name, strings.TrimSuffix(strings.ReplaceAll(t.val, "_", " "), "s"), s[toks[k].start:t.end])
				}
				m.tests = append(m.tests, setTest{toks[k].start, t.end, t.val, wheelname.Normalize(name), negate})
				continue
			}
		}
		return nil, fmt.Errorf("%s is a set: use it only as 'NAME' in %s or 'NAME' not in %s", t.val, t.val, t.val)
	}
	if _, err := m.marker(func(setTest) bool { return true }); err != nil {
		return nil, err
	}
	return m, nil
}

// marker substitutes each set test by a literal comparison with the value
// truth gives it, and parses the result.
func (m *lockMarker) marker(truth func(setTest) bool) (pep508.Marker, error) {
	if len(m.tests) == 0 {
		return pep508.ParseMarker(m.text)
	}
	var b strings.Builder
	last := 0
	for _, t := range m.tests {
		b.WriteString(m.text[last:t.start])
		if truth(t) != t.negate {
			b.WriteString(`"1" == "1"`)
		} else {
			b.WriteString(`"1" == "0"`)
		}
		last = t.end
	}
	b.WriteString(m.text[last:])
	return pep508.ParseMarker(b.String())
}

// evaluate evaluates the marker for env with the given (normalised) extras
// and dependency groups.
func (m *lockMarker) evaluate(env pep508.Environment, extras, groups []string) (bool, error) {
	mk, err := m.marker(func(t setTest) bool {
		if t.set == "extras" {
			return slices.Contains(extras, t.name)
		}
		return slices.Contains(groups, t.name)
	})
	if err != nil {
		return false, err
	}
	return mk.Evaluate(env)
}

// CheckMarker checks a lock file's marker: PEP 508, where the PEP 751 set
// variables `extras` and `dependency_groups` may be tested as
// `'NAME' in SET` or `'NAME' not in SET`.
func CheckMarker(s string) error {
	_, err := compileMarker(s)
	return err
}
