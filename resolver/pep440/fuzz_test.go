package pep440

import (
	"strings"
	"testing"
)

func seedCorpus(f *testing.F, file string) {
	for _, s := range []string{"1.0", "v1!2.0a1.post2.dev3+Loc.01", "1.0-1", "1.0.post.", "1.0a..post1",
		"==1.0.*", "~=2.2", "===x", ">=1.0,<", "!=1.0+local", "==1.0.post.*", " 1 ", "", "\x00", "1.0+"} {
		f.Add(s)
	}
	var tab struct {
		Versions   []struct{ In string }
		Specifiers []struct{ In string }
		Sets       []struct{ In string }
	}
	loadJSONFuzz(f, file, &tab)
	for _, r := range tab.Versions {
		f.Add(r.In)
	}
	for _, r := range tab.Specifiers {
		f.Add(r.In)
	}
	for _, r := range tab.Sets {
		f.Add(r.In)
	}
}

func FuzzParseVersion(f *testing.F) {
	seedCorpus(f, "versions.json")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			pe, ok := err.(*ParseError)
			if !ok || pe.Input != s || pe.Column() < 1 || !strings.Contains(err.Error(), "column") {
				t.Fatalf("bad error for %q: %#v", s, err)
			}
			return
		}
		w, err := Parse(v.String())
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", s, v, err)
		}
		if w.String() != v.String() || w.Compare(v) != 0 {
			t.Fatalf("round trip %q -> %q -> %q", s, v, w)
		}
		if v.Public().Compare(v) > 0 || v.BaseVersion().String() == "" {
			t.Fatalf("%q: public %s after version", s, v.Public())
		}
	})
}

func FuzzParseSpecifierSet(f *testing.F) {
	seedCorpus(f, "specifiers.json")
	probe := []Version{MustParse("1.0"), MustParse("1.0a1"), MustParse("1.0.post1"), MustParse("1.0+l"), MustParse("2.2.1")}
	f.Fuzz(func(t *testing.T, s string) {
		if sp, err := ParseSpecifier(s); err == nil {
			sp2, err := ParseSpecifier(sp.String())
			if err != nil || sp2.String() != sp.String() {
				t.Fatalf("specifier round trip %q -> %q -> %v %v", s, sp, sp2, err)
			}
		} else if _, ok := err.(*ParseError); !ok {
			t.Fatalf("bad error type %T", err)
		}
		ss, err := ParseSpecifierSet(s)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("bad error type %T", err)
			}
			return
		}
		ss2, err := ParseSpecifierSet(ss.String())
		if err != nil || ss2.String() != ss.String() {
			t.Fatalf("set round trip %q -> %q -> %q %v", s, ss, ss2, err)
		}
		set, inexact := FromSpecifierSet(ss)
		for _, v := range probe {
			if ss.ContainsPre(v, PreAuto) != ss2.ContainsPre(v, PreAuto) {
				t.Fatalf("%q and %q disagree on %s", ss, ss2, v)
			}
			if len(inexact) == 0 && set.Contains(v) != ss.ContainsPre(v, PreInclude) {
				t.Fatalf("set %s of %q disagrees on %s", set, ss, v)
			}
		}
		_ = ss.Filter(probe, PreAuto)
	})
}
