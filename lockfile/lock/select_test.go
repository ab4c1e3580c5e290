package lock_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep508"
)

func environment(t *testing.T, python, platform string) map[string]string {
	t.Helper()
	env, err := pep508.SyntheticEnvironment(python, platform)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// interp is an interpreter with the given marker environment, best tag
// and tags (best first).
func interp(t *testing.T, env map[string]string, best string, supported ...string) lock.Interpreter {
	t.Helper()
	var list []tags.Tag
	for _, s := range supported {
		ts, err := tags.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, ts...)
	}
	return lock.Interpreter{Tags: list, Env: env, BestTag: best}
}

var sha = strings.Repeat("a", 64)

// A lock as fwenv.lock records one: packages from an index with several
// files, a marker, a project folder, what a bundle keeps to build sdists.
func fwenvLock() *lock.Lock {
	return &lock.Lock{Kind: lock.KindLock, Packages: []lock.Package{
		{Name: "native", Version: "1.0", Requested: true, Source: lock.Source{Index: "https://i/simple"}, Artifacts: []lock.Artifact{
			{File: "native-1.0.tar.gz", Kind: lock.ArtifactSdist, Path: "native-1.0.tar.gz", SHA256: sha, Size: 1},
			{File: "native-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", Kind: lock.ArtifactWheel, URL: "https://f/native-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", SHA256: sha, Size: 1},
			{File: "native-1.0-py3-none-any.whl", Kind: lock.ArtifactWheel, SHA256: sha, Size: 1},
		}, Dependencies: lock.DependenciesOn([]string{"dep"})},
		{Name: "dep", Version: "2.0", Source: lock.Source{FindLinks: "wheels"}, Artifacts: []lock.Artifact{
			{File: "dep-2.0-py3-none-any.whl", Kind: lock.ArtifactWheel, Path: "wheels/dep-2.0-py3-none-any.whl", SHA256: sha, Size: 1}}},
		{Name: "winonly", Version: "1.0", Marker: `sys_platform == "win32"`, Source: lock.Source{Index: "https://i/simple"}, Artifacts: []lock.Artifact{
			{File: "winonly-1.0-py3-none-any.whl", Kind: lock.ArtifactWheel, SHA256: sha, Size: 1}}},
		{Name: "plugin", Version: "0.1", Source: lock.Source{Directory: &lock.Directory{Path: "../plugin", Editable: true}}},
		{Name: "setuptools", Version: "65.5.0", BuildOnly: true, Source: lock.Source{FindLinks: "."}, Artifacts: []lock.Artifact{
			{File: "setuptools-65.5.0-py3-none-any.whl", Kind: lock.ArtifactWheel, Path: "setuptools-65.5.0-py3-none-any.whl", SHA256: sha, Size: 1}}},
		{Name: "setuptools", Version: "70.0.0", Source: lock.Source{Index: "https://i/simple"}, Artifacts: []lock.Artifact{
			{File: "setuptools-70.0.0-py3-none-any.whl", Kind: lock.ArtifactWheel, SHA256: sha, Size: 1}}},
	}}
}

func TestSelect(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "fwenv.lock")
	env := environment(t, "3.11", "manylinux_2_17_x86_64")
	in := interp(t, env, "cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux_2_17_x86_64", "py3-none-any")
	es, err := fwenvLock().Select(file, in, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Name+" "+e.Version+" "+e.File+e.Dir)
	}
	want := []string{
		"native 1.0 native-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
		"dep 2.0 dep-2.0-py3-none-any.whl",
		"plugin 0.1 " + filepath.Join(filepath.Dir(dir), "plugin"),
		"setuptools 65.5.0 setuptools-65.5.0-py3-none-any.whl",
		"setuptools 70.0.0 setuptools-70.0.0-py3-none-any.whl",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("selected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	native, dep, plugin, build := es[0], es[1], es[2], es[3]
	if !native.Requested || native.Sdist || native.Path != "" || native.URL == "" || native.Origin.Index != "https://i/simple" {
		t.Errorf("native: %+v", native)
	}
	if dep.Requested || dep.Path != filepath.Join(dir, "wheels", "dep-2.0-py3-none-any.whl") || dep.Origin.FindLinks != "wheels" {
		t.Errorf("dep (a dependency; fwenv.lock says who is requested): %+v", dep)
	}
	if !plugin.Editable || plugin.Requested || plugin.Origin.FindLinks != "." {
		t.Errorf("plugin: %+v", plugin)
	}
	if !build.BuildOnly || es[4].BuildOnly {
		t.Errorf("build-only: %+v %+v", build, es[4])
	}

	// No usable wheel: the sdist.
	sdistOnly := interp(t, env, "cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux_2_17_x86_64")
	l := fwenvLock()
	l.Packages = l.Packages[:1]
	es, err = l.Select(file, sdistOnly, nil, nil)
	if err != nil || es[0].File != "native-1.0.tar.gz" || !es[0].Sdist || es[0].Path != filepath.Join(dir, "native-1.0.tar.gz") {
		t.Errorf("without usable wheels: %+v %v", es, err)
	}
	// No usable file at all: an error naming the lock, the package, the
	// best tag and the files.
	l.Packages[0].Artifacts = l.Packages[0].Artifacts[1:2]
	_, err = l.Select(file, sdistOnly, nil, nil)
	var e *lock.Error
	want1 := file + ": package native: version 1.0 has no file for this interpreter (best tag cp312-cp312-manylinux_2_17_x86_64): native-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"
	if !errors.As(err, &e) || err.Error() != want1 || e.Hint() == "" {
		t.Fatalf("%v\nwant %s", err, want1)
	}
}

func TestSelectRefusesOverlap(t *testing.T) {
	l := fwenvLock()
	l.Packages = append(l.Packages, lock.Package{Name: "Native", Version: "2.0", Marker: `sys_platform == "linux"`, Source: lock.Source{Index: "https://i/simple"}, Artifacts: []lock.Artifact{
		{File: "native-2.0-py3-none-any.whl", Kind: lock.ArtifactWheel, SHA256: sha, Size: 1}}})
	env := environment(t, "3.11", "manylinux_2_17_x86_64")
	_, err := l.Select("fwenv.lock", interp(t, env, "", "py3-none-any"), nil, nil)
	want := `fwenv.lock: package Native: two entries apply to this environment (native 1.0 and Native 2.0 (marker "sys_platform == \"linux\""))`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

func TestSelectExtrasNeedTheLock(t *testing.T) {
	env := environment(t, "3.11", "manylinux_2_17_x86_64")
	_, err := fwenvLock().Select("fwenv.lock", interp(t, env, "", "py3-none-any"), []string{"gui"}, nil)
	if err == nil || err.Error() != `fwenv.lock: extra "gui" is not in the lock (it has: none)` {
		t.Errorf("extra: %v", err)
	}
	_, err = fwenvLock().Select("fwenv.lock", interp(t, env, "", "py3-none-any"), nil, []string{"dev"})
	if err == nil || err.Error() != `fwenv.lock: dependency group "dev" is not in the lock (it has: none)` {
		t.Errorf("group: %v", err)
	}
}

// Where a lock does not say who is requested (PEP 751), what no other
// selected package depends on is.
func TestSelectRequestUnknown(t *testing.T) {
	l := fwenvLock()
	for i := range l.Packages {
		l.Packages[i].Requested, l.Packages[i].RequestUnknown = false, true
	}
	l.Packages[1].RequestUnknown = false // said not requested
	env := environment(t, "3.11", "manylinux_2_17_x86_64")
	es, err := l.Select("pylock.toml", interp(t, env, "", "py3-none-any"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if want := e.Name != "dep"; e.Requested != want {
			t.Errorf("%s: requested %v, want %v", e.Name, e.Requested, want)
		}
	}
}

func TestSelectGit(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	l := &lock.Lock{Packages: []lock.Package{
		{Name: "demo", Version: "1.0", Source: lock.Source{VCS: &lock.VCS{Type: "git", URL: "https://h.example/r.git", CommitID: strings.ToUpper(commit), Subdirectory: "sub"}}},
		{Name: "local", Source: lock.Source{VCS: &lock.VCS{Type: "git", Path: "repo", CommitID: commit}}},
	}}
	dir := t.TempDir()
	es, err := l.Select(filepath.Join(dir, "pylock.toml"), lock.Interpreter{Env: environment(t, "3.11", "linux_x86_64")}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := es[0]; d.VCS != "git+https://h.example/r.git@"+commit+"#subdirectory=sub" || d.Commit != commit || d.Repo != "https://h.example/r.git" || d.RepoSubdir != "sub" {
		t.Errorf("demo: %+v", d)
	}
	if d := es[1]; d.VCS != "git+file://"+filepath.ToSlash(filepath.Join(dir, "repo"))+"@"+commit {
		t.Errorf("local: %+v", d)
	}
	l.Packages[1].Source.VCS.Type = "hg"
	_, err = l.Select("pylock.toml", lock.Interpreter{Env: environment(t, "3.11", "linux_x86_64")}, nil, nil)
	if err == nil || err.Error() != "pylock.toml: package local comes from a hg repository; fwenv checks out git repositories only" {
		t.Errorf("hg: %v", err)
	}
}
