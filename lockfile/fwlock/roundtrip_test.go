package fwlock

import (
	"bytes"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

// shuffled returns a copy of l with every sortable list in a random order
// and names spelled differently where the format normalises them.
func shuffled(l *lock.Lock, r *rand.Rand) *lock.Lock {
	c := l.Clone()
	r.Shuffle(len(c.Packages), func(i, j int) { c.Packages[i], c.Packages[j] = c.Packages[j], c.Packages[i] })
	for i := range c.Packages {
		p := &c.Packages[i]
		r.Shuffle(len(p.Artifacts), func(i, j int) { p.Artifacts[i], p.Artifacts[j] = p.Artifacts[j], p.Artifacts[i] })
		r.Shuffle(len(p.Dependencies), func(i, j int) { p.Dependencies[i], p.Dependencies[j] = p.Dependencies[j], p.Dependencies[i] })
	}
	return c
}

// richLock has several artifacts per package, dependencies to sort and
// normalise, markers, and a lock-kind package recorded by URL.
func richLock() *lock.Lock {
	l := seedBundle()
	l.Packages = append(l.Packages,
		lock.Package{Name: "PyYAML", Version: "6.0.1", Source: lock.Source{Index: "https://pypi.org/simple"},
			Marker: `sys_platform == "linux"`,
			Artifacts: []lock.Artifact{
				wheel("PyYAML-6.0.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", 757000),
				sdist("PyYAML-6.0.1.tar.gz", 125201),
				wheel("PyYAML-6.0.1-cp311-cp311-macosx_11_0_arm64.whl", 167000),
			}},
		lock.Package{Name: "Flask", Version: "3.0.0", Requested: true, Source: lock.Source{Index: "https://pypi.org/simple"},
			Dependencies: lock.DependenciesOn([]string{"Werkzeug", "click", "Jinja2", "itsdangerous", "blinker", "click"}),
			Artifacts:    []lock.Artifact{wheel("flask-3.0.0-py3-none-any.whl", 99700)}},
		lock.Package{Name: "future", Version: "0.18.2", Source: lock.Source{Index: "https://pypi.org/simple"},
			Artifacts: []lock.Artifact{sdist("future-0.18.2.tar.gz", 829220)}},
	)
	l.Packages[0].Source = lock.Source{Directory: &lock.Directory{Path: "../framework", Editable: true}}
	l.Packages[0].Artifacts = nil
	return l
}

func TestMarshalDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		lock func() *lock.Lock
	}{{"seed bundle", seedBundle}, {"rich", richLock}} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := Marshal(tc.lock())
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Marshal(tc.lock())
			if !bytes.Equal(want, again) {
				t.Fatal("two Marshal calls gave different bytes")
			}
			r := rand.New(rand.NewSource(1))
			for i := 0; i < 50; i++ {
				got, err := Marshal(shuffled(tc.lock(), r))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("shuffled input gave different bytes:\n%s\nwant:\n%s", got, want)
				}
			}
		})
	}
}

func TestMarshalOrder(t *testing.T) {
	b, err := Marshal(richLock())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	inOrder := func(parts ...string) {
		t.Helper()
		last := -1
		for _, p := range parts {
			i := strings.Index(s, p)
			if i < 0 || i < last {
				t.Errorf("%q is missing or out of order in:\n%s", p, s)
				return
			}
			last = i
		}
	}
	// packages by normalised name (flask < framework < ... < pyyaml), then version
	inOrder("name: Flask", "name: framework\n", "name: future\n    version: 0.18.2", "name: future\n    version: 0.18.3", "name: PyYAML", "name: setuptools")
	// sdist first, then wheels by file name
	inOrder("file: PyYAML-6.0.1.tar.gz", "file: PyYAML-6.0.1-cp311-cp311-macosx", "file: PyYAML-6.0.1-cp311-cp311-manylinux")
	// dependencies normalised, sorted, once each
	inOrder("dependencies: [blinker, click, itsdangerous, jinja2, werkzeug]")
	// requirements keep the user's order, tags keep best-first order
	inOrder("- framework==0.0.1", "- framework.typeA.plugin1==0.0.1", "- framework.typeA.plugin2==0.0.1")
	inOrder("tags: [cp311-cp311-manylinux_2_36_x86_64, cp311-abi3-manylinux_2_36_x86_64")
	// false booleans and empty lists are left out
	if strings.Contains(s, "requested: false") || strings.Contains(s, "build-only: false") || strings.Contains(s, "dependencies: []") {
		t.Errorf("false or empty fields written:\n%s", s)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		lock func() *lock.Lock
	}{{"seed bundle", seedBundle}, {"rich", richLock}, {"lock kind", lockKind}} {
		t.Run(tc.name, func(t *testing.T) {
			in := shuffled(tc.lock(), rand.New(rand.NewSource(2)))
			b, err := Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(b, "fwenv.lock")
			if err != nil {
				t.Fatal(err)
			}
			want := canonical(t, tc.lock())
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(Marshal(x)) != x:\n got %+v\nwant %+v", got, want)
			}
			b2, err := Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, b2) {
				t.Errorf("Marshal(Parse(Marshal(x))) differs")
			}
		})
	}
}

// lockKind is what `fwenv lock` writes: artifacts by URL, no local paths.
func lockKind() *lock.Lock {
	l := &lock.Lock{Kind: lock.KindLock, CreatedBy: "fwenv 0.3.0",
		Target:       lock.Target{Python: "3.11", Implementation: "cpython"},
		Requirements: []string{"typeA-plugin1 @ file:///home/dev/plugin1", "future>=0.18"},
		Packages: []lock.Package{
			{Name: "future", Version: "0.18.3", Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{{File: "future-0.18.3.tar.gz", URL: "https://files.pythonhosted.org/packages/future-0.18.3.tar.gz", SHA256: fakeSHA("future"), Size: 840896}}},
			{Name: "typeA-plugin1", Version: "0.0.1", Requested: true, Source: lock.Source{Directory: &lock.Directory{Path: "/home/dev/plugin1"}}, Dependencies: lock.DependenciesOn([]string{"future"})},
		}}
	return l
}

func TestMarshalFillsDefaults(t *testing.T) {
	l := lockKind()
	if l.Packages[0].Artifacts[0].Kind != "" {
		t.Fatal("test setup")
	}
	b, err := Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("\nversion: 1\n")) || !bytes.Contains(b, []byte("kind: sdist")) {
		t.Errorf("version or artifact kind not filled in:\n%s", b)
	}
	if !bytes.Contains(b, []byte(`python: "3.11"`)) {
		t.Errorf("python 3.11 must stay a string:\n%s", b)
	}
	if l.Packages[0].Artifacts[0].Kind != "" {
		t.Error("Marshal changed its receiver")
	}
}

func TestFind(t *testing.T) {
	l := canonical(t, richLock())
	first := func(name string) *lock.Package {
		if ps := l.Find(name); len(ps) > 0 {
			return ps[0]
		}
		return nil
	}
	for _, name := range []string{"framework.typeA.plugin1", "Framework-TypeA_Plugin1", "FRAMEWORK__typea..plugin1"} {
		if p := first(name); p == nil || p.Name != "framework.typeA.plugin1" {
			t.Errorf("Find(%q) = %v", name, p)
		}
	}
	if ps := l.Find("future"); len(ps) != 2 || ps[0].Version != "0.18.2" {
		t.Errorf("Find(future) should give both versions, the lowest first, got %v", ps)
	}
	if p := first("pyyaml"); p == nil || p.Name != "PyYAML" {
		t.Errorf("Find(pyyaml) = %v", p)
	}
	if p := first("absent"); p != nil {
		t.Errorf("Find(absent) = %v", p)
	}
	// Find returns a pointer into the lock
	first("wheel").Requested = true
	if !first("WHEEL").Requested {
		t.Error("Find does not return the lock's own package")
	}
}

func TestParseLockKindAllowsURLOnlyArtifacts(t *testing.T) {
	b, err := Marshal(lockKind())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(b, "fwenv.lock"); err != nil {
		t.Fatal(err)
	}
	// the same file as a bundle is refused: bundle artifacts must be local
	bundle := bytes.Replace(b, []byte("kind: lock"), []byte("kind: bundle"), 1)
	if _, err := Parse(bundle, "fwenv.lock"); err == nil || !strings.Contains(err.Error(), "package future: artifact future-0.18.3.tar.gz has no path") {
		t.Errorf("a bundle artifact without a path: %v", err)
	}
}

// A git source is pinned to a full commit id and survives a round trip.
func TestVCSSource(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	l := seedBundle()
	l.Packages = append(l.Packages, lock.Package{Name: "demo", Version: "1.0",
		Source: lock.Source{VCS: &lock.VCS{Type: "git", URL: "https://example.org/repo.git", CommitID: commit, Subdirectory: "sub"}}})
	data, err := Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "vcs: git+https://example.org/repo.git@"+commit+"#subdirectory=sub\n") {
		t.Errorf("the vcs source as written:\n%s", data)
	}
	back, err := Parse(data, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Find("demo")[0].Source; !reflect.DeepEqual(got, l.Packages[len(l.Packages)-1].Source) {
		t.Errorf("read back as %+v", got.VCS)
	}
	for _, bad := range []*lock.VCS{
		{Type: "git", URL: "https://example.org/repo.git", CommitID: "main"},
		{Type: "git", URL: "https://example.org/repo.git"},
		{Type: "hg", URL: "https://example.org/repo", CommitID: commit},
		{Type: "git", Path: "repo", CommitID: commit},
		{Type: "git", URL: "https://user:secret@example.org/repo.git", CommitID: commit},
	} {
		l := seedBundle()
		l.Packages = append(l.Packages, lock.Package{Name: "demo", Version: "1.0", Source: lock.Source{VCS: bad}})
		if _, err := Marshal(l); err == nil {
			t.Errorf("%+v was accepted", bad)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	l = seedBundle()
	l.Packages = append(l.Packages, lock.Package{Name: "demo", Version: "1.0", Source: lock.Source{VCS: &lock.VCS{Type: "git", URL: "https://example.org/r", CommitID: commit}, Index: "https://pypi.org/simple"}})
	if _, err := Marshal(l); err == nil || !strings.Contains(err.Error(), "several sources") {
		t.Errorf("vcs and index together: %v", err)
	}
}

// What fwenv.lock has no place for, and would change what is installed,
// is refused.
func TestMarshalRefusesPEP751Only(t *testing.T) {
	for what, edit := range map[string]func(l *lock.Lock){
		"environments":                func(l *lock.Lock) { l.Environments = []string{"sys_platform == 'linux'"} },
		"requires-python":             func(l *lock.Lock) { l.RequiresPython = ">=3.11" },
		"extras or dependency groups": func(l *lock.Lock) { l.DependencyGroups = []string{"dev"} },
		"a folder's subdirectory": func(l *lock.Lock) {
			l.Packages[0].Source = lock.Source{Directory: &lock.Directory{Path: "mono", Subdirectory: "a"}}
		},
		"package framework: fwenv.lock has no place for requires-python": func(l *lock.Lock) { l.Packages[0].RequiresPython = ">=3" },
	} {
		l := seedBundle()
		edit(l)
		if _, err := Marshal(l); err == nil || !strings.Contains(err.Error(), what) || err.(*lock.Error).Hint() == "" {
			t.Errorf("%s: %v", what, err)
		}
	}
}

// canonical is l as Parse gives it back: in the file's order, normalised.
func canonical(t *testing.T, l *lock.Lock) *lock.Lock {
	t.Helper()
	w, err := fromModel(l)
	if err != nil {
		t.Fatal(err)
	}
	w.normalize()
	return toModel(w)
}
