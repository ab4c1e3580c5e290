package pep440

import "testing"

// Requires-Python as projects that still support Python 2.7 write it.
func TestRequiresPythonWithPython27(t *testing.T) {
	set, err := ParseSpecifierSet(">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*")
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]bool{"2.7.18": true, "2.7": true, "2.6.9": false, "3.0.1": false, "3.4.10": false,
		"3.5.10": true, "3.6.15": true, "3.7.16": true, "3.12.1": true} {
		pv, err := Parse(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Contains(pv); got != want {
			t.Errorf("%s: %v, want %v", v, got, want)
		}
	}
	set, _ = ParseSpecifierSet("~=2.7")
	for v, want := range map[string]bool{"2.7.18": true, "3.6.15": false} {
		pv, _ := Parse(v)
		if got := set.Contains(pv); got != want {
			t.Errorf("~=2.7 %s: %v, want %v", v, got, want)
		}
	}
	set, _ = ParseSpecifierSet(">=3.6")
	pv, _ := Parse("2.7.18")
	if set.Contains(pv) {
		t.Error(">=3.6 contains 2.7.18")
	}
}
