package pep508

import (
	"errors"
	"testing"
)

// Comparisons of marker values that are not versions (issue 16, item 3).
// === needs a version on the right: against anything else it is undefined,
// as current packaging answers (tests/test_markers.py
// test_arbitrary_equality_on_non_version_key_is_undefined; 21.3 compared the
// strings). Ordered comparisons keep PEP 508's text, Python's string
// comparison; current packaging answers false for < and > and equality for
// <= and >= there (test_new_string_rules), a difference docs/versions.md
// lists.
func TestCompareNonVersionValues(t *testing.T) {
	env := Environment{
		"os_name": "posix", "sys_platform": "linux", "platform_machine": "x86_64",
		"python_version": "3.11", "python_full_version": "3.11.7", "platform_version": "#1",
		"platform_release": "6.1.0-18-amd64",
	}
	for _, c := range []struct {
		marker string
		want   string // T, F or E (an *UndefinedError)
	}{
		{`os_name === 'posix'`, "E"},
		{`sys_platform === 'linux'`, "E"},
		{`os_name === 'nt'`, "E"},
		{`'posix' === os_name`, "E"},
		{`platform_version === '#1'`, "E"},
		{`python_version === 'foo'`, "E"},
		{`os_name == 'posix' or os_name === 'posix'`, "E"},
		{`python_version === '3.11'`, "T"},
		{`python_version === '3.11.0'`, "F"},
		{`os_name === '1.0'`, "F"}, // only the environment's value is not a version
		{`os_name ~= 'posix'`, "E"},
		{`os_name ~= '1.0'`, "F"},
		// PEP 508's string comparison, kept.
		{`'b' > 'a'`, "T"},
		{`'b' < 'a'`, "F"},
		{`'b' >= 'a'`, "T"},
		{`'a' <= 'b'`, "T"},
		{`platform_machine >= 'x86'`, "T"},
		{`platform_machine < 'x86'`, "F"},
		{`platform_release > '5.4.0'`, "T"},
		{`os_name == 'posix'`, "T"},
	} {
		m, err := ParseMarker(c.marker)
		if err != nil {
			t.Fatalf("ParseMarker(%q): %v", c.marker, err)
		}
		ok, err := m.Evaluate(env)
		got := "F"
		switch {
		case err != nil:
			got = "E"
			var ue *UndefinedError
			if !errors.As(err, &ue) {
				t.Errorf("%s: error %T is not an *UndefinedError", c.marker, err)
			}
		case ok:
			got = "T"
		}
		if got != c.want {
			t.Errorf("%s = %s (%v), want %s", c.marker, got, err, c.want)
		}
	}
}
