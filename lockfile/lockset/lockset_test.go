package lockset

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/resolver/pep508"
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

func target() Target {
	tg, _ := tags.Parse("cp311-cp311-manylinux_2_36_x86_64")
	any, _ := tags.Parse("py3-none-any")
	return Target{
		Tags:    append(tg, any...),
		Env:     pep508.Environment{"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64", "implementation_name": "cpython", "platform_python_implementation": "CPython"},
		BestTag: "cp311-cp311-manylinux_2_36_x86_64",
	}
}

func byName(es []Entry) map[string]Entry {
	m := map[string]Entry{}
	for _, e := range es {
		m[e.Name] = e
	}
	return m
}

func TestReadFwlockBundle(t *testing.T) {
	path, _ := filepath.Abs("../fwlock/testdata/seed-bundle.lock.golden")
	es, warnings, err := Read(path, target(), nil, nil)
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	m := byName(es)
	fw := m["framework"]
	if !fw.Requested || !fw.Sdist || fw.File != "framework-0.0.1.tar.gz" || fw.Path != filepath.Join(filepath.Dir(path), "framework-0.0.1.tar.gz") || len(fw.SHA256) != 64 || fw.Origin.FindLinks != "." {
		t.Errorf("framework: %+v", fw)
	}
	if st := m["setuptools"]; !st.BuildOnly || st.Sdist || st.Requested {
		t.Errorf("setuptools: %+v", st)
	}
	if fu := m["future"]; fu.Requested {
		t.Errorf("future is a dependency: %+v", fu)
	}
}

func TestReadPylockSources(t *testing.T) {
	path, _ := filepath.Abs("../pylock/testdata/pylock.sources.toml")
	es, _, err := Read(path, target(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := byName(es)
	dir := filepath.Dir(path)
	if f := m["framework"]; f.Dir != filepath.Join(dir, "src/framework") || !f.Editable || !f.Requested {
		t.Errorf("folder: %+v", f)
	}
	p1 := m["framework-typea-plugin1"]
	spec, err := vcs.Parse(p1.VCS)
	if err != nil || p1.Commit != "3f786850e387550fdab836ed7e6dc881de23001b" || spec.Ref != p1.Commit || spec.Subdirectory != "plugin1" || spec.URL != "https://github.com/example/plugin1.git" {
		t.Errorf("git: %+v (%v)", p1, err)
	}
	if p1.Repo != "https://github.com/example/plugin1.git" || p1.RepoSubdir != "plugin1" {
		t.Errorf("git repository: %q %q", p1.Repo, p1.RepoSubdir)
	}
	if p2 := m["framework-typea-plugin2"]; !p2.Sdist || p2.URL == "" || p2.Path != "" || p2.File != "framework.typeA.plugin2-0.0.1.tar.gz" {
		t.Errorf("archive: %+v", p2)
	}
	if fu := m["future"]; fu.Path != filepath.Join(dir, "../wheels/future-0.18.3.tar.gz") || fu.Origin.Index != "https://pypi.org/simple" {
		t.Errorf("sdist from an index: %+v", fu)
	}
}

func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	head := "lock-version = \"1.0\"\ncreated-by = \"test\"\n"
	for name, body := range map[string]string{
		"hg":     "[[packages]]\nname = \"a\"\nvcs = { type = \"hg\", url = \"https://h/r\", commit-id = \"0123456789abcdef0123456789abcdef01234567\" }\n",
		"short":  "[[packages]]\nname = \"a\"\nvcs = { type = \"git\", url = \"https://h/r\", commit-id = \"abc123\" }\n",
		"nohash": "[[packages]]\nname = \"a\"\nversion = \"1.0\"\nwheels = [{ name = \"a-1.0-py3-none-any.whl\", url = \"https://h/a-1.0-py3-none-any.whl\", hashes = { md5 = \"0123456789abcdef0123456789abcdef\" } }]\n",
	} {
		p := filepath.Join(dir, "pylock."+name+".toml")
		if err := os.WriteFile(p, []byte(head+body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := Read(p, target(), nil, nil)
		var le *Error
		if !errors.As(err, &le) || le.Hint() == "" || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: %v", name, err)
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

// fwenv.lock's folders (editable or not, relative to the lock) and git
// sources, and an error naming the lock file.
func TestReadFwlockSources(t *testing.T) {
	dir := t.TempDir()
	commit := "0123456789abcdef0123456789abcdef01234567"
	lk := &fwlock.Lock{Kind: fwlock.KindLock, Target: fwlock.Target{Python: "3.11.7", Implementation: "cpython"}, Packages: []fwlock.Package{
		{Name: "framework", Version: "0.0.1", Requested: true, Source: fwlock.Source{Editable: "src/framework"}},
		{Name: "plugin1", Version: "0.0.1", Requested: true, Source: fwlock.Source{VCS: "git+https://h.example/r.git@" + commit + "#subdirectory=plugin1"}},
		{Name: "plugin2", Version: "0.0.1", Source: fwlock.Source{Directory: "/abs/plugin2"}},
	}}
	path := filepath.Join(dir, fwlock.FileName)
	if err := lk.Save(path); err != nil {
		t.Fatal(err)
	}
	es, _, err := Read(path, target(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := byName(es)
	if f := m["framework"]; f.Dir != filepath.Join(dir, "src/framework") || !f.Editable || !f.Requested {
		t.Errorf("editable folder: %+v", f)
	}
	if p := m["plugin1"]; p.Commit != commit || p.VCS != lk.Packages[1].Source.VCS || p.Dir != "" || p.Repo != "https://h.example/r.git" || p.RepoSubdir != "plugin1" {
		t.Errorf("git: %+v", p)
	}
	if p := m["plugin2"]; p.Dir != "/abs/plugin2" || p.Editable || p.Requested {
		t.Errorf("folder: %+v", p)
	}

	// A package with only a wheel for another platform: refused, naming
	// the lock.
	bad := &fwlock.Lock{Kind: fwlock.KindLock, Target: fwlock.Target{Python: "3.11.7", Implementation: "cpython"}, Packages: []fwlock.Package{
		{Name: "native", Version: "1.0", Requested: true, Source: fwlock.Source{FindLinks: "."}, Artifacts: []fwlock.Artifact{
			{File: "native-1.0-cp311-cp311-win_amd64.whl", Kind: fwlock.ArtifactWheel, Path: "native-1.0-cp311-cp311-win_amd64.whl", SHA256: strings.Repeat("a", 64), Size: 1}}},
	}}
	badPath := filepath.Join(t.TempDir(), fwlock.FileName)
	if err := bad.Save(badPath); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read(badPath, target(), nil, nil); err == nil || !strings.Contains(err.Error(), badPath) {
		t.Fatalf("no usable file: %v", err)
	}
}

// pylock.toml: requested is what no other selected package depends on,
// unless fwenv's tool table says; a folder's subdirectory counts; an
// archive that is a wheel is not an sdist.
func TestReadPylockRequested(t *testing.T) {
	dir := t.TempDir()
	body := `lock-version = "1.0"
created-by = "test"

[[packages]]
name = "app"
version = "1.0"
dependencies = [{name = "lib"}]
archive = { url = "https://h.example/app-1.0-py3-none-any.whl", hashes = { sha256 = "` + strings.Repeat("b", 64) + `" } }

[[packages]]
name = "lib"
directory = { path = "mono", subdirectory = "libs/lib" }

[[packages]]
name = "tool"
version = "2.0"
archive = { url = "https://h.example/tool-2.0.tar.gz", hashes = { sha256 = "` + strings.Repeat("c", 64) + `" } }
[packages.tool.fwenv]
requested = false
`
	path := filepath.Join(dir, "pylock.toml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	es, _, err := Read(path, target(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := byName(es)
	if a := m["app"]; !a.Requested || a.Sdist || a.File != "app-1.0-py3-none-any.whl" {
		t.Errorf("app: %+v", a)
	}
	if l := m["lib"]; l.Requested || l.Dir != filepath.Join(dir, "mono", "libs", "lib") {
		t.Errorf("lib: %+v", l)
	}
	if tl := m["tool"]; tl.Requested || !tl.Sdist {
		t.Errorf("tool (tool.fwenv.requested = false): %+v", tl)
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
