package pep440

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tables under testdata/ are produced by testdata/gen.py from pip's
// vendored packaging; see that script for what each field means.

func loadJSON(t *testing.T, name string, into any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestReferenceVersions(t *testing.T) {
	var tab struct {
		Versions []struct {
			In, Norm, Public, Base, Local string
			Valid, Pre, Post, Dev         bool
		}
		Order []struct {
			V    string
			Rank int
		}
	}
	loadJSON(t, "versions.json", &tab)
	if len(tab.Versions) < 1000 || len(tab.Order) < 1000 {
		t.Fatalf("table too small: %d versions, %d ordered", len(tab.Versions), len(tab.Order))
	}
	for _, r := range tab.Versions {
		v, err := Parse(r.In)
		if (err == nil) != r.Valid {
			t.Errorf("Parse(%q): err=%v, packaging valid=%v", r.In, err, r.Valid)
			continue
		}
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Errorf("Parse(%q): error %T is not a *ParseError", r.In, err)
			}
			continue
		}
		if v.String() != r.Norm {
			t.Errorf("Parse(%q) = %q, packaging %q", r.In, v, r.Norm)
		}
		if v.Public().String() != r.Public || v.BaseVersion().String() != r.Base || v.Local() != r.Local {
			t.Errorf("%q: public/base/local = %q/%q/%q, packaging %q/%q/%q", r.In,
				v.Public(), v.BaseVersion(), v.Local(), r.Public, r.Base, r.Local)
		}
		if v.IsPrerelease() != r.Pre || v.IsPostrelease() != r.Post || v.IsDevrelease() != r.Dev {
			t.Errorf("%q: pre/post/dev = %v/%v/%v, packaging %v/%v/%v", r.In,
				v.IsPrerelease(), v.IsPostrelease(), v.IsDevrelease(), r.Pre, r.Post, r.Dev)
		}
		if !v.Public().Equal(MustParse(r.Public)) || !v.BaseVersion().Equal(MustParse(r.Base)) {
			t.Errorf("%q: Public()/BaseVersion() keys differ from parsing their strings", r.In)
		}
	}
	vs := make([]Version, len(tab.Order))
	for i, o := range tab.Order {
		vs[i] = MustParse(o.V)
	}
	bad := 0
	for i := range vs {
		for j := range vs {
			want := sign(tab.Order[i].Rank - tab.Order[j].Rank)
			if got := vs[i].Compare(vs[j]); got != want && bad < 20 {
				bad++
				t.Errorf("Compare(%s, %s) = %d, packaging %d", vs[i], vs[j], got, want)
			}
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestReferenceSpecifiers(t *testing.T) {
	var tab struct {
		Specifiers, Sets []struct {
			In, Canon          string
			Valid, Prereleases bool
		}
	}
	loadJSON(t, "specifiers.json", &tab)
	for _, r := range tab.Specifiers {
		sp, err := ParseSpecifier(r.In)
		if (err == nil) != r.Valid {
			t.Errorf("ParseSpecifier(%q): err=%v, packaging valid=%v", r.In, err, r.Valid)
			continue
		}
		if err != nil {
			continue
		}
		if sp.String() != r.Canon || sp.NamesPrerelease() != r.Prereleases {
			t.Errorf("ParseSpecifier(%q) = %q pre=%v, want %q pre=%v", r.In, sp, sp.NamesPrerelease(), r.Canon, r.Prereleases)
		}
	}
	for _, r := range tab.Sets {
		ss, err := ParseSpecifierSet(r.In)
		if (err == nil) != r.Valid {
			t.Errorf("ParseSpecifierSet(%q): err=%v, packaging valid=%v", r.In, err, r.Valid)
			continue
		}
		if err != nil {
			continue
		}
		if ss.String() != r.Canon || ss.NamesPrerelease() != r.Prereleases {
			t.Errorf("ParseSpecifierSet(%q) = %q pre=%v, want %q pre=%v", r.In, ss, ss.NamesPrerelease(), r.Canon, r.Prereleases)
		}
	}
}

func TestReferenceContains(t *testing.T) {
	var tab struct {
		Versions []string
		Cases    []struct {
			Spec, None, True, False string
			Deviation               string
		}
	}
	loadJSON(t, "contains.json", &tab)
	vs := make([]Version, len(tab.Versions))
	for i, s := range tab.Versions {
		vs[i] = MustParse(s)
	}
	for _, c := range tab.Cases {
		ss, err := ParseSpecifierSet(c.Spec)
		if err != nil {
			t.Errorf("ParseSpecifierSet(%q): %v", c.Spec, err)
			continue
		}
		for _, m := range []struct {
			pre  Prereleases
			want string
		}{{PreAuto, c.None}, {PreInclude, c.True}, {PreExclude, c.False}} {
			var got strings.Builder
			for _, v := range vs {
				if ss.ContainsPre(v, m.pre) {
					got.WriteByte('1')
				} else {
					got.WriteByte('0')
				}
			}
			if got.String() != m.want {
				for i := range vs {
					if got.String()[i] != m.want[i] {
						t.Errorf("%q contains %s (pre=%d) = %c, want %c %s", c.Spec, vs[i], m.pre, got.String()[i], m.want[i], c.Deviation)
					}
				}
			}
		}
		// A single clause must agree with the set made of it.
		if sp, err := ParseSpecifier(c.Spec); err == nil && ss.Len() == 1 {
			for i, v := range vs {
				if sp.Contains(v) != (c.None[i] == '1') {
					t.Errorf("Specifier %q contains %s = %v", c.Spec, v, sp.Contains(v))
				}
			}
		}
	}
}

func TestReferenceFilter(t *testing.T) {
	var tab struct {
		Cases []struct {
			Spec              string
			Versions          []string
			None, True, False []string
		}
	}
	loadJSON(t, "filter.json", &tab)
	for _, c := range tab.Cases {
		ss, err := ParseSpecifierSet(c.Spec)
		if err != nil {
			t.Fatal(err)
		}
		vs := make([]Version, len(c.Versions))
		for i, s := range c.Versions {
			vs[i] = MustParse(s)
		}
		for _, m := range []struct {
			pre  Prereleases
			want []string
		}{{PreAuto, c.None}, {PreInclude, c.True}, {PreExclude, c.False}} {
			got := ss.Filter(vs, m.pre)
			gs := make([]string, len(got))
			for i, v := range got {
				gs[i] = v.String()
			}
			if strings.Join(gs, " ") != strings.Join(m.want, " ") {
				t.Errorf("%q filter(%v, pre=%d) = %v, want %v", c.Spec, c.Versions, m.pre, gs, m.want)
			}
		}
	}
}

func loadJSONFuzz(f *testing.F, name string, into any) {
	b, err := os.ReadFile(filepath.Join(testdataDir(), name))
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		f.Fatal(err)
	}
}

// testdataDir is testdata/, or $FWENV_PEP_TESTDATA for tables generated with
// another seed (testdata/gen.py OUTDIR SEED).
func testdataDir() string {
	if d := os.Getenv("FWENV_PEP_TESTDATA"); d != "" {
		return d
	}
	return "testdata"
}
