package lockset

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

func target() lock.Interpreter {
	tg, _ := tags.Parse("cp311-cp311-manylinux_2_36_x86_64")
	any, _ := tags.Parse("py3-none-any")
	return lock.Interpreter{
		Tags:    append(tg, any...),
		Env:     pep508.Environment{"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64", "implementation_name": "cpython", "platform_python_implementation": "CPython"},
		BestTag: "cp311-cp311-manylinux_2_36_x86_64",
	}
}

func byName(es []lock.Entry) map[string]lock.Entry {
	m := map[string]lock.Entry{}
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
		var le *lock.Error
		if !errors.As(err, &le) || le.Hint() == "" || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// fwenv.lock's folders (editable or not, relative to the lock) and git
// sources, and an error naming the lock file.
func TestReadFwlockSources(t *testing.T) {
	dir := t.TempDir()
	commit := "0123456789abcdef0123456789abcdef01234567"
	lk := &lock.Lock{Kind: lock.KindLock, Target: lock.Target{Python: "3.11.7", Implementation: "cpython"}, Packages: []lock.Package{
		{Name: "framework", Version: "0.0.1", Requested: true, Source: lock.Source{Directory: &lock.Directory{Path: "src/framework", Editable: true}}},
		{Name: "plugin1", Version: "0.0.1", Requested: true, Source: lock.Source{VCS: &lock.VCS{Type: "git", URL: "https://h.example/r.git", CommitID: commit, Subdirectory: "plugin1"}}},
		{Name: "plugin2", Version: "0.0.1", Source: lock.Source{Directory: &lock.Directory{Path: "/abs/plugin2"}}},
	}}
	path := filepath.Join(dir, lock.Fwenv.FileName())
	if err := Save(lk, path, lock.Fwenv); err != nil {
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
	if p := m["plugin1"]; p.Commit != commit || p.VCS != "git+https://h.example/r.git@"+commit+"#subdirectory=plugin1" || p.Dir != "" || p.Repo != "https://h.example/r.git" || p.RepoSubdir != "plugin1" {
		t.Errorf("git: %+v", p)
	}
	if p := m["plugin2"]; p.Dir != "/abs/plugin2" || p.Editable || p.Requested {
		t.Errorf("folder: %+v", p)
	}

	// A package with only a wheel for another platform: refused, naming
	// the lock.
	bad := &lock.Lock{Kind: lock.KindLock, Target: lock.Target{Python: "3.11.7", Implementation: "cpython"}, Packages: []lock.Package{
		{Name: "native", Version: "1.0", Requested: true, Source: lock.Source{FindLinks: "."}, Artifacts: []lock.Artifact{
			{File: "native-1.0-cp311-cp311-win_amd64.whl", Kind: lock.ArtifactWheel, Path: "native-1.0-cp311-cp311-win_amd64.whl", SHA256: strings.Repeat("a", 64), Size: 1}}},
	}}
	badPath := filepath.Join(t.TempDir(), lock.Fwenv.FileName())
	if err := Save(bad, badPath, lock.Fwenv); err != nil {
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
