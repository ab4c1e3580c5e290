package vcs

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in                           string
		url, ref, egg, sub, redacted string
	}{
		{in: "git+https://host/repo.git@v1.0#egg=name", url: "https://host/repo.git", ref: "v1.0", egg: "name"},
		{in: "git+https://host/repo.git", url: "https://host/repo.git"},
		{in: "git+http://host:8080/a/b/repo@main", url: "http://host:8080/a/b/repo", ref: "main"},
		{in: "name @ git+https://host/repo.git@0123456789abcdef0123456789abcdef01234567", url: "https://host/repo.git", ref: "0123456789abcdef0123456789abcdef01234567", egg: "name"},
		{in: "My.Pkg@git+https://host/r", url: "https://host/r", egg: "My.Pkg"},
		{in: "name @ git+https://host/r#egg=NAME", url: "https://host/r", egg: "name"},
		{in: "git+file:///path/repo@branch#subdirectory=plugin1", url: "file:///path/repo", ref: "branch", sub: "plugin1"},
		{in: "git+file:///path/repo@feature/x#egg=demo&subdirectory=a/./b/", url: "file:///path/repo", ref: "feature/x", egg: "demo", sub: "a/b"},
		{in: "git+file://localhost/path/repo", url: "file://localhost/path/repo"},
		{in: "git+ssh://git@host/org/repo.git@v2", url: "ssh://git@host/org/repo.git", ref: "v2", redacted: "ssh://git@host/org/repo.git"},
		{in: "git+ssh://git@host/org/repo.git", url: "ssh://git@host/org/repo.git"},
		{in: "git+git://host/repo@abc1234", url: "git://host/repo", ref: "abc1234"},
		{in: "git://host/repo@abc1234", url: "git://host/repo", ref: "abc1234"},
		{in: "GIT+HTTPS://host/repo", url: "https://host/repo"},
		{in: "git+https://user:s3cretpw@host/repo.git@v1", url: "https://user:s3cretpw@host/repo.git", ref: "v1", redacted: "https://host/repo.git"},
		{in: "git+https://${TOKEN}@host/repo.git", url: "https://${TOKEN}@host/repo.git", redacted: "https://${TOKEN}@host/repo.git"},
		{in: "git+https://host/repo.git?x=a@b", url: "https://host/repo.git?x=a@b", ref: ""},
		{in: "  git+https://host/repo  ", url: "https://host/repo"},
		{in: "git+https://host/repo#subdirectory=.", url: "https://host/repo"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if s.VCS != "git" || s.URL != tt.url || s.Ref != tt.ref || s.Egg != tt.egg || s.Subdirectory != tt.sub {
			t.Errorf("Parse(%q) = %+v\nwant url=%s ref=%s egg=%s sub=%s", tt.in, *s, tt.url, tt.ref, tt.egg, tt.sub)
		}
		want := tt.redacted
		if want == "" {
			want = tt.url
		}
		if s.Redacted() != want {
			t.Errorf("Parse(%q).Redacted() = %s, want %s", tt.in, s.Redacted(), want)
		}
	}
}

func TestSpecString(t *testing.T) {
	s, _ := Parse("git+https://user:s3cretpw@host/repo.git@v1#subdirectory=p&egg=demo")
	if got, want := s.String(), "git+https://host/repo.git@v1#egg=demo&subdirectory=p"; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	for in, want := range map[string]string{
		"git+https://host/org/Repo.git@v1": "Repo", "git+file:///a/b/": "b", "git+https://host": "repo", "git+ssh://git@host/x/plug": "plug",
	} {
		s, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if s.RepoName() != want {
			t.Errorf("RepoName(%s) = %s, want %s", in, s.RepoName(), want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		kind   Kind
		reason string // in the message
		hint   string // in the hint
	}{
		{"hg+https://host/repo#egg=x", KindUnsupported, "only git is supported", "wheel"},
		{"svn+https://host/repo", KindUnsupported, "only git is supported", ""},
		{"bzr+lp:project", KindSyntax, "not a git URL", ""},
		{"bzr+https://host/repo", KindUnsupported, "Bazaar", ""},
		{"cvs+https://host/repo", KindUnsupported, "only git is supported", ""},
		{"git+ftp://host/repo", KindUnsupported, "git over ftp", "git+https://"},
		{"git+git@github.com:org/repo.git", KindSyntax, "scp-like", "git+ssh://"},
		{"https://host/repo.git", KindSyntax, "not a version-control URL", "git+https://host/repo.git"},
		{"git+https://host/repo.git@", KindSyntax, "revision is empty", ""},
		{"git+https://host/repo.git@-upload-pack=evil", KindSyntax, "must not start with '-'", ""},
		{"git+https://host/repo.git@a..b", KindSyntax, "not a valid git reference", ""},
		{"git+https://host/repo.git@a b", KindSyntax, "not allowed", ""},
		{"git+https://host/repo#egg=demo==1.0", KindSyntax, "not a valid project name", "#egg=NAME"},
		{"git+https://host/repo#subdirectory=../x", KindSyntax, "no '..'", "relative"},
		{"git+https://host/repo#subdirectory=/abs", KindSyntax, "must be a relative path", ""},
		{"git+https://host/repo#sha256=abc", KindSyntax, "unknown fragment #sha256=", "#egg=NAME"},
		{"git+https://host/repo#egg=a&egg=b", KindSyntax, "given twice", ""},
		{"git+file://relative/repo", KindSyntax, "absolute path", "git+file:///"},
		{"git+https:///repo", KindSyntax, "no host", ""},
		{"demo @ git+https://host/repo#egg=other", KindSyntax, "#egg= names other", ""},
		{"not a name @ git+https://host/repo", KindSyntax, "not a project name", ""},
		{"", KindSyntax, "empty", ""},
		{"./some/folder", KindSyntax, "not a git URL", ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.in, err)
			continue
		}
		if e.Kind != tt.kind || !strings.Contains(e.Error(), tt.reason) || !strings.Contains(e.Hint(), tt.hint) || e.Hint() == "" {
			t.Errorf("Parse(%q): kind %d, %q (hint %q); want kind %d, %q, hint with %q", tt.in, e.Kind, e.Error(), e.Hint(), tt.kind, tt.reason, tt.hint)
		}
	}
}

func TestParseErrorsHideCredentials(t *testing.T) {
	for _, in := range []string{
		"hg+https://user:s3cretpw@host/repo",
		"git+https://user:s3cretpw@host/repo#egg=bad==1",
		"git+https://user:s3cretpw@host/repo@-x",
		"demo @ git+https://user:s3cretpw@host/repo#egg=other",
		"git+ftp://user:s3cretpw@host/repo",
		"git+https://tok3nSecretValue@host/repo#subdirectory=..",
		"git+http://user:s3cretpw@/repo",
		"git+http://user:s3cretpw@host/re%zzpo",
		"git+https://user:s3cretpw/x@host/repo",
		"git+https://user:s3cretpw?x@host/repo",
		"git+https://user:s3cretpw#x@host/repo",
	} {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded", in)
			continue
		}
		msg := err.Error() + err.(*Error).Hint()
		if strings.Contains(msg, "s3cretpw") || strings.Contains(msg, "tok3nSecretValue") {
			t.Errorf("Parse(%q) error shows credentials: %s", in, msg)
		}
	}
}

func TestIsRequirement(t *testing.T) {
	for in, want := range map[string]bool{
		"git+https://h/r": true, "GIT+ssh://git@h/r": true, "git://h/r": true, "demo @ git+file:///r": true,
		"demo@git+https://h/r": true, "hg+https://h/r": true, "svn+ssh://h/r": true, "bzr+lp:x": true,
		"demo": false, "demo==1.0": false, "./pkg.whl": false, "demo @ https://h/demo-1.0.tar.gz": false,
		"https://h/git+x": false, "gitpython": false,
	} {
		if got := IsRequirement(in); got != want {
			t.Errorf("IsRequirement(%q) = %v, want %v", in, got, want)
		}
	}
}
