package pylock

import (
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

const sha = "c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a"

// head is a valid lock's top; each case appends packages.
const head = "lock-version = \"1.0\"\ncreated-by = \"test\"\n"

const attrsOK = `
[[packages]]
name = "attrs"
version = "25.1.0"
wheels = [{ url = "https://example.com/attrs-25.1.0-py3-none-any.whl", hashes = { sha256 = "` + sha + `" } }]
`

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		want     string // in Error()
		line     int
		hintPart string // in Hint()
	}{
		{"empty", "", "the lock file is empty", 0, "regenerate"},
		{"not toml", "lock-version = \n", "pylock.toml:1:", 1, "not valid PEP 751 TOML"},
		{"no lock-version", "created-by = \"x\"\n", "lock-version is missing", 0, `lock-version = "1.0"`},
		{"lock-version number", "lock-version = 1.0\ncreated-by = \"x\"\n", "lock-version must be a string", 1, "quoted"},
		{"lock-version malformed", "lock-version = \"1\"\ncreated-by = \"x\"\n", `lock-version "1" is not MAJOR.MINOR`, 1, ""},
		{"unknown major", "lock-version = \"2.0\"\ncreated-by = \"x\"\nnew-key = 1\n", `lock-version "2.0" is not supported`, 1, "upgrade fwenv"},
		{"no created-by", "lock-version = \"1.0\"\n" + attrsOK, "created-by is missing", 0, ""},
		{"unknown top key", head + "colour = \"red\"\n", `unknown key "colour"`, 3, ""},
		{"unknown package key", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1\"\nflavour = 1\n", `package attrs: unknown key "packages.flavour"`, 7, ""},
		{"bad environment", head + "environments = [\"sys_platform ==\"]\n", "environments: \"sys_platform ==\" is not a marker", 3, ""},
		{"bad requires-python", head + "requires-python = \">=three\"\n", `requires-python ">=three" is not a version specifier`, 3, ""},
		{"no name", head + "\n[[packages]]\nversion = \"1.0\"\ndirectory = { path = \".\" }\n", "package #1 has no name", 4, ""},
		{"bad name", head + "\n[[packages]]\nname = \"-attrs\"\ndirectory = { path = \".\" }\n", `package "-attrs": not a valid project name`, 5, ""},
		{"bad version", head + strings.Replace(attrsOK, `"25.1.0"`, `"25.1.0-final!"`, 1), `package attrs: version "25.1.0-final!" is not a PEP 440 version`, 6, ""},
		{"no version with wheels", head + strings.Replace(attrsOK, "version = \"25.1.0\"\n", "", 1), "package attrs: has no version", 4, ""},
		{"no source", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1.0\"\n", "package attrs: has no source", 4, ""},
		{"two sources", head + attrsOK + "directory = { path = \".\" }\n", "has several source kinds (directory and wheels)", 4, ""},
		{"vcs without commit", head + "\n[[packages]]\nname = \"p\"\nvcs = { type = \"git\", url = \"https://h/r.git\" }\n", "package p: vcs has no commit-id", 6, ""},
		{"vcs bad type", head + "\n[[packages]]\nname = \"p\"\nvcs = { type = \"cvs\", url = \"https://h/r\", commit-id = \"abc\" }\n", `vcs type "cvs"`, 6, ""},
		{"vcs no url", head + "\n[[packages]]\nname = \"p\"\nvcs = { type = \"git\", commit-id = \"abc\" }\n", "vcs has neither url nor path", 6, ""},
		{"directory no path", head + "\n[[packages]]\nname = \"p\"\ndirectory = { editable = true }\n", "directory has no path", 6, ""},
		{"wheel without hashes", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"25.1.0\"\nwheels = [{ url = \"https://e.com/attrs-25.1.0-py3-none-any.whl\" }]\n", "wheel attrs-25.1.0-py3-none-any.whl has no hashes", 7, "records hashes"},
		{"sdist without hashes", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"25.1.0\"\nsdist = { url = \"https://e.com/attrs-25.1.0.tar.gz\" }\n", "sdist attrs-25.1.0.tar.gz has no hashes", 7, ""},
		{"archive without hashes", head + "\n[[packages]]\nname = \"p\"\narchive = { url = \"https://e.com/p.zip\" }\n", "archive has no hashes", 6, ""},
		{"hash not hex", head + strings.Replace(attrsOK, sha, "not-hex", 1), `sha256 hash "not-hex" is not hexadecimal`, 7, ""},
		{"hash short", head + strings.Replace(attrsOK, sha, "abcd", 1), `sha256 hash "abcd" has 4 hex digits, not 64`, 7, ""},
		{"hash table is a string", head + strings.Replace(attrsOK, `{ sha256 = "`+sha+`" }`, `"sha256:`+sha+`"`, 1), "pylock.toml:7:", 7, ""},
		{"wheel name does not parse", head + strings.Replace(attrsOK, "attrs-25.1.0-py3-none-any.whl", "attrs-25.1.0.whl", 1), "wheel attrs-25.1.0.whl: not a wheel file name", 7, ""},
		{"wheel of another project", head + strings.Replace(attrsOK, "attrs-25.1.0-py3", "cattrs-25.1.0-py3", 1), `is a wheel of project "cattrs", not attrs`, 7, ""},
		{"wheel of another version", head + strings.Replace(attrsOK, "attrs-25.1.0-py3", "attrs-24.1.0-py3", 1), "is version 24.1.0, not 25.1.0", 7, ""},
		{"sdist of another project", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1.0\"\nsdist = { url = \"https://e.com/cattrs-1.0.tar.gz\", hashes = { sha256 = \"" + sha + "\" } }\n", `names project "cattrs"`, 7, ""},
		{"file without url or path", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1.0\"\nsdist = { name = \"attrs-1.0.tar.gz\", hashes = { sha256 = \"" + sha + "\" } }\n", "sdist attrs-1.0.tar.gz has neither url nor path", 7, ""},
		{"relative url", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1.0\"\nsdist = { url = \"files/attrs-1.0.tar.gz\", hashes = { sha256 = \"" + sha + "\" } }\n", "is not an absolute URL", 7, ""},
		{"credentials in wheel url", head + strings.Replace(attrsOK, "https://example.com", "https://user:s3cret@example.com", 1), "holds credentials", 7, "remove the user name and password"},
		{"credentials in index", head + attrsOK + "index = \"https://tok@pypi.example.com/simple\"\n", "index", 8, "remove the user name"},
		{"credentials in vcs", head + "\n[[packages]]\nname = \"p\"\nvcs = { type = \"git\", url = \"https://u:p@h/r.git\", commit-id = \"abc\" }\n", "vcs url", 6, "remove the user name"},
		{"credentials in tool", head + "[tool.x]\nindex = \"https://u:p@h/simple\"\n", "tool table holds a URL with credentials", 0, "remove the user name"},
		{"negative size", head + strings.Replace(attrsOK, "hashes", "size = -1, hashes", 1), "size -1 is negative", 7, ""},
		{"dependency without name", head + attrsOK + "dependencies = [{ version = \"1\" }]\n", "dependency #1 has no name", 8, ""},
		{"dependency not in lock", head + attrsOK + "dependencies = [{ name = \"six\" }]\n", `dependency "six" is not a package of this lock`, 8, ""},
		{"bad marker", head + attrsOK + "marker = \"os_name = 'nt'\"\n", `marker "os_name = 'nt'"`, 8, ""},
		{"extras misused", head + attrsOK + "marker = \"extras == 'x'\"\n", "extras is a set", 8, ""},
		{"duplicate", head + attrsOK + attrsOK, "package attrs: listed twice at version 25.1.0 (first at line 4)", 9, ""},
		{"attestation without kind", head + attrsOK + "attestation-identities = [{ repository = \"r\" }]\n", "attestation identity #1 has no kind", 8, ""},
		{"upload-time a date", head + strings.Replace(attrsOK, "hashes", "upload-time = 2025-01-25, hashes", 1), "upload-time 2025-01-25 is not a date-time", 7, "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.text), "pylock.toml")
			if err == nil {
				t.Fatalf("accepted:\n%s", tt.text)
			}
			e, ok := err.(*lock.Error)
			if !ok {
				t.Fatalf("error is %T, not *Error: %v", err, err)
			}
			if !strings.Contains(e.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", e.Error(), tt.want)
			}
			if !strings.HasPrefix(e.Error(), "pylock.toml") {
				t.Errorf("error %q does not name the file", e.Error())
			}
			if e.Line != tt.line {
				t.Errorf("line %d, want %d (%v)", e.Line, tt.line, e)
			}
			if e.Hint() == "" || !strings.Contains(e.Hint(), tt.hintPart) {
				t.Errorf("hint %q does not contain %q", e.Hint(), tt.hintPart)
			}
			for _, secret := range []string{"s3cret", "u:p@", "tok@"} {
				if strings.Contains(e.Error(), secret) || strings.Contains(e.Hint(), secret) {
					t.Errorf("error shows a credential: %v", e)
				}
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name, text string
		warnings   int
	}{
		{"minimal", head, 0},
		{"newer minor with a new key", "lock-version = \"1.1\"\ncreated-by = \"x\"\nnew-key = 1\n" + attrsOK, 2},
		{"path leaving the folder", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1.0\"\nsdist = { path = \"../../dist/attrs-1.0.tar.gz\", hashes = { sha256 = \"" + sha + "\" } }\n", 0},
		{"absolute path", head + "\n[[packages]]\nname = \"attrs\"\nversion = \"1.0\"\nsdist = { path = \"/srv/dist/attrs-1.0.tar.gz\", hashes = { sha256 = \"" + sha + "\" } }\n", 0},
		{"ssh user name is no credential", head + "\n[[packages]]\nname = \"p\"\nvcs = { type = \"git\", url = \"ssh://git@github.com/o/r.git\", commit-id = \"abc\" }\n", 0},
		{"legacy sdist name", head + "\n[[packages]]\nname = \"foo-bar\"\nversion = \"1.0\"\nsdist = { url = \"https://e.com/Foo-Bar-1.0.tar.gz\", hashes = { sha256 = \"" + sha + "\" } }\n", 0},
		{"two versions with markers", head + strings.Replace(attrsOK, "version", "marker = \"python_version < '3.9'\"\nversion", 1) + strings.Replace(strings.ReplaceAll(attrsOK, "25.1.0", "24.1.0"), "version", "marker = \"python_version >= '3.9'\"\nversion", 1), 0},
		{"local date-time upload", head + strings.Replace(attrsOK, "hashes", "upload-time = 2025-01-25T11:30:10, hashes", 1), 0},
		{"uppercase hash", head + strings.Replace(attrsOK, sha, strings.ToUpper(sha), 1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Parse([]byte(tt.text), "pylock.toml")
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if len(l.Warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", l.Warnings, tt.warnings)
			}
		})
	}
}

func TestNewerMinorWarns(t *testing.T) {
	l, err := Parse([]byte("lock-version = \"1.3\"\ncreated-by = \"x\"\nnew-key = 1\n"), "pylock.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`pylock.toml: lock-version "1.3" is newer than "1.0", which this fwenv knows; keys it does not know are ignored`,
		"pylock.toml:3: unknown key new-key ignored",
	}
	if strings.Join(l.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(l.Warnings, "\n"), strings.Join(want, "\n"))
	}
}

func TestMarshalRefusesInvalid(t *testing.T) {
	tests := []struct {
		name string
		l    lock.Lock
		want string
	}{
		{"no created-by", lock.Lock{}, "created-by is missing"},
		{"credentials", lock.Lock{CreatedBy: "x", Packages: []lock.Package{{Name: "a", Version: "1", Source: lock.Source{Archive: &lock.Archive{URL: "https://u:pw@h/a.zip"}},
			Artifacts: []lock.Artifact{{File: "a.zip", URL: "https://u:pw@h/a.zip", SHA256: sha}}}}}, "holds credentials"},
		{"no source", lock.Lock{CreatedBy: "x", Packages: []lock.Package{{Name: "a", Version: "1"}}}, "has no source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Marshal(&tt.l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "pw@") {
				t.Errorf("credential in error: %v", err)
			}
		})
	}
}
