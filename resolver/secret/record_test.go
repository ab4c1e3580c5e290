package secret

import (
	"strings"
	"testing"
)

// The cases of the record cleaners fwenv had before these two
// (lockio.StripCredentials, fetch.Redact, lockset.RepoURL for locks and
// keys; install's withoutCredentials and vcs's redactURL for
// direct_url.json), and the unparsable input they disagreed on.
func TestStripCredentials(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Nothing to remove.
		{"", ""},
		{"no url here", "no url here"},
		{"./pkgs", "./pkgs"},
		{"a@b.com", "a@b.com"},
		{"https://pypi.org/simple", "https://pypi.org/simple"},
		{"https://host/a@b", "https://host/a@b"},
		{"https://host/x.whl#sha256=ab@cd", "https://host/x.whl#sha256=ab@cd"},
		{"git+https://h:8443/r.git@v1", "git+https://h:8443/r.git@v1"},
		{"file:///srv/repo", "file:///srv/repo"},
		{"file:///home/u@x/x-1.0-py3-none-any.whl", "file:///home/u@x/x-1.0-py3-none-any.whl"},
		{"http://[::1]:8080/simple/", "http://[::1]:8080/simple/"},

		// User information, removed.
		{"https://user:pw@host/simple", "https://host/simple"},
		{"https://token@host/x", "https://host/x"},
		{"https://alice:s3cret@idx.example.com:8443/simple/", "https://idx.example.com:8443/simple/"},
		{"https://tok@files.example.com/a@b.whl", "https://files.example.com/a@b.whl"},
		{"https://u:p%40ss@host/x?y=1#sha256=ab", "https://host/x?y=1#sha256=ab"},
		{"https://u:p@ss@host/x", "https://host/x"},
		{"HTTPS://U:P@H/", "HTTPS://H/"},
		{"https://u:p@h", "https://h"},
		{"https://u:p@h?x=1", "https://h?x=1"},
		{"https://user:token@host/repo.git", "https://host/repo.git"},
		{"https://git@host/repo.git", "https://host/repo.git"},
		{"pkg @ https://u:p@h/x.whl", "pkg @ https://h/x.whl"},
		{"pkg @ https://u:p@h/x.whl ; python_version >= '3'", "pkg @ https://h/x.whl ; python_version >= '3'"},
		{"https://h/r?next=https://u:p@h2/", "https://h/r?next=https://h2/"},
		{"https://a:b@h1,https://c:d@h2/", "https://h1,https://h2/"},

		// An ssh account name is part of the address.
		{"ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"},
		{"git+ssh://git@github.com/org/repo.git", "git+ssh://git@github.com/org/repo.git"},
		{"GIT+SSH://deploy@host/r", "GIT+SSH://deploy@host/r"},
		{"ssh://git:pw@github.com/org/repo.git", "ssh://github.com/org/repo.git"},
		{"git+ssh://${TOKEN}@host/r", "git+ssh://${TOKEN}@host/r"},

		// Unparsable input: the same rule, nothing re-encoded or masked.
		{"https://${TOKEN}@host/x.whl", "https://host/x.whl"},
		{"https://${USER}:${PASS}@host/r", "https://host/r"},
		{"https://user:sec ret@host/", "https://host/"},
		{"https://us er:p w@ho st/%zz", "https://ho st/%zz"},
		{"https://u:p/w@host/simple", "https://host/simple"},
		{"https://us%zzer:pw@host/a b", "https://host/a b"},
		{"https://user:pa/ss@host/", "https://host/"},
		{"https://u:1#w@host/x", "https://host/x"},
		{"https://tok?en@host/x", "https://host/x"},
		// Where the display redactor is unsure, a record drops too.
		{"https://host?email=a@b.example", "https://b.example"},
		// ... but not where every parser agrees: host u, port 1.
		{"https://u:1/w@host/x?next=a@b", "https://u:1/w@host/x?next=a@b"},
		{"https://host:8443/simple/?email=a@b.example", "https://host:8443/simple/?email=a@b.example"},
		{"://u:p@h/", "://h/"},
	} {
		if got := StripCredentials(c.in); got != c.want {
			t.Errorf("StripCredentials(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestForDirectURL(t *testing.T) {
	for _, c := range []struct {
		in   string
		git  bool
		want string
	}{
		{"https://host/r", true, "https://host/r"},
		{"https://u:p@host/r", true, "https://host/r"},
		{"https://tok@host:8443/r@x", true, "https://host:8443/r@x"},
		{"ssh://git@host/r", true, "ssh://git@host/r"},
		{"https://git@host/r", true, "https://git@host/r"},
		{"ssh://git@host/r", false, "ssh://host/r"}, // "git" is kept for git URLs only
		{"ssh://deploy@host/r", true, "ssh://host/r"},
		{"ssh://git:pw@host/r", true, "ssh://host/r"},
		{"https://${TOKEN}@host/repo.git", true, "https://${TOKEN}@host/repo.git"},
		{"https://${USER}:${PASS}@host/r", false, "https://${USER}:${PASS}@host/r"},
		{"https://${USER_1-x}:${P}@host/r", true, "https://${USER_1-x}:${P}@host/r"},
		{"https://${USER}:pw@host/r", true, "https://host/r"},
		{"https://${}@host/r", true, "https://host/r"},
		{"https://${A.B}@host/r", true, "https://host/r"},
		{"https://$TOKEN@host/r", true, "https://host/r"},
		{"file:///a/b@c", true, "file:///a/b@c"},
		{"https://host/repo.git?x=a@b", true, "https://host/repo.git?x=a@b"},
		{"no url", true, "no url"},
		// Unparsable input: the same rule.
		{"https://user:sec ret@host/r", true, "https://host/r"},
		{"https://u:p%zz@host/r", true, "https://host/r"},
		{"https://user:pa/ss@host/r", true, "https://host/r"},
		{"https://${TOKEN}?x@host/r", true, "https://host/r"},
		// Another URL before the first '@': cleaned too.
		{"https://h/r?next=https://u:p@h2/", true, "https://h/r?next=https://h2/"},
	} {
		if got := ForDirectURL(c.in, c.git); got != c.want {
			t.Errorf("ForDirectURL(%q, %v) = %q, want %q", c.in, c.git, got, c.want)
		}
	}
}

// No password survives either cleaner, whatever it holds.
func TestRecordsHoldNoPassword(t *testing.T) {
	for _, pw := range []string{"s3cret", "p%40ss", "p@ss", "sec ret", "a:b", "${X}x", "pa/ss", "pa?ss", "pa#ss", "pa%zz"} {
		for _, u := range []string{"https://user:" + pw + "@host/simple", "pkg @ git+https://user:" + pw + "@host/r.git@v1"} {
			for name, got := range map[string]string{"StripCredentials": StripCredentials(u), "ForDirectURL": ForDirectURL(u, true)} {
				if strings.Contains(got, pw) || strings.Contains(got, "user") {
					t.Errorf("%s(%q) = %q", name, u, got)
				}
			}
		}
	}
}

func TestUserinfo(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"https://host/r", "", false},
		{"https://host/a@b", "", false},
		{"no url", "", false},
		{"https://u:p@host/r", "u:p", true},
		{"ssh://git@host/r", "git", true},
		{"https://u:pa/ss@host/r", "u:pa/ss", true},
		{"https://${T}@host/r", "${T}", true},
		{"https://h/r?next=https://u:p@h2/", "u:p", true},
	} {
		if got, ok := Userinfo(c.in); got != c.want || ok != c.ok {
			t.Errorf("Userinfo(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
