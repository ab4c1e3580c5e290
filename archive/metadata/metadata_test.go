package metadata

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseHeaders(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		headers Headers
		body    string
	}{
		{"simple", "A: 1\nB: two words\n\nbody\n", Headers{{"A", "1"}, {"B", "two words"}}, "body\n"},
		{"crlf", "A: 1\r\nB: 2\r\n\r\nbody", Headers{{"A", "1"}, {"B", "2"}}, "body"},
		{"continuation", "A: 1\n  more\n\tand more\nB:x\n", Headers{{"A", "1\n  more\n\tand more"}, {"B", "x"}}, ""},
		{"repeated", "C: a\nC: b\n", Headers{{"C", "a"}, {"C", "b"}}, ""},
		{"no blank line before body", "A: 1\nthis is text\nmore\n", Headers{{"A", "1"}}, "this is text\nmore\n"},
		{"empty value", "A:\nB: \n", Headers{{"A", ""}, {"B", ""}}, ""},
		{"colon in value", "Project-URL: Home, https://x.org\n", Headers{{"Project-URL", "Home, https://x.org"}}, ""},
		{"bom", "\uFEFFA: 1\n", Headers{{"A", "1"}}, ""},
		{"invalid utf8", "A: \xff\n", Headers{{"A", "\uFFFD"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, body := ParseHeaders([]byte(tt.in))
			if !reflect.DeepEqual(h, tt.headers) || body != tt.body {
				t.Fatalf("got %q body %q; want %q body %q", h, body, tt.headers, tt.body)
			}
		})
	}
	h := Headers{{"Name", "a"}, {"name", "b"}}
	if v, _ := h.Get("NAME"); v != "a" || len(h.Values("nAmE")) != 2 {
		t.Fatal("Get/Values must ignore case")
	}
}

const meta21 = `Metadata-Version: 2.1
Name: framework
Version: 0.0.1
Summary: A framework
Home-page: https://example.org
Requires-Python: >=3.8
Requires-Dist: requests (>=2.0)
Requires-Dist: pytest ; extra == "test"
Provides-Extra: test
Classifier: Programming Language :: Python :: 3
Classifier: License :: OSI Approved :: MIT License
Project-URL: Source, https://example.org/src
Description-Content-Type: text/markdown
X-Unknown: kept

# Framework

The long description.
`

func TestParse(t *testing.T) {
	m, err := Parse([]byte(meta21))
	if err != nil {
		t.Fatal(err)
	}
	want := &Metadata{
		MetadataVersion: "2.1", Name: "framework", Version: "0.0.1", Summary: "A framework",
		HomePage: "https://example.org", RequiresPython: ">=3.8",
		RequiresDist:           []string{"requests (>=2.0)", `pytest ; extra == "test"`},
		ProvidesExtra:          []string{"test"},
		Classifiers:            []string{"Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License"},
		ProjectURLs:            []string{"Source, https://example.org/src"},
		DescriptionContentType: "text/markdown",
		Description:            "# Framework\n\nThe long description.\n",
	}
	m.Headers = nil
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got  %+v\nwant %+v", m, want)
	}
}

func TestParseVersions(t *testing.T) {
	tests := []struct {
		in      string
		err     string
		warning bool
	}{
		{"Metadata-Version: 1.0\nName: a\nVersion: 1\n", "", false},
		{"Metadata-Version: 1.1\nName: a\nVersion: 1\nRequires: os\nProvides: a\n", "", false},
		{"Metadata-Version: 1.2\nName: a\nVersion: 1\n", "", false},
		{"Metadata-Version: 2.0\nName: a\nVersion: 1\n", "", false},
		{"Metadata-Version: 2.2\nName: a\nVersion: 1\nDynamic: Requires-Dist\n", "", false},
		{"Metadata-Version: 2.3\nName: a\nVersion: 1\n", "", false},
		{"Metadata-Version: 2.4\nName: a\nVersion: 1\nLicense-Expression: MIT\nLicense-File: LICENSE\n", "", false},
		{"Metadata-Version: 2.5\nName: a\nVersion: 1\n", "", true},
		{"Metadata-Version: 3.0\nName: a\nVersion: 1\n", "not supported", false},
		{"Metadata-Version: two\nName: a\nVersion: 1\n", "not MAJOR.MINOR", false},
		{"Name: a\nVersion: 1\n", "no Metadata-Version", false},
		{"Metadata-Version: 2.1\nVersion: 1\n", "no Name", false},
		{"Metadata-Version: 2.1\nName: a\n", "no Version", false},
		{"Metadata-Version: 2.1\nName: -bad-\nVersion: 1\n", "not a valid project name", false},
	}
	for _, tt := range tests {
		m, err := Parse([]byte(tt.in))
		if tt.err != "" {
			var me *Error
			if err == nil || !errors.As(err, &me) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if (len(m.Warnings) > 0) != tt.warning {
			t.Errorf("Parse(%q) warnings %q, want warning=%v", tt.in, m.Warnings, tt.warning)
		}
	}
}

func TestDescriptionField(t *testing.T) {
	in := "Metadata-Version: 1.2\nName: a\nVersion: 1\nDescription: Title\n        =====\n       |\n        text\n"
	m, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if m.Description != "Title\n=====\n\ntext" {
		t.Fatalf("Description = %q", m.Description)
	}
	m, _ = Parse([]byte("Metadata-Version: 2.1\nName: a\nVersion: 1\nSummary: one\n  two\n"))
	if m.Summary != "one two" {
		t.Fatalf("folded Summary = %q", m.Summary)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(meta21))
	f.Add([]byte("Metadata-Version: 1.0\nName: a\nVersion: 1\n\n"))
	f.Add([]byte("A:\n \n\t\n:\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, _ := ParseHeaders(data)
		for _, f := range h {
			if !validFieldName(f.Name) {
				t.Fatalf("invalid field name %q", f.Name)
			}
		}
		if m, err := Parse(data); err == nil && (m.Name == "" || m.Version == "") {
			t.Fatalf("accepted without name/version: %+v", m)
		}
	})
}

func TestStaticDependencies(t *testing.T) {
	tests := []struct {
		name, pkgInfo string
		ok            bool
		why           string
	}{
		{"2.2 without Dynamic", "Metadata-Version: 2.2\nName: a\nVersion: 1\nRequires-Dist: b\n", true, ""},
		{"2.4, other fields dynamic", "Metadata-Version: 2.4\nName: a\nVersion: 1\nDynamic: Classifier\nDynamic: Summary\n", true, ""},
		{"2.3, no dependencies at all", "Metadata-Version: 2.3\nName: a\nVersion: 1\n", true, ""},
		{"a later 2.x", "Metadata-Version: 2.7\nName: a\nVersion: 1\n", true, ""},
		{"2.1", "Metadata-Version: 2.1\nName: a\nVersion: 1\nRequires-Dist: b\n", false, "Metadata-Version 2.1, before 2.2"},
		{"1.2", "Metadata-Version: 1.2\nName: a\nVersion: 1\n", false, "Metadata-Version 1.2, before 2.2"},
		{"Requires-Dist dynamic", "Metadata-Version: 2.2\nName: a\nVersion: 1\nDynamic: Requires-Dist\n", false, "marks Requires-Dist as Dynamic"},
		{"Requires-Python dynamic, any case", "Metadata-Version: 2.2\nName: a\nVersion: 1\nDynamic: requires-python\n", false, "marks requires-python as Dynamic"},
	}
	for _, tt := range tests {
		m, err := Parse([]byte(tt.pkgInfo))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		ok, why := m.StaticDependencies()
		if ok != tt.ok || !strings.Contains(why, tt.why) || (tt.ok && why != "") {
			t.Errorf("%s: %v %q, want %v %q", tt.name, ok, why, tt.ok, tt.why)
		}
	}
}
