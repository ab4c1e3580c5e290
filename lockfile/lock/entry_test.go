package lock

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

func TestGitRequirement(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	for _, sub := range []string{"", "plugin1", "a/b", "plug+in", "a&b", "x#y", "50%"} {
		req, c, err := GitRequirement("https://example.org/repo.git", strings.ToUpper(commit), sub)
		if err != nil {
			t.Fatalf("%q: %v", sub, err)
		}
		spec, err := vcs.Parse(req)
		if err != nil {
			t.Fatalf("%s: %v", req, err)
		}
		if c != commit || spec.Ref != commit || spec.Subdirectory != sub || spec.URL != "https://example.org/repo.git" {
			t.Errorf("%q: %s read back as %+v", sub, req, spec)
		}
	}
	for _, bad := range [][2]string{{"https://example.org/repo.git?x=1", commit}, {"https://example.org/r#frag", commit}, {"https://example.org/r", "abc123"}, {"https://example.org/r", "main"}} {
		if req, _, err := GitRequirement(bad[0], bad[1], ""); err == nil {
			t.Errorf("%v accepted as %s", bad, req)
		}
	}
}

func TestCheckBuilt(t *testing.T) {
	e := Entry{Name: "framework.typeA.plugin1", Version: "0.0.1", Dir: "/src/plugin1"}
	if err := e.CheckBuilt("/tmp/framework_typea_plugin1-0.0.1.0-py3-none-any.whl"); err != nil {
		t.Errorf("the same project and version (0.0.1 == 0.0.1.0): %v", err)
	}
	for _, w := range []string{"/tmp/other-0.0.1-py3-none-any.whl", "/tmp/framework_typea_plugin1-0.0.2-py3-none-any.whl"} {
		if err := e.CheckBuilt(w); err == nil || !strings.Contains(err.Error(), "/src/plugin1 builds") {
			t.Errorf("%s: %v", w, err)
		}
	}
}

func TestLocate(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	content := "wheel bytes"
	sum := sha256.Sum256([]byte(content))
	e := Entry{Name: "demo", Version: "1.0", File: "demo-1.0-py3-none-any.whl", SHA256: hex.EncodeToString(sum[:])}
	noFetch := func(source.File) (string, error) { t.Fatal("fetched"); return "", nil }

	// Not anywhere: the error says where it looked; offline says why.
	_, err := e.Locate([]string{dir}, true, noFetch)
	var le *Error
	if !errors.As(err, &le) || !strings.Contains(err.Error(), filepath.Join(dir, e.File)) || !strings.Contains(le.Hint(), "--offline") {
		t.Fatalf("missing: %v", err)
	}
	// In a folder given with -f.
	p := filepath.Join(other, e.File)
	os.WriteFile(p, []byte(content), 0o644)
	if got, err := e.Locate([]string{dir, other}, false, noFetch); err != nil || got != p {
		t.Fatalf("in a folder: %q %v", got, err)
	}
	// Where the lock says it is, before the folders; another hash there is
	// refused, not passed over.
	beside := filepath.Join(dir, e.File)
	os.WriteFile(beside, []byte("tampered"), 0o644)
	e.Path = beside
	var hm *source.HashMismatchError
	if _, err := e.Locate([]string{other}, false, noFetch); !errors.As(err, &hm) || !strings.Contains(hm.File, "package demo") {
		t.Fatalf("tampered: %v", err)
	}
	e.Path = ""
	// A file: URL is read in place.
	e.URL = (&url.URL{Scheme: "file", Path: p}).String()
	if got, err := e.Locate(nil, false, noFetch); err != nil || got != p {
		t.Fatalf("file URL: %q %v", got, err)
	}
	// Any other URL is fetched, with the lock's hash.
	e.URL = "https://files.example/demo-1.0-py3-none-any.whl"
	var asked source.File
	got, err := e.Locate(nil, false, func(f source.File) (string, error) { asked = f; return p, nil })
	if err != nil || got != p || asked.URL != e.URL || asked.Hashes["sha256"] != e.SHA256 || asked.Project != "demo" {
		t.Fatalf("fetched: %q %v %+v", got, err, asked)
	}
	// Offline, the fetcher's refusal becomes "not found (offline)".
	_, err = e.Locate(nil, true, func(f source.File) (string, error) { return "", &fetch.OfflineError{URL: f.URL} })
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "(offline)") {
		t.Fatalf("offline: %v", err)
	}
}

func TestVCSCommit(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	if c, err := VCSCommit("git+https://example.org/repo.git@" + commit + "#subdirectory=sub"); err != nil || c != commit {
		t.Errorf("VCSCommit = %q, %v", c, err)
	}
	for _, bad := range []string{
		"git+https://example.org/repo.git@main",
		"git+https://example.org/repo.git",
		"git+https://example.org/repo.git@0123456789ABCDEF0123456789abcdef01234567",
		"hg+https://example.org/repo@" + commit,
	} {
		if _, err := VCSCommit(bad); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

func TestGitSource(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	s, err := GitSource("ssh://git@github.com/o/r.git", strings.ToUpper(commit), "a&b")
	if err != nil || s.VCS == nil || *s.VCS != (VCS{Type: "git", URL: "ssh://git@github.com/o/r.git", CommitID: commit, Subdirectory: "a&b"}) {
		t.Errorf("GitSource = %+v, %v", s.VCS, err)
	}
	if _, err := GitSource("https://h/r", "main", ""); err == nil {
		t.Error("a branch was accepted")
	}
}
