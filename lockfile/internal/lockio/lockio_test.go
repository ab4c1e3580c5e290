package lockio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCredentials(t *testing.T) {
	for _, c := range []struct {
		in, stripped, redacted string
		secret                 bool
	}{
		{"https://user:pw@host/simple", "https://host/simple", "https://***@host/simple", true},
		{"https://token@host/x", "https://host/x", "https://***@host/x", true},
		{"git+ssh://git@github.com/o/r", "git+ssh://github.com/o/r", "git+ssh://git@github.com/o/r", false}, // an account name: shown
		{"pkg @ https://u:p@h/x.whl", "pkg @ https://h/x.whl", "pkg @ https://***@h/x.whl", true},
		{"https://host/a@b", "https://host/a@b", "https://host/a@b", false},
		{"no url here", "no url here", "no url here", false},
	} {
		if got := StripCredentials(c.in); got != c.stripped {
			t.Errorf("StripCredentials(%q) = %q, want %q", c.in, got, c.stripped)
		}
		if got := Redact(c.in); got != c.redacted {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.redacted)
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
