package fwlock

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// shuffled returns a copy of l with every sortable list in a random order
// and names spelled differently where the format normalises them.
func shuffled(l *Lock, r *rand.Rand) *Lock {
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
func richLock() *Lock {
	l := seedBundle()
	l.Packages = append(l.Packages,
		Package{Name: "PyYAML", Version: "6.0.1", Source: Source{Index: "https://pypi.org/simple"},
			Markers: `sys_platform == "linux"`,
			Artifacts: []Artifact{
				wheel("PyYAML-6.0.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", 757000),
				sdist("PyYAML-6.0.1.tar.gz", 125201),
				wheel("PyYAML-6.0.1-cp311-cp311-macosx_11_0_arm64.whl", 167000),
			}},
		Package{Name: "Flask", Version: "3.0.0", Requested: true, Source: Source{Index: "https://pypi.org/simple"},
			Dependencies: []string{"Werkzeug", "click", "Jinja2", "itsdangerous", "blinker", "click"},
			Artifacts:    []Artifact{wheel("flask-3.0.0-py3-none-any.whl", 99700)}},
		Package{Name: "future", Version: "0.18.2", Source: Source{Index: "https://pypi.org/simple"},
			Artifacts: []Artifact{sdist("future-0.18.2.tar.gz", 829220)}},
	)
	l.Packages[0].Source = Source{Editable: "../framework"}
	l.Packages[0].Artifacts = nil
	return l
}

func TestMarshalDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		lock func() *Lock
	}{{"seed bundle", seedBundle}, {"rich", richLock}} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := tc.lock().Marshal()
			if err != nil {
				t.Fatal(err)
			}
			again, _ := tc.lock().Marshal()
			if !bytes.Equal(want, again) {
				t.Fatal("two Marshal calls gave different bytes")
			}
			r := rand.New(rand.NewSource(1))
			for i := 0; i < 50; i++ {
				got, err := shuffled(tc.lock(), r).Marshal()
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
	b, err := richLock().Marshal()
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
		lock func() *Lock
	}{{"seed bundle", seedBundle}, {"rich", richLock}, {"lock kind", lockKind}} {
		t.Run(tc.name, func(t *testing.T) {
			in := shuffled(tc.lock(), rand.New(rand.NewSource(2)))
			b, err := in.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(b, "fwenv.lock")
			if err != nil {
				t.Fatal(err)
			}
			want := tc.lock()
			want.Normalize()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(Marshal(x)) != x:\n got %+v\nwant %+v", got, want)
			}
			b2, err := got.Marshal()
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
func lockKind() *Lock {
	l := &Lock{Kind: KindLock, CreatedBy: "fwenv 0.3.0",
		Target:       Target{Python: "3.11", Implementation: "cpython"},
		Requirements: []string{"typeA-plugin1 @ file:///home/dev/plugin1", "future>=0.18"},
		Packages: []Package{
			{Name: "future", Version: "0.18.3", Source: Source{Index: "https://pypi.org/simple"},
				Artifacts: []Artifact{{File: "future-0.18.3.tar.gz", URL: "https://files.pythonhosted.org/packages/future-0.18.3.tar.gz", SHA256: fakeSHA("future"), Size: 840896}}},
			{Name: "typeA-plugin1", Version: "0.0.1", Requested: true, Source: Source{Directory: "/home/dev/plugin1"}, Dependencies: []string{"future"}},
		}}
	return l
}

func TestMarshalFillsDefaults(t *testing.T) {
	l := lockKind()
	if l.Version != 0 || l.Packages[0].Artifacts[0].Kind != "" {
		t.Fatal("test setup")
	}
	b, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("\nversion: 1\n")) || !bytes.Contains(b, []byte("kind: sdist")) {
		t.Errorf("version or artifact kind not filled in:\n%s", b)
	}
	if !bytes.Contains(b, []byte(`python: "3.11"`)) {
		t.Errorf("python 3.11 must stay a string:\n%s", b)
	}
	if l.Version != 0 || l.Packages[0].Artifacts[0].Kind != "" {
		t.Error("Marshal changed its receiver")
	}
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte("old content\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := seedBundle().Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := seedBundle()
	want.Normalize()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load(Save(x)) != x")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("Save left temporary files: %v", entries)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}

	// a lock Marshal refuses leaves the old file alone
	bad := seedBundle()
	bad.Packages[0].Artifacts[0].Path = "/etc/passwd"
	err = bad.Save(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": package framework:") {
		t.Errorf("Save of a bad lock: %v", err)
	}
	if again, err := Load(path); err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("a refused Save changed the file: %v", err)
	}

	// errors name the file
	_, err = Load(filepath.Join(dir, "missing.lock"))
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "missing.lock: no such lock file") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
	if err := seedBundle().Save(filepath.Join(dir, "no", "such", "dir", FileName)); err == nil || !strings.Contains(err.Error(), "cannot write the lock file") {
		t.Errorf("Save into a missing folder: %v", err)
	}
}

func TestFind(t *testing.T) {
	l := richLock()
	l.Normalize()
	for _, name := range []string{"framework.typeA.plugin1", "Framework-TypeA_Plugin1", "FRAMEWORK__typea..plugin1"} {
		if p := l.Find(name); p == nil || p.Name != "framework.typeA.plugin1" {
			t.Errorf("Find(%q) = %v", name, p)
		}
	}
	if p := l.Find("future"); p == nil || p.Version != "0.18.2" {
		t.Errorf("Find(future) should give the lowest version first, got %v", p)
	}
	if p := l.Find("pyyaml"); p == nil || p.Name != "PyYAML" {
		t.Errorf("Find(pyyaml) = %v", p)
	}
	if p := l.Find("absent"); p != nil {
		t.Errorf("Find(absent) = %v", p)
	}
	// Find returns a pointer into the lock
	l.Find("wheel").Requested = true
	if !l.Find("WHEEL").Requested {
		t.Error("Find does not return the lock's own package")
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		t    Target
		want string
	}{
		{Target{Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64"}, "CPython 3.11.7 on linux_x86_64"},
		{Target{Python: "3.10", Implementation: "pypy"}, "PyPy 3.10"},
		{Target{Python: "3.12.1", Platform: "macosx_14_0_arm64"}, "Python 3.12.1 on macosx_14_0_arm64"},
	}
	for _, tt := range tests {
		if got := tt.t.Describe(); got != tt.want {
			t.Errorf("Describe(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	ok := []struct{ path, want string }{
		{"framework-0.0.1.tar.gz", filepath.Join(dir, "framework-0.0.1.tar.gz")},
		{"wheels/setuptools-65.5.0-py3-none-any.whl", filepath.Join(dir, "wheels", "setuptools-65.5.0-py3-none-any.whl")},
	}
	for _, tt := range ok {
		got, err := Artifact{File: "x", Path: tt.path}.Resolve(dir)
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	// relative lock folders become absolute
	if got, err := (Artifact{File: "x", Path: "x.whl"}).Resolve("pkgs"); err != nil || !filepath.IsAbs(got) {
		t.Errorf("Resolve with a relative folder = %q, %v", got, err)
	}
	// Symbolic links are out of scope: Resolve checks the path's text only
	// (see its documentation); callers verify the file's sha256.
	bad := []struct{ path, msg string }{
		{"../x", "leaves the lock file's folder"},
		{"..", "leaves the lock file's folder"},
		{"sub/../../x", "leaves the lock file's folder"},
		{"/etc/passwd", "is absolute"},
		{`..\x`, "backslash"},
		{"./x", "canonical"},
		{"a//b", "canonical"},
		{"", "no local path"},
	}
	for _, tt := range bad {
		got, err := Artifact{File: "x.whl", Path: tt.path}.Resolve(dir)
		if err == nil {
			t.Errorf("Resolve(%q) = %q, want an error", tt.path, got)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "x.whl: ") || e.Hint() == "" {
			t.Errorf("Resolve(%q): %v (want an *Error naming x.whl saying %q, with a hint)", tt.path, err, tt.msg)
		}
	}
}

func TestParseLockKindAllowsURLOnlyArtifacts(t *testing.T) {
	b, err := lockKind().Marshal()
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
	l.Packages = append(l.Packages, Package{Name: "demo", Version: "1.0",
		Source: Source{VCS: "git+https://example.org/repo.git@" + commit + "#subdirectory=sub"}})
	data, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data, "")
	if err != nil {
		t.Fatal(err)
	}
	sel, err := back.Select(map[string]string{"python_version": "3.11", "sys_platform": "linux"}, func(string) (int, bool) { return 0, true }, "py3-none-any")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sel {
		if s.Package.Name == "demo" {
			found = s.Artifact == nil && s.Package.Source.VCS == l.Packages[len(l.Packages)-1].Source.VCS
		}
	}
	if !found {
		t.Error("the git package was not selected as a source without artifacts")
	}
	if c, err := VCSCommit("git+https://example.org/repo.git@" + commit); err != nil || c != commit {
		t.Errorf("VCSCommit = %q, %v", c, err)
	}
	for _, bad := range []string{
		"git+https://example.org/repo.git@main",
		"git+https://example.org/repo.git",
		"git+https://example.org/repo.git@0123456789ABCDEF0123456789abcdef01234567",
		"hg+https://example.org/repo@" + commit,
		"git+https://user:secret@example.org/repo.git@" + commit,
	} {
		l := seedBundle()
		l.Packages = append(l.Packages, Package{Name: "demo", Version: "1.0", Source: Source{VCS: bad}})
		if _, err := l.Marshal(); err == nil {
			t.Errorf("%s was accepted", bad)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	l = seedBundle()
	l.Packages = append(l.Packages, Package{Name: "demo", Version: "1.0", Source: Source{VCS: "git+https://example.org/r@" + commit, Index: "https://pypi.org/simple"}})
	if _, err := l.Marshal(); err == nil || !strings.Contains(err.Error(), "several sources") {
		t.Errorf("vcs and index together: %v", err)
	}
}
