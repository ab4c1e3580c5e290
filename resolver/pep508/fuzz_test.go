package pep508

import (
	"errors"
	"testing"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

func fuzzEnvs(t testing.TB) []Environment {
	var tab markerTable
	loadJSON(t, "markers.json", &tab)
	var out []Environment
	for _, e := range tab.Environments {
		out = append(out, e)
	}
	return out
}

func FuzzParseMarker(f *testing.F) {
	var tab markerTable
	loadJSON(f, "markers.json", &tab)
	for _, r := range tab.Markers {
		f.Add(r.In)
	}
	envs := fuzzEnvs(f)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMarker(s)
		if err != nil {
			var pe *pep440.ParseError
			if !errors.As(err, &pe) || pe.Input != s {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		m2, err := ParseMarker(m.String())
		if err != nil || m2.String() != m.String() {
			t.Fatalf("round trip %q -> %q -> %q %v", s, m, m2, err)
		}
		for _, env := range envs {
			a, errA := m.Evaluate(env)
			b, errB := m2.Evaluate(env)
			if a != b || (errA == nil) != (errB == nil) {
				t.Fatalf("%q and %q evaluate differently", m, m2)
			}
		}
	})
}

func FuzzParseRequirement(f *testing.F) {
	var rows []struct{ In string }
	loadJSON(f, "requirements.json", &rows)
	for _, r := range rows {
		f.Add(r.In)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRequirement(s)
		if err != nil {
			var pe *pep440.ParseError
			if !errors.As(err, &pe) || pe.Input != s || pe.Column() < 1 {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		r2, err := ParseRequirement(r.String())
		if err != nil || r2.String() != r.String() {
			t.Fatalf("round trip %q -> %q -> %q %v", s, r, r2, err)
		}
		if r2.Name != r.Name || r2.URL != r.URL || r2.Specifier.String() != r.Specifier.String() {
			t.Fatalf("fields changed in round trip of %q", s)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Foo.Bar", "a--b", "-", "", "ÄB_c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := wheelname.Normalize(s)
		if wheelname.Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %q: %q", s, n)
		}
		if ValidName(s) != (CheckName(s) == nil) {
			t.Fatalf("ValidName and CheckName disagree on %q", s)
		}
	})
}
