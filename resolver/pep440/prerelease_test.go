package pep440

import (
	"strings"
	"testing"
)

// TestNamesPrerelease: a specifier names a pre-release (and PreAuto then
// accepts pre-releases) with every operator but != when its version is a
// pre- or development release, as current packaging's
// Specifier.prereleases reads it (tests/test_specifiers.py
// test_specifier_prereleases_detection). packaging 21.3 (pip 23.2) answers
// false for < and >.
func TestNamesPrerelease(t *testing.T) {
	for _, c := range []struct {
		spec string
		want bool
	}{
		{"<1.0a2", true},    // 21.3: false
		{">1.0a1", true},    // 21.3: false
		{">1.0.dev1", true}, // 21.3: false
		{"<2.0rc1", true},   // 21.3: false
		{"<1.0.dev1", true}, // 21.3: false
		{"!=1.0a1", false},
		{"!=1.0.dev1", false},
		{"!=1.0a1.*", false},
		{">=1.0a1", true},
		{"<=1.0rc1", true},
		{"==1.0b2", true},
		{"==1.0a1.*", true},
		{"~=1.4.5a4", true},
		{"===1.0a1", true},
		{"===foobar", false},
		{"<1.0", false},
		{">1.0", false},
		{">1.0.post1", false},
		{"==1.*", false},
	} {
		sp, err := ParseSpecifier(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := sp.NamesPrerelease(); got != c.want {
			t.Errorf("%q: NamesPrerelease = %v, want %v", c.spec, got, c.want)
		}
		if got := mustSet(c.spec).NamesPrerelease(); got != c.want {
			t.Errorf("set %q: NamesPrerelease = %v, want %v", c.spec, got, c.want)
		}
	}
	for _, c := range []struct {
		set  string
		want bool
	}{
		{">1.0a1,<2", true},
		{">=1.0,<2.0b1", true},
		{"!=1.0a1,<2", false},
		{">=1.0,<2", false},
		{"", false},
	} {
		if got := mustSet(c.set).NamesPrerelease(); got != c.want {
			t.Errorf("set %q: NamesPrerelease = %v, want %v", c.set, got, c.want)
		}
	}
}

// TestContainsPrereleaseNamed: with PreAuto, a spec that names a
// pre-release with < or > accepts the pre-releases in its range (current
// packaging's prereleases=None); != naming one does not.
func TestContainsPrereleaseNamed(t *testing.T) {
	for _, c := range []struct {
		spec, v string
		want    bool
	}{
		{"<1.0a2", "1.0a1", true},
		{"<1.0a2", "0.9", true},
		{"<1.0a2", "0.9b1", true},
		{"<1.0a2", "1.0a2", false},
		{">1.0a1", "1.0b1", true},
		{">1.0a1", "2.0a1", true},
		{">1.0a1", "1.0a1.post1", false}, // exclusive: 1.0a1's own family
		{">0.0.0a1", "1.0.0a1", true},
		{"!=1.0a1", "1.0a2", false},
		{"!=1.0a1", "1.0", true},
		{"<1.0", "0.9b1", false},
	} {
		ss := mustSet(c.spec)
		if got := ss.Contains(MustParse(c.v)); got != c.want {
			t.Errorf("%q contains %s = %v, want %v", c.spec, c.v, got, c.want)
		}
		sp, _ := ParseSpecifier(c.spec)
		if got := sp.Contains(MustParse(c.v)); got != c.want {
			t.Errorf("specifier %q contains %s = %v, want %v", c.spec, c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		spec, in, want string
	}{
		{">1.0a1", "1.0b1 1.0 2.0a1", "1.0b1 1.0 2.0a1"},
		{"<1.0a2", "0.9 1.0a1 1.0a2", "0.9 1.0a1"},
		{"!=1.0a1", "1.0a1 1.0a2 1.0", "1.0"},
	} {
		var vs []Version
		for _, s := range strings.Fields(c.in) {
			vs = append(vs, MustParse(s))
		}
		var got []string
		for _, v := range mustSet(c.spec).Filter(vs, PreAuto) {
			got = append(got, v.String())
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q filter(%s) = %v, want %s", c.spec, c.in, got, c.want)
		}
	}
}
