package wheelname

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Flask", "flask"},
		{"typing_extensions", "typing-extensions"},
		{"zope.interface", "zope-interface"},
		{"A__B--C..D", "a-b-c-d"},
		{"a-_.b", "a-b"},
		{"-a", "-a"},
		{"a.", "a-"},
		{"ruamel.yaml.clib", "ruamel-yaml-clib"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Escape("Zope.Interface") != "zope_interface" {
		t.Errorf("Escape = %q", Escape("Zope.Interface"))
	}
	if !SameName("Foo_Bar", "foo.bar") || SameName("foobar", "foo-bar") {
		t.Error("SameName")
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"a", "A1", "foo-bar", "foo.bar_baz", "1"} {
		if !ValidName(ok) {
			t.Errorf("ValidName(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "-a", "a-", "a b", "é", "a/b", ".a"} {
		if ValidName(bad) {
			t.Errorf("ValidName(%q) = true", bad)
		}
	}
}

func TestParseWheel(t *testing.T) {
	tests := []struct {
		in                   string
		name, version, build string
		buildNum             int
		tags                 string
		canonical            string
		err                  string
	}{
		{in: "pip-23.2.1-py3-none-any.whl", name: "pip", version: "23.2.1", tags: "py3-none-any"},
		{in: "six-1.16.0-py2.py3-none-any.whl", name: "six", version: "1.16.0", tags: "py2-none-any py3-none-any"},
		{in: "foo_bar-1.0-1abc-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", name: "foo_bar", version: "1.0", build: "1abc", buildNum: 1,
			tags: "cp311-cp311-manylinux_2_17_x86_64 cp311-cp311-manylinux2014_x86_64"},
		{in: "Pkg-1.0-PY3-NONE-ANY.whl", name: "Pkg", version: "1.0", tags: "py3-none-any", canonical: "Pkg-1.0-py3-none-any.whl"},
		{in: "pkg-1.0+local.1-py3-none-any.whl", name: "pkg", version: "1.0+local.1", tags: "py3-none-any"},
		{in: "pkg-1.0-py3-none-any.zip", err: "ends with .whl"},
		{in: "pkg-1.0-none-any.whl", err: "found 4 parts"},
		{in: "my-pkg-1.0-x-py3-none-any.whl", err: "found 7 parts"},
		{in: "pkg-1.0-abc-py3-none-any.whl", err: "must start with a digit"},
		{in: "pkg-1.0-py3-none-any!.whl", err: "invalid tag"},
		{in: "pkg-1.0-py3..py2-none-any.whl", err: "invalid tag"},
		{in: "p$g-1.0-py3-none-any.whl", err: "project name"},
		{in: "-1.0-py3-none-any.whl", err: "project name"},
		{in: "pkg--py3-none-any.whl", err: "empty version"},
		{in: "pkg-1/0-py3-none-any.whl", err: "not a path"},
		{in: "../pkg-1.0-py3-none-any.whl", err: "not a path"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			w, err := ParseWheel(tt.in)
			if tt.err != "" {
				var fe *Error
				if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), tt.in) {
					t.Fatalf("ParseWheel(%q) error = %v, want *Error containing %q and the filename", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ts []string
			for _, tg := range w.Tags() {
				ts = append(ts, tg.String())
			}
			if w.Name != tt.name || w.Version != tt.version || w.Build != tt.build || w.BuildNumber != tt.buildNum || strings.Join(ts, " ") != tt.tags {
				t.Fatalf("got %+v tags %v", w, ts)
			}
			canonical := tt.canonical
			if canonical == "" {
				canonical = tt.in
			}
			if w.String() != canonical {
				t.Fatalf("String() = %q, want %q", w.String(), canonical)
			}
		})
	}
}

func TestParseSdist(t *testing.T) {
	tests := []struct {
		in, name, version, ext, err string
	}{
		{in: "framework-0.0.1.tar.gz", name: "framework", version: "0.0.1", ext: ".tar.gz"},
		{in: "foo_bar-2.0rc1.zip", name: "foo_bar", version: "2.0rc1", ext: ".zip"},
		{in: "foo-bar-1.0.tar.gz", name: "foo-bar", version: "1.0", ext: ".tar.gz"},
		{in: "foo.tar.gz", err: "no '-'"},
		{in: "foo-1.0.tar.bz2", err: ".tar.gz or .zip"},
		{in: "foo-.tar.gz", err: "empty version"},
		{in: "-1.0.tar.gz", err: "not a valid name"},
		{in: "foo-1 0.zip", err: "invalid character"},
	}
	for _, tt := range tests {
		s, err := ParseSdist(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseSdist(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || s.Name != tt.name || s.Version != tt.version || s.Ext != tt.ext {
			t.Errorf("ParseSdist(%q) = %+v, %v", tt.in, s, err)
		}
	}
}

func FuzzParseWheel(f *testing.F) {
	for _, s := range []string{"pip-23.2.1-py3-none-any.whl", "a-1-2b-py2.py3-none-any.whl", "a-b-c-d-e-f-g.whl", "--.whl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWheel(s)
		if err != nil {
			return
		}
		// a parsed name must parse again to the same thing
		w2, err := ParseWheel(w.String())
		if err != nil || w2.String() != w.String() || len(w.Tags()) == 0 {
			t.Fatalf("ParseWheel(%q) = %q, reparse %v", s, w.String(), err)
		}
	})
}

func FuzzParseSdist(f *testing.F) {
	for _, s := range []string{"framework-0.0.1.tar.gz", "a-b-1.zip", "-.zip"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if sd, err := ParseSdist(s); err == nil && (sd.Name == "" || sd.Version == "") {
			t.Fatalf("ParseSdist(%q) = %+v", s, sd)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Normalize("Zope.Interface__Extra")
	}
}
