package fwlock

import (
	"errors"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

// goldenText is the seed bundle as Marshal writes it.
func goldenText(t *testing.T) string {
	t.Helper()
	b, err := Marshal(seedBundle())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("test setup: %q not in the golden text", old)
	}
	return strings.Replace(s, old, new, 1)
}

// TestParseRefuses edits a valid lock file the way a damaged file, a hand
// edit or a newer fwenv would, and checks what the user is told: the file,
// the line, the package and the words of the message and of the hint.
func TestParseRefuses(t *testing.T) {
	const setuptools = "  - name: setuptools\n    version: 65.5.0\n"
	const setuptoolsSHA = "d76756e398ad57976779cb82a6529264f62a3ddb0b48d1f0ccc95559f5de7e23"
	tests := []struct {
		name    string
		edit    func(t *testing.T, s string) string
		pkg     string // the package the error must name ("" for none)
		line    int    // the line the error must name (0: do not check)
		msg     []string
		hint    string
		wantErr bool
	}{
		{name: "newer version", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, replaceOnce(t, s, "version: 1\n", "version: 2\n"), "kind: bundle\n", "kind: bundle\nfuture-key: x\n")
		}, line: 3, msg: []string{"format version 2", "made by a newer fwenv", "upgrade fwenv"}, hint: "upgrade fwenv"},
		{name: "missing version", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "version: 1\n", "")
		}, msg: []string{"no format version"}, hint: "regenerate"},
		{name: "version zero", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "version: 1\n", "version: 0\n")
		}, line: 3, msg: []string{"unknown lock format version 0"}},
		{name: "version not a number", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "version: 1\n", "version: one\n")
		}, line: 3, msg: []string{"whole number", `"one"`}},
		{name: "unknown kind", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "kind: bundle\n", "kind: bunch\n")
		}, line: 5, msg: []string{`unknown kind "bunch"`}},
		{name: "missing kind", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "kind: bundle\n", "")
		}, msg: []string{"no kind"}},
		{name: "unknown top-level key", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "kind: bundle\n", "kind: bundle\nmirror: x\n")
		}, line: 6, msg: []string{`unknown key "mirror" at the top level`}, hint: "regenerate"},
		{name: "unknown key in a package", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, setuptools, setuptools+"    yanked: true\n")
		}, pkg: "setuptools", msg: []string{`unknown key "yanked" in a package`}},
		{name: "unknown key in an artifact", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        size: 64750\n", "        size: 64750\n        md5: abc\n")
		}, pkg: "wheel", msg: []string{`unknown key "md5" in an artifact`}},
		{name: "wrong type", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "size: 64750", "size: big")
		}, pkg: "wheel", msg: []string{"damaged", "expected a whole number", "big"}, hint: "regenerate"},
		{name: "repeated key", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "kind: bundle\n", "kind: bundle\nkind: lock\n")
		}, line: 6, msg: []string{"damaged", `key "kind" appears twice (first at line 5)`}},
		{name: "missing target python", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "  python: 3.11.7\n", "")
		}, msg: []string{"no Python version"}},
		{name: "package without name", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "  - name: setuptools\n    version", "  - version")
		}, msg: []string{"package #5 has no name"}},
		{name: "package without version", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, setuptools, "  - name: setuptools\n")
		}, pkg: "setuptools", msg: []string{"has no version"}},
		{name: "version not PEP 440", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, setuptools, "  - name: setuptools\n    version: latest\n")
		}, pkg: "setuptools", msg: []string{`version "latest" is not a PEP 440 version`}},
		{name: "name not PEP 508", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "  - name: setuptools\n", "  - name: setup tools\n")
		}, pkg: `"setup tools"`, msg: []string{"not a valid project name"}},
		{name: "no source", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, setuptools+"    build-only: true\n    source:\n      index: https://pypi.org/simple\n", setuptools+"    build-only: true\n")
		}, pkg: "setuptools", msg: []string{"has no source"}},
		{name: "several sources", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "      index: https://pypi.org/simple\n    artifacts:\n      - file: setuptools", "      index: https://pypi.org/simple\n      url: https://example.com/s.whl\n    artifacts:\n      - file: setuptools")
		}, pkg: "setuptools", msg: []string{"several sources (index and url)"}},
		{name: "artifact without sha256", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        sha256: "+setuptoolsSHA+"\n", "")
		}, pkg: "setuptools", msg: []string{"artifact setuptools-65.5.0-py3-none-any.whl has no sha256"}},
		{name: "malformed sha256", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, setuptoolsSHA, strings.ToUpper(setuptoolsSHA))
		}, pkg: "setuptools", msg: []string{"sha256", "not 64 lower-case hex digits"}},
		{name: "short sha256", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, setuptoolsSHA, setuptoolsSHA[:40])
		}, pkg: "setuptools", msg: []string{"not 64 lower-case hex digits"}},
		{name: "artifact without size", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        size: 1232695\n", "")
		}, pkg: "setuptools", msg: []string{"has no size"}},
		{name: "artifact kind does not match file", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        kind: wheel\n        path: setuptools", "        kind: sdist\n        path: setuptools")
		}, pkg: "setuptools", msg: []string{`kind "sdist" does not match the file name`}},
		{name: "duplicate package", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "  - name: wheel\n    version: 0.41.2\n", "  - name: SetupTools\n    version: 65.5.0\n")
		}, pkg: "SetupTools", msg: []string{"listed twice at version 65.5.0"}},
		{name: "duplicate package, same version spelled differently", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "  - name: wheel\n    version: 0.41.2\n", "  - name: setuptools\n    version: 65.5.0.0\n")
		}, pkg: "setuptools", msg: []string{"listed twice"}},
		{name: "credentials in the index URL", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "      index: https://pypi.org/simple\n    artifacts:\n      - file: setuptools", "      index: https://alice:s3cret@pypi.example.com/simple\n    artifacts:\n      - file: setuptools")
		}, pkg: "setuptools", msg: []string{"credentials", "user:password@"}, hint: "remove the user name and password"},
		{name: "token in an artifact URL", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        size: 64750\n", "        size: 64750\n        url: https://s3cret@files.example.com/w.whl\n")
		}, pkg: "wheel", msg: []string{"credentials"}},
		{name: "credentials in a requirement", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "  - framework==0.0.1\n", "  - framework @ https://alice:s3cret@git.example.com/f.tar.gz\n")
		}, line: 24, msg: []string{"credentials"}},
		{name: "absolute artifact path", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        path: wheel-0.41.2-py3-none-any.whl\n", "        path: /etc/passwd\n")
		}, pkg: "wheel", msg: []string{`path "/etc/passwd" is absolute`}, hint: "must not point outside"},
		{name: "escaping artifact path", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        path: wheel-0.41.2-py3-none-any.whl\n", "        path: ../wheel-0.41.2-py3-none-any.whl\n")
		}, pkg: "wheel", msg: []string{"leaves the lock file's folder"}},
		{name: "escaping artifact path in the middle", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        path: wheel-0.41.2-py3-none-any.whl\n", "        path: sub/../../x.whl\n")
		}, pkg: "wheel", msg: []string{"leaves the lock file's folder"}},
		{name: "bundle artifact without path", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "        path: wheel-0.41.2-py3-none-any.whl\n", "")
		}, pkg: "wheel", msg: []string{"has no path"}},
		{name: "bad marker", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "    build-only: true\n    source:\n      index: https://pypi.org/simple\n    artifacts:\n      - file: wheel", "    build-only: true\n    markers: python_version >>> '3'\n    source:\n      index: https://pypi.org/simple\n    artifacts:\n      - file: wheel")
		}, pkg: "wheel", msg: []string{"markers"}},
		{name: "not YAML", edit: func(t *testing.T, s string) string {
			return replaceOnce(t, s, "    dependencies: [future]\n", "    dependencies: [future\n")
		}, msg: []string{"the lock file is damaged", "not valid YAML"}, hint: "regenerate it"},
		{name: "empty file", edit: func(t *testing.T, s string) string { return "" },
			msg: []string{"damaged", "empty"}, hint: "regenerate it"},
		{name: "truncated mid-line", edit: func(t *testing.T, s string) string {
			return s[:strings.Index(s, "size: 64750")+len("size: 64")]
		}, msg: []string{"damaged", "cut short"}, hint: "regenerate it"},
		{name: "truncated mid-record", edit: func(t *testing.T, s string) string {
			return s[:strings.Index(s, "        sha256: "+setuptoolsSHA)]
		}, pkg: "setuptools", msg: []string{"has no sha256"}},
		{name: "binary garbage", edit: func(t *testing.T, s string) string { return "\x00\x01\x02PK\x03\x04\n" },
			msg: []string{"damaged"}},
		{name: "two documents", edit: func(t *testing.T, s string) string { return s + "---\nversion: 1\n" },
			msg: []string{"more than one YAML document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.edit(t, goldenText(t))
			l, err := Parse([]byte(text), "pkgs/fwenv.lock")
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", l)
			}
			var e *lock.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *lock.Error", err, err)
			}
			s := err.Error()
			if !strings.HasPrefix(s, "pkgs/fwenv.lock") {
				t.Errorf("error %q does not name the file", s)
			}
			if e.Package != tt.pkg {
				t.Errorf("error %q names package %q, want %q", s, e.Package, tt.pkg)
			}
			if tt.pkg != "" && !strings.Contains(s, "package "+tt.pkg+": ") {
				t.Errorf("error %q does not say package %s", s, tt.pkg)
			}
			if tt.line != 0 && e.Line != tt.line {
				t.Errorf("error %q is at line %d, want %d", s, e.Line, tt.line)
			}
			if tt.pkg != "" && e.Line == 0 {
				t.Errorf("error %q has no line", s)
			}
			for _, m := range tt.msg {
				if !strings.Contains(s, m) {
					t.Errorf("error %q does not say %q", s, m)
				}
			}
			if tt.hint != "" && !strings.Contains(e.Hint(), tt.hint) {
				t.Errorf("hint %q does not say %q", e.Hint(), tt.hint)
			}
			if e.Hint() == "" {
				t.Errorf("error %q has no hint", s)
			}
			if strings.Contains(s, "s3cret") || strings.Contains(e.Hint(), "s3cret") {
				t.Errorf("error %q repeats the credential", s)
			}
		})
	}
}

// TestMarshalRefuses: Marshal validates too, so a bad lock is never written.
func TestMarshalRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(l *lock.Lock)
		msg  string
	}{
		{"credentials in index", func(l *lock.Lock) { l.Packages[3].Source.Index = "https://bob:hunter2@idx.example.com/simple" }, "credentials"},
		{"credentials in artifact url", func(l *lock.Lock) { l.Packages[0].Artifacts[0].URL = "https://bob:hunter2@f.example.com/x.tar.gz" }, "credentials"},
		{"credentials in find-links", func(l *lock.Lock) { l.Packages[0].Source.FindLinks = "https://bob:hunter2@f.example.com/links/" }, "credentials"},
		{"escaping path", func(l *lock.Lock) { l.Packages[0].Artifacts[0].Path = "../framework-0.0.1.tar.gz" }, "leaves the lock file's folder"},
		{"bad sha", func(l *lock.Lock) { l.Packages[0].Artifacts[0].SHA256 = "sha256:abc" }, "not 64 lower-case hex"},
		{"unknown kind", func(l *lock.Lock) { l.Kind = "" }, "no kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := seedBundle()
			tt.edit(l)
			b, err := Marshal(l)
			if err == nil {
				t.Fatalf("Marshal wrote:\n%s", b)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q repeats the password", err)
			}
		})
	}
}
