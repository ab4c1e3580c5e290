package entrypoints

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const sample = `# written by setuptools
[console_scripts]
framework = framework.cli:main
fw-admin = framework.admin:Admin.run [admin, extra_2]

[typeA]
plugin1 = plugin1.typeA:run
plugin.two=plugin2

; a comment
[flake8.extension]
X1 = mod.sub : attr
`

func TestParse(t *testing.T) {
	got, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := []EntryPoint{
		{Group: "console_scripts", Name: "framework", Value: "framework.cli:main", Module: "framework.cli", Attr: "main", Line: 3},
		{Group: "console_scripts", Name: "fw-admin", Value: "framework.admin:Admin.run", Module: "framework.admin", Attr: "Admin.run", Extras: []string{"admin", "extra_2"}, Line: 4},
		{Group: "typeA", Name: "plugin1", Value: "plugin1.typeA:run", Module: "plugin1.typeA", Attr: "run", Line: 7},
		{Group: "typeA", Name: "plugin.two", Value: "plugin2", Module: "plugin2", Line: 8},
		{Group: "flake8.extension", Name: "X1", Value: "mod.sub:attr", Module: "mod.sub", Attr: "attr", Line: 12},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if s := Scripts(got); len(s) != 2 || s[1].Name != "fw-admin" {
		t.Fatalf("Scripts = %+v", s)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, err string
		line          int
	}{
		{"no group", "a = b\n", "before any [group]", 1},
		{"unclosed group", "[a\n", "does not end with ']'", 1},
		{"bad group", "[a b]\n", "group name", 1},
		{"dash group", "[a-b]\n", "group name", 1},
		{"empty group", "[]\n", "group name", 1},
		{"no equals", "[g]\njust text\n", "not name = object", 2},
		{"empty name", "[g]\n = a:b\n", "empty entry point name", 2},
		{"bracket name", "[g]\n[x = a:b\n", "does not end with ']'", 2},
		{"bracket name 2", "[g]\n[x] = a:b\n", "cannot start with '['", 2},
		{"empty ref", "[g]\nx =\n", "not module[:attr]", 2},
		{"digit module", "[g]\nx = 1mod:a\n", "not module[:attr]", 2},
		{"empty attr", "[g]\nx = mod:\n", "not module[:attr]", 2},
		{"two colons", "[g]\nx = a:b:c\n", "not module[:attr]", 2},
		{"dash in module", "[g]\nx = my-mod:a\n", "not module[:attr]", 2},
		{"unclosed extras", "[g]\nx = a:b [e\n", "no closing", 2},
		{"bad extra", "[g]\nx = a:b [e f]\n", "not a valid name", 2},
		{"duplicate", "[g]\nx = a:b\n[h]\nx = a:b\n[g]\nx = c:d\n", "already defined in group [g] on line 2", 6},
		{"not utf8", "[g]\nx = \xff\n", "UTF-8", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var e *Error
			if err == nil || !errors.As(err, &e) || !strings.Contains(err.Error(), tt.err) || e.Line != tt.line {
				t.Fatalf("error = %v, want line %d with %q", err, tt.line, tt.err)
			}
		})
	}
}

func TestCheckScriptName(t *testing.T) {
	tests := []struct {
		name, dist string
		ok         bool
	}{
		{"framework", "framework", true},
		{"pip-compile", "pip-tools", true},
		{"pipx", "pipx", true},
		{"activate-global-python-argcomplete", "argcomplete", true},
		{"python-config-helper", "x", true},
		{"pip", "pip", true},
		{"pip3.11", "PIP", true},
		{"pip", "evil", false},
		{"pip3", "evil", false},
		{"Python", "evil", false},
		{"python3", "evil", false},
		{"python3.13t", "evil", false},
		{"activate", "evil", false},
		{"activate.fish", "evil", false},
		{"activate_this.py", "evil", false},
		{"../x", "evil", false},
		{"a/b", "evil", false},
		{`a\b`, "evil", false},
		{"x\x00", "evil", false},
		{"", "evil", false},
		{"..", "evil", false},
		{"-rf", "evil", false},
		{".hidden", "evil", false},
	}
	for _, tt := range tests {
		err := CheckScriptName(tt.name, tt.dist)
		if (err == nil) != tt.ok {
			t.Errorf("CheckScriptName(%q, %q) = %v, want ok=%v", tt.name, tt.dist, err, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("[a]\nb=c:d [e]\n[a.b]\n=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		eps, err := Parse(data)
		if err != nil {
			return
		}
		for _, ep := range eps {
			if ep.Name == "" || ep.Module == "" || !groupRe().MatchString(ep.Group) || strings.Contains(ep.Name, "=") {
				t.Fatalf("accepted bad entry %+v", ep)
			}
		}
	})
}
