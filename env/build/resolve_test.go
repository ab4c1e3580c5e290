package build

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python"
)

// fakeInfo describes a CPython 3.minor whose stdlib is stdlib (its
// ensurepip/_bundled folder is where fake bundle wheels go).
func fakeInfo(minor int, stdlib string, debian bool) *python.Info {
	v := fmt.Sprintf("3.%d", minor)
	return &python.Info{
		Path:           "/fake/bin/python" + v,
		VersionInfo:    []int{3, minor, 1},
		Implementation: "cpython",
		SOABI:          fmt.Sprintf("cpython-3%d-x86_64-linux-gnu", minor),
		Platform:       "linux",
		Machine:        "x86_64",
		Is64:           true,
		Libc:           []any{"glibc", 2.0, 36.0},
		Stdlib:         stdlib,
		DebianScheme:   debian,
		Markers: map[string]string{
			"python_version": v, "python_full_version": v + ".1", "sys_platform": "linux",
			"platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython",
			"platform_machine": "x86_64", "platform_python_implementation": "CPython",
			"implementation_version": v + ".1", "platform_release": "", "platform_version": "",
		},
	}
}

type fakeMachine struct {
	root                          string
	py38, py39, py311, py312      *python.Info
	debian311                     *python.Info
	system, findLinks, findLinks2 string
}

// newFakeMachine lays out bundles like this machine's: 3.8 has setuptools
// 56, 3.9 has 58.1, 3.11 has 65.5, 3.12 none; Debian's folder has
// setuptools 66.1.1 and wheel 0.38.4.
func newFakeMachine(t *testing.T) *fakeMachine {
	root := t.TempDir()
	m := &fakeMachine{root: root}
	lib := func(v string) string { return filepath.Join(root, "pyenv", v, "lib", "python"+v) }
	bundle := func(v string) string { return filepath.Join(lib(v), "ensurepip", "_bundled") }
	m.py38 = fakeInfo(8, lib("3.8"), false)
	m.py39 = fakeInfo(9, lib("3.9"), false)
	m.py311 = fakeInfo(11, lib("3.11"), false)
	m.py312 = fakeInfo(12, lib("3.12"), false)
	m.debian311 = fakeInfo(11, filepath.Join(root, "usr", "lib", "python3.11"), true)
	fakeWheel(t, bundle("3.8"), "setuptools", "56.0.0", "py3-none-any", ">=3.6")
	fakeWheel(t, bundle("3.8"), "pip", "23.0.1", "py3-none-any", ">=3.7")
	fakeWheel(t, bundle("3.9"), "setuptools", "58.1.0", "py3-none-any", ">=3.6")
	fakeWheel(t, bundle("3.11"), "setuptools", "65.5.0", "py3-none-any", ">=3.7")
	fakeWheel(t, bundle("3.12"), "pip", "23.2.1", "py3-none-any", ">=3.7")
	m.system = filepath.Join(root, "usr", "share", "python-wheels")
	fakeWheel(t, m.system, "setuptools", "66.1.1", "py3-none-any", ">=3.7")
	fakeWheel(t, m.system, "wheel", "0.38.4", "py3-none-any", ">=3.7")
	m.findLinks = filepath.Join(root, "wheels")
	m.findLinks2 = filepath.Join(root, "wheels2")
	return m
}

func (m *fakeMachine) all() []*python.Info { return []*python.Info{m.py38, m.py39, m.py311, m.py312} }

func resolveFor(target *python.Info, m *fakeMachine, findLinks []string, interps []*python.Info, reqs ...string) ([]Resolved, error) {
	return newResolver(target, Pools(target, findLinks, interps, m.system)).resolve(reqs, nil)
}

func summary(ws []Resolved) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, fmt.Sprintf("%s %s from %s (%s)", w.Project, w.Version, w.Origin, filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(w.Path))))))
	}
	return strings.Join(parts, "; ")
}

func TestFallbackOrder(t *testing.T) {
	m := newFakeMachine(t)
	legacy := []string{"setuptools>=40.8.0", "wheel"}
	tests := []struct {
		name      string
		target    *python.Info
		findLinks bool
		interps   []*python.Info
		reqs      []string
		want      map[string]string // project -> "version origin"
		wantErr   string
	}{
		{name: "3.8 takes 65.5 from the 3.11 bundle, wheel from Debian", target: m.py38, interps: m.all(), reqs: legacy,
			want: map[string]string{"setuptools": "65.5.0 ensurepip", "wheel": "0.38.4 system"}},
		{name: "3.8 alone gets its own bundle's 56", target: m.py38, interps: nil, reqs: legacy,
			want: map[string]string{"setuptools": "56.0.0 ensurepip", "wheel": "0.38.4 system"}},
		{name: "3.12 with no bundled setuptools of its own still finds 65.5", target: m.py312, interps: m.all(), reqs: legacy,
			want: map[string]string{"setuptools": "65.5.0 ensurepip", "wheel": "0.38.4 system"}},
		{name: "a specifier the bundles miss falls through to Debian only for Debian's Python", target: m.debian311, interps: m.all(), reqs: []string{"setuptools>=66"},
			want: map[string]string{"setuptools": "66.1.1 system"}},
		{name: "never Debian's setuptools for another interpreter", target: m.py311, interps: m.all(), reqs: []string{"setuptools>=66"},
			wantErr: "install_layout"},
		{name: "never Debian's setuptools, even when nothing else exists", target: m.py312, interps: nil, reqs: []string{"setuptools"},
			wantErr: "patched"},
		{name: "find-links first", target: m.py38, findLinks: true, interps: m.all(), reqs: legacy,
			want: map[string]string{"setuptools": "70.0.0 find-links", "wheel": "0.38.4 system"}},
		{name: "missing everywhere", target: m.py311, interps: m.all(), reqs: []string{"hatchling>=1"},
			wantErr: `build requirement "hatchling>=1"`},
		{name: "markers skip requirements", target: m.py311, interps: m.all(), reqs: []string{"wheel", "hatchling; python_version < '3'"},
			want: map[string]string{"wheel": "0.38.4 system"}},
		{name: "dependencies are followed", target: m.py311, findLinks: true, interps: m.all(), reqs: []string{"flit-core"},
			want: map[string]string{"flit-core": "3.9.0 find-links", "tomli": "2.0.1 find-links"}},
		{name: "Requires-Python is honoured", target: m.py38, findLinks: true, interps: m.all(), reqs: []string{"newonly"},
			want: map[string]string{"newonly": "1.0 find-links"}},
		{name: "tags are honoured", target: m.py311, findLinks: true, interps: m.all(), reqs: []string{"native"},
			want: map[string]string{"native": "1.0 find-links"}},
		{name: "sdists are not build requirements", target: m.py311, findLinks: true, interps: m.all(), reqs: []string{"onlysdist"},
			wantErr: "an sdist"},
	}
	fakeWheel(t, m.findLinks, "setuptools", "70.0.0", "py3-none-any", ">=3.8")
	fakeWheel(t, m.findLinks, "flit_core", "3.9.0", "py3-none-any", ">=3.6", "tomli; python_version < '3.12'", "pytest; extra == 'test'")
	fakeWheel(t, m.findLinks, "tomli", "2.0.1", "py3-none-any", ">=3.7")
	fakeWheel(t, m.findLinks, "newonly", "2.0", "py3-none-any", ">=3.9")
	fakeWheel(t, m.findLinks, "newonly", "1.0", "py3-none-any", ">=3.7")
	fakeWheel(t, m.findLinks, "native", "2.0", "cp38-cp38-manylinux_2_17_x86_64", "")
	fakeWheel(t, m.findLinks, "native", "1.0", "py3-none-any", "")
	writeFiles(t, m.findLinks, map[string]string{"onlysdist-1.0.tar.gz": "x"})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var fl []string
			if tc.findLinks {
				fl = []string{m.findLinks}
			}
			got, err := resolveFor(tc.target, m, fl, tc.interps, tc.reqs...)
			if tc.wantErr != "" {
				var re *RequirementError
				if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want a RequirementError with %q (got %s)", err, tc.wantErr, summary(got))
				}
				if !strings.Contains(re.Hint(), "-f DIR") {
					t.Fatalf("hint %q does not mention -f DIR", re.Hint())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]string{}
			for _, w := range got {
				have[w.Project] = w.Version + " " + string(w.Origin)
				if len(w.SHA256) != 64 {
					t.Fatalf("no sha256 for %s", w.Project)
				}
			}
			if fmt.Sprint(have) != fmt.Sprint(tc.want) {
				t.Fatalf("got %v\nwant %v", have, tc.want)
			}
		})
	}
}

func TestPoolsDebianExclusion(t *testing.T) {
	m := newFakeMachine(t)
	for _, tc := range []struct {
		target  *python.Info
		exclude bool
	}{{m.py311, true}, {m.py38, true}, {m.debian311, false}} {
		pools := Pools(tc.target, nil, m.all(), m.system)
		last := pools[len(pools)-1]
		if last.Origin != FromSystem {
			t.Fatalf("last pool %s, want system", last.Origin)
		}
		_, excluded := last.Exclude["setuptools"]
		if excluded != tc.exclude {
			t.Fatalf("%s (Debian %v): setuptools excluded %v", tc.target.Label(), tc.target.DebianScheme, excluded)
		}
		if pools[0].Origin != FromEnsurepip || len(pools[0].Dirs) != 4 {
			t.Fatalf("ensurepip pool %+v, want the four bundles", pools[0])
		}
	}
	if p := Pools(m.py38, []string{m.findLinks}, nil, ""); p[0].Origin != FromFindLinks || len(p) != 2 {
		t.Fatalf("pools %+v", p)
	}
}

func TestConflictingBuildRequirements(t *testing.T) {
	m := newFakeMachine(t)
	fakeWheel(t, m.findLinks, "tool", "1.0", "py3-none-any", "", "setuptools<60")
	_, err := resolveFor(m.py311, m, []string{m.findLinks}, m.all(), "setuptools>=65", "tool")
	if err == nil || !strings.Contains(err.Error(), "already chosen") {
		t.Fatalf("conflict not reported: %v", err)
	}
}

func TestEnvKey(t *testing.T) {
	m := newFakeMachine(t)
	a, err := resolveFor(m.py311, m, nil, m.all(), "setuptools", "wheel")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := resolveFor(m.py38, m, nil, m.all(), "setuptools", "wheel")
	if EnvKey(m.py311, a) == EnvKey(m.py38, b) {
		t.Fatal("different interpreters share a build environment key")
	}
	if EnvKey(m.py311, a) != EnvKey(m.py311, a) {
		t.Fatal("key not stable")
	}
	c := append([]Resolved(nil), a...)
	c[0].SHA256 = strings.Repeat("0", 64)
	if EnvKey(m.py311, a) == EnvKey(m.py311, c) {
		t.Fatal("a different wheel file does not change the key")
	}
}

func TestFixWheelName(t *testing.T) {
	for in, want := range map[string]string{
		"framework.typeA.plugin1-0.0.1-0.editable-py3-none-any.whl": "framework.typeA.plugin1-0.0.1-py3-none-any.whl",
		"pkg-1.0-py3-none-any.whl":                                  "pkg-1.0-py3-none-any.whl",
		"pkg-1.0-1-py3-none-any.whl":                                "pkg-1.0-1-py3-none-any.whl",
		"pkg-1.0-1abc-py3-none-any.whl":                             "pkg-1.0-1abc-py3-none-any.whl",
		"bad name-1.0-0.x-py3-none-any.whl":                         "bad name-1.0-0.x-py3-none-any.whl",
	} {
		if got := fixWheelName(in); got != want {
			t.Errorf("fixWheelName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFallbacksOnlyWhenNeeded: interpreters are discovered only when the
// find-links folders lack a build requirement.
func TestFallbacksOnlyWhenNeeded(t *testing.T) {
	m := newFakeMachine(t)
	fakeWheel(t, m.findLinks, "setuptools", "70.0.0", "py3-none-any", ">=3.8")
	fakeWheel(t, m.findLinks, "wheel", "0.43.0", "py3-none-any", ">=3.8")
	calls := 0
	later := func() []Pool { calls++; return Pools(m.py311, nil, m.all(), m.system) }
	r := newResolver(m.py311, []Pool{{Origin: FromFindLinks, Dirs: []string{m.findLinks}}})
	r.later = later
	if _, err := r.resolve([]string{"setuptools", "wheel"}, nil); err != nil || calls != 0 {
		t.Fatalf("err %v, %d discoveries, want none", err, calls)
	}
	r = newResolver(m.py311, []Pool{{Origin: FromFindLinks, Dirs: []string{m.findLinks}}})
	r.later = later
	ws, err := r.resolve([]string{"setuptools", "wheel", "pip"}, nil)
	if err != nil || calls != 1 {
		t.Fatalf("err %v, %d discoveries, want one", err, calls)
	}
	if got := summary(ws); !strings.Contains(got, "pip 23.2.1 from ensurepip") || !strings.Contains(got, "setuptools 70.0.0 from find-links") {
		t.Fatalf("got %s", got)
	}
	// Nothing anywhere: the discovery happens once, the error lists every source.
	r = newResolver(m.py311, nil)
	r.later = later
	_, err = r.resolve([]string{"nothing-here"}, nil)
	if err == nil || calls != 2 || !strings.Contains(err.Error(), "system") {
		t.Fatalf("err %v, %d discoveries", err, calls)
	}
}
