package pep508

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// Tables under testdata/ come from testdata/gen.py (pip's vendored
// packaging); rows marked "deviation" hold fwenv's deliberate answer, with
// packaging 21.3's in "ref".

func loadJSON(t testing.TB, name string, into any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestReferenceNames(t *testing.T) {
	var rows []struct {
		In, Norm string
		Valid    bool
	}
	loadJSON(t, "names.json", &rows)
	for _, r := range rows {
		if ValidName(r.In) != r.Valid || (CheckName(r.In) == nil) != r.Valid {
			t.Errorf("ValidName(%q) = %v, CheckName = %v, packaging %v", r.In, ValidName(r.In), CheckName(r.In), r.Valid)
		}
		if wheelname.Normalize(r.In) != r.Norm {
			t.Errorf("wheelname.Normalize(%q) = %q, packaging %q", r.In, wheelname.Normalize(r.In), r.Norm)
		}
	}
}

type markerTable struct {
	Environments map[string]Environment
	Markers      []struct {
		In, Str, Deviation string
		Valid              bool
		StrDiffers         bool `json:"str_differs"`
		Eval, Ref          map[string]string
	}
}

func evalCode(m Marker, env Environment) string {
	ok, err := m.Evaluate(env)
	switch {
	case err != nil:
		return "E"
	case ok:
		return "T"
	}
	return "F"
}

func TestReferenceMarkers(t *testing.T) {
	var tab markerTable
	loadJSON(t, "markers.json", &tab)
	if len(tab.Markers) < 1000 {
		t.Fatalf("only %d markers", len(tab.Markers))
	}
	for _, r := range tab.Markers {
		m, err := ParseMarker(r.In)
		if (err == nil) != r.Valid {
			t.Errorf("ParseMarker(%q): err=%v, packaging valid=%v", r.In, err, r.Valid)
			continue
		}
		if err != nil {
			if _, ok := err.(*pep440.ParseError); !ok {
				t.Errorf("ParseMarker(%q): error %T", r.In, err)
			}
			continue
		}
		if !r.StrDiffers && m.String() != r.Str {
			t.Errorf("ParseMarker(%q).String() = %q, packaging %q", r.In, m, r.Str)
		}
		for name, env := range tab.Environments {
			if got := evalCode(m, env); got != r.Eval[name] {
				t.Errorf("%q on %s = %s, want %s (packaging 21.3: %s) %s", r.In, name, got, r.Eval[name], r.Ref[name], r.Deviation)
			}
		}
		// String round-trips to an equivalent marker.
		m2, err := ParseMarker(m.String())
		if err != nil || m2.String() != m.String() {
			t.Errorf("round trip of %q: %q -> %q, %v", r.In, m, m2, err)
			continue
		}
		for name, env := range tab.Environments {
			if evalCode(m2, env) != r.Eval[name] {
				t.Errorf("%q reprinted as %q evaluates differently on %s", r.In, m, name)
			}
		}
	}
}

func TestReferenceRequirements(t *testing.T) {
	var rows []struct {
		In, Name, Specifier, URL, Marker string
		Extras                           []string
		Valid                            bool
		StrDiffers                       bool `json:"str_differs"`
		Eval                             map[string]string
	}
	loadJSON(t, "requirements.json", &rows)
	var tab markerTable
	loadJSON(t, "markers.json", &tab)
	for _, r := range rows {
		req, err := ParseRequirement(r.In)
		if (err == nil) != r.Valid {
			t.Errorf("ParseRequirement(%q): err=%v, packaging valid=%v", r.In, err, r.Valid)
			continue
		}
		if err != nil {
			if _, ok := err.(*pep440.ParseError); !ok {
				t.Errorf("ParseRequirement(%q): error %T", r.In, err)
			}
			continue
		}
		if req.Name != r.Name || req.Specifier.String() != r.Specifier || req.URL != r.URL || len(req.Extras) != len(r.Extras) {
			t.Errorf("ParseRequirement(%q) = name %q extras %q spec %q url %q; want %q %q %q %q", r.In,
				req.Name, req.Extras, req.Specifier, req.URL, r.Name, r.Extras, r.Specifier, r.URL)
			continue
		}
		for i := range r.Extras {
			if req.Extras[i] != r.Extras[i] {
				t.Errorf("%q extras %q, want %q", r.In, req.Extras, r.Extras)
			}
		}
		if !r.StrDiffers && req.Marker.String() != r.Marker {
			t.Errorf("%q marker %q, want %q", r.In, req.Marker, r.Marker)
		}
		for name, env := range tab.Environments {
			if r.Marker != "" && evalCode(req.Marker, env) != r.Eval[name] {
				t.Errorf("%q marker on %s = %s, want %s", r.In, name, evalCode(req.Marker, env), r.Eval[name])
			}
		}
		again, err := ParseRequirement(req.String())
		if err != nil || again.String() != req.String() {
			t.Errorf("round trip %q -> %q -> %q, %v", r.In, req, again, err)
		}
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
