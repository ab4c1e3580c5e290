package secret

import (
	"strings"
	"testing"
)

// The cases of every redactor fwenv had before this package (lockio.Redact,
// fetch.Redact, simple's and index serve's redact, vcs's redactInput), with
// what a person sees now.
func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Nothing to hide.
		{"", ""},
		{"no url here", "no url here"},
		{"not a url", "not a url"},
		{"https://pypi.org/simple", "https://pypi.org/simple"},
		{"https://host/a@b", "https://host/a@b"},
		{"git+https://host/repo.git@v1#egg=demo", "git+https://host/repo.git@v1#egg=demo"},
		{"pkg @ https://h/x.whl", "pkg @ https://h/x.whl"},
		{"file:///home/u@x/x-1.0-py3-none-any.whl", "file:///home/u@x/x-1.0-py3-none-any.whl"},
		{"http://[::1]:8080/simple/", "http://[::1]:8080/simple/"},
		{"mail a@b.example", "mail a@b.example"},
		{"x.txt:3: demo @ file:///p", "x.txt:3: demo @ file:///p"},

		// User and password, or a token, in a URL (lockio, fetch, simple).
		{"https://user:pw@host/simple", "https://***@host/simple"},
		{"https://user:pw@host.example/simple/", "https://***@host.example/simple/"},
		{"https://token@host/x", "https://***@host/x"},
		{"https://token@host.example:8443/simple", "https://***@host.example:8443/simple"},
		{"https://u:p%40ss@host/x?y=1#sha256=ab", "https://***@host/x?y=1#sha256=ab"},
		{"https://user:secret@idx.example/simple/demo/", "https://***@idx.example/simple/demo/"},
		{"HTTPS://U:P@H/", "HTTPS://***@H/"},
		{"pkg @ https://u:p@h/x.whl", "pkg @ https://***@h/x.whl"},
		{`url "https://alice:s3cret@host/x" and http://t@h`, `url "https://***@host/x" and http://***@h`},
		{"index https://u:p@h1/simple, then https://t@h2/", "index https://***@h1/simple, then https://***@h2/"},
		{"--index-url=https://u:p@h/simple", "--index-url=https://***@h/simple"},
		{"two\nlines https://u:p@h\nend", "two\nlines https://***@h\nend"},
		{"(https://u:p@h)", "(https://***@h)"},

		// version-control requirements (vcs redactInput).
		{"git+https://user:s3cretpw@host/repo.git@v1", "git+https://***@host/repo.git@v1"},
		{"demo @ git+https://user:s3cretpw@host/repo#egg=other", "demo @ git+https://***@host/repo#egg=other"},
		{"git+https://tok3nSecretValue@host/repo#subdirectory=..", "git+https://***@host/repo#subdirectory=.."},
		{"git+http://user:s3cretpw@/repo", "git+http://***@/repo"},
		{"git+http://user:s3cretpw@host/re%zzpo", "git+http://***@host/re%zzpo"},
		{"git+ftp://user:s3cretpw@host/repo", "git+ftp://***@host/repo"},
		{"git+https://${TOKEN}@host/repo.git", "git+https://***@host/repo.git"},

		// An ssh account name is no secret; an ssh password is.
		{"git+ssh://git@github.com/o/r", "git+ssh://git@github.com/o/r"},
		{"ssh://git@host/org/repo.git", "ssh://git@host/org/repo.git"},
		{"git+ssh://deploy@host/r.git@v2", "git+ssh://deploy@host/r.git@v2"},
		{"git@github.com:org/repo.git", "git@github.com:org/repo.git"},
		{"ssh://git:pw@host/r", "ssh://***@host/r"},

		// Unparsable input fails closed (index serve said "(an unparsable
		// URL)", simple showed it whole, fetch cut at the first '/').
		{"https://u:p/w@host/simple", "https://***@host/simple"},
		{"https://u:p#w@host/x", "https://***@host/x"},
		{"https://u:p?w@host/x", "https://***@host/x"},
		{"https://u:p@ss@host/", "https://***@host/"},
		{"https://a:b@h1,https://c:d@h2/", "https://***@h1,https://***@h2/"},
		{`parse "https://us er:p w@ho st/%zz": invalid character " " in host name`, `parse "https://***@ho st/%zz": invalid character " " in host name`},
		{`parse "https://u:s3cret@h:x/": invalid port ":x" after host`, `parse "https://***@h:x/": invalid port ":x" after host`},
		{"https://h1,https://c:d@h2/", "https://h1,https://***@h2/"},
		{"://u:p@h", "://***@h"},

		// Without a scheme: "user:password@host" is masked.
		{"user:pass@host/simple", "***@host/simple"},
		{"--index-url=user:pass@host", "--index-url=***@host"},
		{"index user:p@ss@host", "index ***@host"},
		{"/home/u/.config/fwenv/https:/alice:s3cret@127.0.0.1:3/links: not a folder", "/home/u/.config/fwenv/https:/***@127.0.0.1:3/links: not a folder"},
		{"/home/a@b/cfg /srv/x@1.0/y", "/home/a@b/cfg /srv/x@1.0/y"},
		{"holds credentials (user:password@)", "holds credentials (user:password@)"}, // no host: prose
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://pypi.org/simple", "https://pypi.org/simple"},
		{"https://user:pw@host/simple", "https://***@host/simple"},
		// One URL: white space does not end it (fetch's unparsable case).
		{"https://us er:p w@ho st/%zz", "https://***@ho st/%zz"},
		{"https://u:p/w@host/repo.git@v1", "https://***@v1"},
		{"https://host/x%zz@v1", "https://***@v1"}, // does not parse: hidden rather than shown
		{"git+ssh://git@host/r", "git+ssh://git@host/r"},
		{"token:x@host", "***@host"},
		{"3.12", "3.12"},
		{"/home/a@b/cfg", "/home/a@b/cfg"},
	} {
		if got := RedactURL(c.in); got != c.want {
			t.Errorf("RedactURL(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// No secret survives, whatever surrounds the URL.
func TestRedactHidesEverySecret(t *testing.T) {
	urls := []string{
		"https://alice:s3cret@host/simple", "https://s3cret@host/", "http://alice:s3cret@127.0.0.1:8080/x",
		"https://alice:s3c/ret@host/", "https://alice:s3c#ret@host/", "https://alice:s3c?ret@host/",
		"git+https://alice:s3cret@host/r.git@v1", "ssh://git:s3cret@host/r",
	}
	wraps := []string{"%s", "error: %s: not found", `parse "%s": bad`, "'%s'", "<%s>", "x @ %s", "-i %s\n", "`%s`"}
	for _, u := range urls {
		for _, w := range wraps {
			in := strings.Replace(w, "%s", u, 1)
			if got := Redact(in); strings.Contains(got, "s3c") {
				t.Errorf("Redact(%q) = %q shows the secret", in, got)
			}
		}
		if got := RedactURL(u); strings.Contains(got, "s3c") {
			t.Errorf("RedactURL(%q) = %q shows the secret", u, got)
		}
	}
}

// A URL that parses is not proof that nothing is hidden: a password with
// an unencoded '/' makes "user:pass" look like host:port, a space cuts a
// word. Each case is checked as Redact and RedactURL see it.
func TestRedactParsableLookalikes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// user:1234/abc@host is host "user", port 1234 for pip, git and
		// curl alike: it reaches no host with a password, and reads as the
		// host:port/path@ref of a git URL.
		{"https://bob:1234/abc@host.example/simple", "https://bob:1234/abc@host.example/simple"},
		{"https://bob:12a4/abc@host.example/simple", "https://***@host.example/simple"},
		{"https://bob:99999/abc@host.example/simple", "https://***@host.example/simple"},
		{"http://user:sec ret@idx/simple", "http://***@idx/simple"},
		{"error: http://user:sec ret@idx/simple: not found", "error: http://***@idx/simple: not found"},
		{"https://u:1#w@host/x", "https://***@host/x"},
		{"https://u:1?w@host/x", "https://***@host/x"},
		{"https://u:1/w@host/x?next=a@b", "https://u:1/w@host/x?next=a@b"}, // host u, port 1
		{"https://tok?en@host/x", "https://***@host/x"},
		{"https://tok#en@host/x", "https://***@host/x"},
		{"ssh://git:1234/x@host/r", "ssh://git:1234/x@host/r"},
		// Still nothing to hide.
		{"https://host:8443/simple/?email=a@b.example", "https://host:8443/simple/?email=a@b.example"},
		{"http://[::1]:8080/simple/", "http://[::1]:8080/simple/"},
		{"see https://host/simple and a@b.example", "see https://host/simple and a@b.example"},
		{"https://host/a@b", "https://host/a@b"},
		{"git+ssh://git@host:22/r.git@v2", "git+ssh://git@host:22/r.git@v2"},
		// A host:port with an '@' in its path: a git ref.
		{"git+https://host:8443/repo.git@v1#egg=demo", "git+https://host:8443/repo.git@v1#egg=demo"},
		{"git+https://127.0.0.1:1/repo.git@v1#egg=demo", "git+https://127.0.0.1:1/repo.git@v1#egg=demo"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
		if !strings.Contains(c.in, " ") {
			if got := RedactURL(c.in); got != c.want {
				t.Errorf("RedactURL(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		}
	}
}

// A password holding any of / ? # @ : space % (alone or with a numeric
// part that makes a valid port), in any URL shape and any surrounding
// text, never shows. A token (no user) does too, but for '/': a token with
// an unencoded '/' reads as a path ("https://tok/en@host" is host tok,
// path /en@host).
func TestRedactNeverShowsPassword(t *testing.T) {
	type pw struct{ a, b string }
	halves := []pw{{"s3cretA", "s3cretB"}, {"4711", "4712"}, {"passw", "ord"}}
	users := []string{"alice:", "4713:", ""}
	hosts := []string{"idx.example", "idx.example:8443", "127.0.0.1:3141", "[::1]:80", "h"}
	paths := []string{"", "/", "/simple/", "/r.git@v1", "/x?y=1#sha256=ab", "/r.git@v1#egg=demo"}
	schemes := []string{"https", "http", "git+https", "ssh", "git+ssh"}
	wraps := []string{"%s", "error: %s: not found", `parse "%s": bad`, "'%s'", "<%s>", "x @ %s", "-i %s\n", "`%s`", "(%s)", "%s, then"}
	n := 0
	for _, c := range []string{"/", "?", "#", "@", ":", " ", "%", "%2F", ""} {
		for _, h := range halves {
			for _, user := range users {
				if user == "" && c == "/" {
					continue // a token with '/': documented above
				}
				if user != "" && c == "/" && isPort(h.a) {
					continue // user:1234/x@host reads as host:port/path: documented above
				}
				account := user == "" && !strings.ContainsAny(c, "/?#@: ")
				for _, host := range hosts {
					for _, p := range paths {
						for _, sch := range schemes {
							if account && strings.HasSuffix(sch, "ssh") {
								continue // "ssh://name@host": an account name, shown
							}
							u := sch + "://" + user + h.a + c + h.b + "@" + host + p
							for _, w := range wraps {
								in := strings.Replace(w, "%s", u, 1)
								n++
								if got := Redact(in); strings.Contains(got, h.a) || strings.Contains(got, h.b) {
									t.Errorf("Redact(%q) = %q shows the password", in, got)
								}
							}
							if got := RedactURL(u); strings.Contains(got, h.a) || strings.Contains(got, h.b) {
								t.Errorf("RedactURL(%q) = %q shows the password", u, got)
							}
						}
					}
				}
			}
		}
	}
	if n < 10000 {
		t.Fatalf("only %d cases", n)
	}
}
