package pep508

import (
	"errors"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep440"
)

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ in, kind, msg string }{
		{"name >=", "requirement", `invalid requirement "name >=": expected a version after ">=" at column 8`},
		{"name>=1.0,<", "requirement", `expected a version after "<" at column 12`},
		{"name[a,", "requirement", "expected an extra name, got the end of the input at column 8"},
		{"name (>=1.0", "requirement", `expected ")" to close "(" (opened at column 6) at column 12`},
		{"name @ foo", "requirement", "expected a URL with a scheme"},
		{"name>=1.0;", "requirement", `expected a marker after ";" at column 11`},
		{"name; os_name == 'a", "requirement", "unterminated string starting with ' at column 18"},
		{"python_version >= ", "marker", `expected a value after ">=" at column 19`},
		{"os_name == 'a' xor b", "marker", `expected "and", "or" or the end of the marker, got "xor b" at column 16`},
		{"Python_version == '3'", "marker", `unknown marker variable "Python_version"`},
		{"python_versionin '3'", "marker", `unknown marker variable "python_versionin"`},
		{"(os_name == 'a'", "marker", `expected ")" to close "(" (opened at column 1)`},
		{"", "marker", "at column 1"},
	} {
		var err error
		if c.kind == "marker" {
			_, err = ParseMarker(c.in)
		} else {
			_, err = ParseRequirement(c.in)
		}
		var pe *pep440.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v is not a *pep440.ParseError", c.in, err)
			continue
		}
		if pe.Input != c.in || pe.Kind != c.kind || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: got %q, want it to contain %q", c.in, err, c.msg)
		}
	}
}

func TestMarkerEvaluate(t *testing.T) {
	env, err := SyntheticEnvironment("3.13.0rc1", "manylinux_2_17_x86_64")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		marker string
		env    Environment
		want   bool
		err    bool
	}{
		{`python_full_version >= "3.8"`, env, true, false}, // pre-release interpreters count
		{`python_version not   in "3.12 3.14"`, env, true, false},
		{`extra == "Security_Extra"`, env.With("extra", "security-extra"), true, false},
		{`"Security.Extra" == extra`, env.With("extra", "security_extra"), true, false},
		{`extra == "tests"`, Environment{}, false, false}, // extra defaults to ""
		{`os_name == "posix"`, Environment{}, false, true},
		{`platform_release ~= "5.4"`, env.With("platform_release", "6.1.0-18-amd64"), false, false},
		{`platform_release != "5.4.0"`, env.With("platform_release", "6.1.0-18-amd64"), true, false},
		{`os_name ~= "posix"`, env, false, true},
		{`python_version == "3.*"`, env, true, false},
		{`python_version == "3.1*"`, env, false, false}, // not a specifier: string equality
		{`sys_platform == "linux" and (platform_machine == "aarch64" or platform_machine == "x86_64")`, env, true, false},
		{`os_name == "nt" or os_name == "posix" and python_version < "3"`, env, false, false},
		{`python_version === "3.13"`, env, true, false},
	} {
		m, err := ParseMarker(c.marker)
		if err != nil {
			t.Fatalf("%q: %v", c.marker, err)
		}
		got, err := m.Evaluate(c.env)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("%q = %v, %v; want %v (error %v)", c.marker, got, err, c.want, c.err)
		}
		var ue *UndefinedError
		if err != nil && !errors.As(err, &ue) {
			t.Errorf("%q: error %T", c.marker, err)
		}
	}
	if ok, err := (Marker{}).Evaluate(nil); !ok || err != nil {
		t.Error("the empty marker must be true")
	}
}

func TestMarkerString(t *testing.T) {
	for in, want := range map[string]string{
		`python_version>'3'`: `python_version > "3"`,
		`os.name=='posix'`:   `os_name == "posix"`,
		`((os_name == 'a' or os_name == 'b')) and extra == 'x'`: `(os_name == "a" or os_name == "b") and extra == "x"`,
		`((os_name == 'a'))`:         `os_name == "a"`,
		`platform_version == 'a"b'`:  `platform_version == 'a"b'`,
		`python_version not	 in '3'`: `python_version not in "3"`,
		`a_or_b`:                     "",
	} {
		m, err := ParseMarker(in)
		if want == "" {
			if err == nil {
				t.Errorf("%q should not parse", in)
			}
			continue
		}
		if err != nil || m.String() != want {
			t.Errorf("%q -> %q, %v; want %q", in, m, err, want)
		}
	}
}

func TestRequirementString(t *testing.T) {
	for in, want := range map[string]string{
		"requests [socks, Security] >= 2.8.1, == 2.8.*": "requests[Security,socks]==2.8.*,>=2.8.1",
		"name (>=1.0 ,<2) ; python_version<'3'":         `name<2,>=1.0; python_version < "3"`,
		"name@https://h/p.whl ; os_name=='nt'":          `name @ https://h/p.whl ; os_name == "nt"`,
		"Name[b,a,b]":                                   "Name[a,b]",
		"name>=v1.0-1,>=1.0.post1":                      "name>=1.0.post1",
	} {
		r, err := ParseRequirement(in)
		if err != nil || r.String() != want {
			t.Errorf("%q -> %q, %v; want %q", in, r, err, want)
		}
	}
	r, _ := ParseRequirement("Zope.Interface_X[Tests]")
	if r.NormalizedName() != "zope-interface-x" {
		t.Error(r.NormalizedName())
	}
}

func TestSyntheticEnvironment(t *testing.T) {
	for _, c := range []struct{ py, plat, key, want string }{
		{"3.11", "linux_x86_64", "python_full_version", "3.11.0"},
		{"3.11.7", "linux_x86_64", "python_full_version", "3.11.7"},
		{"3.11", "linux_x86_64", "python_version", "3.11"},
		{"3.12", "macosx_11_0_arm64", "platform_machine", "arm64"},
		{"3.12", "macosx_11_0_arm64", "sys_platform", "darwin"},
		{"3.12", "macosx_10_9_universal2", "platform_machine", "x86_64"},
		{"3.9", "manylinux2014_aarch64", "platform_machine", "aarch64"},
		{"3.9", "manylinux_2_17_x86_64", "platform_system", "Linux"},
		{"3.9", "musllinux_1_2_armv7l", "platform_machine", "armv7l"},
		{"3.10", "win_amd64", "os_name", "nt"},
		{"3.10", "win32", "platform_machine", "x86"},
		{"3.10", "windows", "sys_platform", "win32"},
		{"3.13.0rc1", "linux", "implementation_version", "3.13.0rc1"},
	} {
		env, err := SyntheticEnvironment(c.py, c.plat)
		if err != nil || env[c.key] != c.want {
			t.Errorf("SyntheticEnvironment(%q, %q)[%s] = %q, %v; want %q", c.py, c.plat, c.key, env[c.key], err, c.want)
		}
		for _, k := range Variables {
			if _, ok := env[k]; !ok && err == nil {
				t.Errorf("%s missing", k)
			}
		}
	}
	for _, c := range [][2]string{{"2.7", "linux"}, {"3", "linux"}, {"3.11", "solaris"}, {"x", "linux"}, {"3.11", "manylinux_2_x86_64"}} {
		if _, err := SyntheticEnvironment(c[0], c[1]); err == nil {
			t.Errorf("SyntheticEnvironment(%q, %q) should fail", c[0], c[1])
		}
	}
}

func TestEvaluateExtras(t *testing.T) {
	env, _ := SyntheticEnvironment("3.11", "linux_x86_64")
	for _, c := range []struct {
		marker string
		extras []string
		want   bool
	}{
		{`extra == "socks"`, nil, false},
		{`extra == "socks"`, []string{"tests", "SOCKS"}, true},
		{`extra == "socks"`, []string{"tests"}, false},
		{`python_version >= "3.8"`, []string{"tests"}, true},
		{`python_version >= "3.8"`, nil, true},
		{`extra != "tests"`, nil, true},
		{`python_version < "3" and extra == "x"`, []string{"x"}, false},
		{"", []string{"x"}, true},
	} {
		var m Marker
		if c.marker != "" {
			var err error
			if m, err = ParseMarker(c.marker); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := m.EvaluateExtras(env.With("extra", "socks"), c.extras); err != nil || got != c.want {
			t.Errorf("%q with extras %v = %v, %v; want %v", c.marker, c.extras, got, err, c.want)
		}
	}
}

// TestSyntheticMatchesInterpreters compares SyntheticEnvironment with the
// environment every pyenv CPython on the machine reported (testdata/gen.py;
// platform_release and platform_version are blank on both sides).
func TestSyntheticMatchesInterpreters(t *testing.T) {
	var real []Environment
	loadJSON(t, "interpreters.json", &real)
	if len(real) == 0 {
		t.Fatal("no interpreters recorded")
	}
	for _, want := range real {
		got, err := SyntheticEnvironment(want["python_full_version"], "linux_"+want["platform_machine"])
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("Python %s: %s = %q, interpreter says %q", want["python_full_version"], k, got[k], v)
			}
		}
	}
}
