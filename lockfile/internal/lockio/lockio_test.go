package lockio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/secret"
)

// CredentialIn finds what a lock must not hold, and what
// secret.StripCredentials (the cleaner of URLs for locks) returns never
// holds it.
func TestCredentials(t *testing.T) {
	for _, c := range []struct {
		in, stripped string
		secret       bool
	}{
		{"https://user:pw@host/simple", "https://host/simple", true},
		{"https://token@host/x", "https://host/x", true},
		{"git+ssh://git@github.com/o/r", "git+ssh://git@github.com/o/r", false}, // an account name: kept
		{"ssh://git:pw@github.com/o/r", "ssh://github.com/o/r", true},
		{"pkg @ https://u:p@h/x.whl", "pkg @ https://h/x.whl", true},
		{"https://${TOKEN}@host/x", "https://host/x", true},
		{"https://user:sec ret@host/x", "https://host/x", false}, // not a URL: cut at the space
		{"https://u:pa/ss@host/x", "https://host/x", false},      // not a URL: host "u"
		{"https://h/r?next=https://u:p@h2/", "https://h/r?next=https://h2/", true},
		{"https://host/a@b", "https://host/a@b", false},
		{"no url here", "no url here", false},
	} {
		got := secret.StripCredentials(c.in)
		if got != c.stripped {
			t.Errorf("secret.StripCredentials(%q) = %q, want %q", c.in, got, c.stripped)
		}
		if CredentialIn(got) {
			t.Errorf("CredentialIn(%q) (stripped from %q)", got, c.in)
		}
		if got := CredentialIn(c.in); got != c.secret {
			t.Errorf("CredentialIn(%q) = %v", c.in, got)
		}
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "fwenv.lock")
	if err := WriteAtomic(p, []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(p, []byte("two\n")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	es, _ := os.ReadDir(dir)
	if string(data) != "two\n" || len(es) != 1 {
		t.Fatalf("%q, %d entries", data, len(es))
	}
	if err := WriteAtomic(filepath.Join(dir, "missing", "x"), nil); err == nil {
		t.Fatal("wrote into a missing folder")
	}
}

func TestErrorText(t *testing.T) {
	for _, c := range []struct {
		file string
		line int
		pkg  string
		want string
	}{
		{"pkgs/fwenv.lock", 17, "framework", "pkgs/fwenv.lock:17: package framework: bad"},
		{"pkgs/fwenv.lock", 0, "", "pkgs/fwenv.lock: bad"},
		{"", 3, "", "line 3: bad"},
		{"", 0, "x", "package x: bad"},
	} {
		if got := ErrorText(c.file, c.line, c.pkg, "bad"); got != c.want {
			t.Errorf("ErrorText(%q, %d, %q) = %q, want %q", c.file, c.line, c.pkg, got, c.want)
		}
	}
	if got := ErrorText("", 0, "", "https://u:secret@h/simple unreachable"); strings.Contains(got, "secret") {
		t.Errorf("credentials kept: %q", got)
	}
}

// CredentialIn finds a URL with credentials inside a requirement, and
// leaves an ssh account name, a fragment and an e-mail address alone.
func TestCredentialInText(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"https://pypi.org/simple", false},
		{"https://user:pw@host/simple", true},
		{"https://token@host/simple", true},
		{"pkg @ https://u:p@host/pkg-1.0.tar.gz", true},
		{"pkg @ git+ssh://git@github.com/o/r.git", false},
		{"pkg @ git+ssh://git:pw@github.com/o/r.git", true},
		{"pkg @ https://host/x.whl#sha256=ab@cd", false},
		{"file:///abs/path", false},
		{"a@b.com", false},
	}
	for _, tt := range tests {
		if got := CredentialIn(tt.s); got != tt.want {
			t.Errorf("CredentialIn(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
