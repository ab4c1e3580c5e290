package prepare

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/git/gittest"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// vcsFixture is a local git repository: a project at the root ("demo",
// VERSION 1 at tag v1, 2 on main) and one in plugin1/; a branch "feature".
type vcsFixture struct {
	dir, url      string
	v1, main, fea string
}

func newVCSFixture(t *testing.T) *vcsFixture {
	t.Helper()
	gittest.Env(t)
	dir := filepath.Join(t.TempDir(), "repo")
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(dir, 0o755)
	gittest.Run(t, dir, "init", "-q")
	write("setup.py", "from setuptools import setup\nsetup(name='demo', version='1.0')\n")
	write("VERSION", "1\n")
	write("plugin1/setup.py", "from setuptools import setup\nsetup(name='plugin1', version='0.1')\n")
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "one")
	gittest.Run(t, dir, "tag", "v1")
	f := &vcsFixture{dir: dir, url: "git+file://" + dir, v1: gittest.Run(t, dir, "rev-parse", "HEAD")}
	write("VERSION", "2\n")
	gittest.Run(t, dir, "commit", "-q", "-am", "two")
	f.main = gittest.Run(t, dir, "rev-parse", "HEAD")
	gittest.Run(t, dir, "checkout", "-q", "-b", "feature")
	write("VERSION", "feature\n")
	gittest.Run(t, dir, "commit", "-q", "-am", "three")
	f.fea = gittest.Run(t, dir, "rev-parse", "HEAD")
	gittest.Run(t, dir, "checkout", "-q", "main")
	return f
}

// vcsPrep is a Preparer with its own cache and an environment folder (only
// its path matters to Checkout), its events' messages and the removals of
// its temporary folders; offline is a second one with Offline set.
type vcsPrep struct {
	*Preparer
	offline  *Preparer
	cache    string
	envDir   string
	cleanups []func()
}

func vcsApp(t *testing.T) (*vcsPrep, *vcsPrep, *bytes.Buffer) {
	t.Helper()
	home := t.TempDir()
	var stderr bytes.Buffer
	envDir := filepath.Join(home, "venv")
	os.MkdirAll(envDir, 0o755)
	v := &vcsPrep{cache: filepath.Join(home, "cache", "fwenv"), envDir: envDir}
	o := Options{CacheDir: v.cache, EnvDir: envDir,
		TempDir: func(parent, pattern string) (string, error) {
			d, err := os.MkdirTemp(parent, pattern)
			if err == nil {
				v.cleanups = append(v.cleanups, func() { os.RemoveAll(d) })
			}
			return d, err
		},
		Events: func(e Event) { stderr.WriteString(e.Message + "\n") }}
	v.Preparer = New(o)
	o.Offline = true
	v.offline = New(o)
	return v, v, &stderr
}

func readTrim(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func TestCheckoutVCSNonEditable(t *testing.T) {
	f := newVCSFixture(t)
	a, _, stderr := vcsApp(t)
	dir, info, err := a.Checkout(f.url+"@v1#egg=plugin1&subdirectory=plugin1", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(a.cache, "tmp"); !strings.HasPrefix(dir, want+string(filepath.Separator)) {
		t.Errorf("checkout in %s, want under %s", dir, want)
	}
	if readTrim(t, filepath.Join(dir, "VERSION")) != "1" {
		t.Error("wrong revision checked out")
	}
	if _, err := os.Stat(filepath.Join(dir, info.Subdirectory, "setup.py")); err != nil {
		t.Errorf("project not at dir/subdirectory: %v", err)
	}
	want := "file://" + f.dir
	if info.VCS != "git" || info.URL != want || info.CommitID != f.v1 || info.RequestedRevision != "v1" || info.Subdirectory != "plugin1" {
		t.Errorf("info %+v", *info)
	}
	if !strings.Contains(stderr.String(), "checking out "+f.url+"@v1") {
		t.Errorf("stderr: %s", stderr.String())
	}
	for _, fn := range a.cleanups {
		fn()
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("temporary checkout left after the command's cleanups")
	}
	// The mirror stays in the cache: a full sha needs no origin.
	if err := os.RemoveAll(f.dir); err != nil {
		t.Fatal(err)
	}
	dir, info, err = a.Checkout("demo @ "+f.url+"@"+f.main, false)
	if err != nil {
		t.Fatalf("from the cached mirror: %v", err)
	}
	if readTrim(t, filepath.Join(dir, "VERSION")) != "2" || info.CommitID != f.main || info.RequestedRevision != f.main || info.Subdirectory != "" {
		t.Errorf("from the mirror: %+v", *info)
	}
	// --offline: a tag or branch the mirror holds, without the origin.
	dir, info, err = a.offline.Checkout(f.url+"@feature", false)
	if err != nil || readTrim(t, filepath.Join(dir, "VERSION")) != "feature" || info.CommitID != f.fea {
		t.Errorf("offline: %v", err)
	}
	_, _, err = a.offline.Checkout(f.url+"@nope", false)
	var ve *vcs.Error
	if !errors.As(err, &ve) || ve.Kind != vcs.KindOffline {
		t.Errorf("offline, unknown revision: %v", err)
	}
}

func TestCheckoutVCSEditable(t *testing.T) {
	f := newVCSFixture(t)
	a, c, _ := vcsApp(t)
	src := filepath.Join(c.envDir, "src")

	dir, info, err := a.Checkout(f.url+"@feature#egg=Demo", true)
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(src, "demo") || readTrim(t, filepath.Join(dir, "VERSION")) != "feature" || info.CommitID != f.fea {
		t.Fatalf("editable checkout: %s %+v", dir, *info)
	}
	if b := gittest.Run(t, dir, "rev-parse", "--abbrev-ref", "HEAD"); b != "feature" {
		t.Errorf("branch %s, want feature (a checkout to work in)", b)
	}
	// pip freeze's view of it: origin is the repository, HEAD the commit.
	if o := gittest.Run(t, dir, "config", "remote.origin.url"); o != "file://"+f.dir {
		t.Errorf("origin %s", o)
	}
	// Again, another revision: the same folder is reused and moved.
	dir2, info, err := a.Checkout(f.url+"@v1#egg=demo", true)
	if err != nil || dir2 != dir || info.CommitID != f.v1 || readTrim(t, filepath.Join(dir, "VERSION")) != "1" {
		t.Fatalf("reuse: %s %+v %v", dir2, info, err)
	}
	// Without #egg=, the repository's name.
	if dir, _, err := a.Checkout(f.url, true); err != nil || dir != filepath.Join(src, "repo") {
		t.Errorf("no egg: %s %v", dir, err)
	}
	// The folder's name is the normalised project name, as pip's.
	if dir, _, err := a.Checkout(f.url+"#egg=My_Plugin", true); err != nil || dir != filepath.Join(src, "my-plugin") {
		t.Errorf("normalised name: %s %v", dir, err)
	}
	// A folder that is not a checkout of the repository is refused, untouched.
	other := filepath.Join(src, "other")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "mine.txt"), []byte("x"), 0o644)
	_, _, err = a.Checkout(f.url+"#egg=other", true)
	var ve *vcs.Error
	if !errors.As(err, &ve) || ve.Kind != vcs.KindDestination || !strings.Contains(ve.Hint(), "remove or rename") {
		t.Errorf("foreign folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "mine.txt")); err != nil {
		t.Error("foreign folder changed")
	}
}

func TestCheckoutVCSErrors(t *testing.T) {
	f := newVCSFixture(t)
	os.Symlink("/etc", filepath.Join(f.dir, "escape"))
	gittest.Run(t, f.dir, "add", "escape")
	gittest.Run(t, f.dir, "commit", "-q", "-m", "link")
	a, _, _ := vcsApp(t)
	tests := []struct{ req, msg, hint string }{
		{f.url + "#subdirectory=nope", "has no folder nope", "#subdirectory="},
		{f.url + "#subdirectory=escape", "leads outside the repository", "inside the repository"},
		{f.url + "#subdirectory=VERSION", "is not a folder", "#subdirectory="},
		{f.url + "@nope", "no branch, tag or commit named nope", "git ls-remote"},
		{"hg+https://host/repo#egg=x", "only git is supported", "wheel"},
		{"git+https://user:s3cretpw@127.0.0.1:1/repo.git@v1", "127.0.0.1:1/repo.git@v1", "credential"},
	}
	for _, tt := range tests {
		_, _, err := a.Checkout(tt.req, false)
		var h interface{ Hint() string }
		if err == nil || !errors.As(err, &h) {
			t.Errorf("%s: err %v, want one with a hint", tt.req, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(h.Hint(), tt.hint) {
			t.Errorf("%s:\n%s\nhint: %s\nwant %q, hint with %q", tt.req, err, h.Hint(), tt.msg, tt.hint)
		}
		if strings.Contains(err.Error()+h.Hint(), "s3cretpw") {
			t.Errorf("credentials shown: %s", err)
		}
	}
}
