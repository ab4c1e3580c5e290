package pylock

import (
	"slices"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
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

// ranker ranks wheels by the position of their best tag in supported (best
// first), as the installer does with the interpreter's tags.
func ranker(t *testing.T, supported ...string) func(string) (int, bool) {
	t.Helper()
	var list []tags.Tag
	for _, s := range supported {
		ts, err := tags.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, ts...)
	}
	r := tags.NewRanker(list)
	return func(name string) (int, bool) {
		w, err := wheelname.ParseWheel(name)
		if err != nil {
			return 0, false
		}
		return r.Rank(w.Tags())
	}
}

var (
	linuxTags   = []string{"cp312-cp312-manylinux_2_17_x86_64", "cp312-abi3-manylinux_2_17_x86_64", "cp312-none-any", "py3-none-manylinux_2_17_x86_64", "py3-none-any", "py2.py3-none-any"}
	linux311    = []string{"cp311-cp311-manylinux_2_17_x86_64", "cp311-none-any", "py3-none-any"}
	windowsTags = []string{"cp312-cp312-win_amd64", "cp312-abi3-win_amd64", "cp312-none-any", "py3-none-win_amd64", "py3-none-any"}
	win311      = []string{"cp311-cp311-win_amd64", "cp311-none-any", "py3-none-any"}
)

// describe renders a selection as "name version kind file", one per line.
func describe(sel []Selected) string {
	var lines []string
	for _, s := range sel {
		parts := []string{s.Package.Name, s.Package.Version, s.Kind()}
		switch {
		case s.Wheel != nil:
			parts = append(parts, s.Wheel.Name)
		case s.Sdist != nil:
			parts = append(parts, s.Sdist.Name)
		}
		lines = append(lines, strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), " "))
	}
	return strings.Join(lines, "\n")
}

func TestSelect(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		python   string
		platform string
		tags     []string
		extras   []string
		groups   []string
		want     string
	}{
		{"pep example on linux", "pylock.pep751-example.toml", "3.12", "manylinux_2_17_x86_64", linuxTags, nil, nil,
			"attrs 25.1.0 wheel attrs-25.1.0-py3-none-any.whl\n" +
				"cattrs 24.1.2 wheel cattrs-24.1.2-py3-none-any.whl\n" +
				"numpy 2.2.3 wheel numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"pep example on windows", "pylock.pep751-example.toml", "3.12", "win_amd64", windowsTags, nil, nil,
			"attrs 25.1.0 wheel attrs-25.1.0-py3-none-any.whl\n" +
				"cattrs 24.1.2 wheel cattrs-24.1.2-py3-none-any.whl\n" +
				"numpy 2.2.3 wheel numpy-2.2.3-cp312-cp312-win_amd64.whl"},
		{"sdist when no wheel fits", "pylock.pep751-example.toml", "3.12", "manylinux_2_17_x86_64", []string{"cp312-cp312-manylinux_2_17_x86_64"}, nil, nil,
			"attrs 25.1.0 sdist attrs-25.1.0.tar.gz\n" +
				"cattrs 24.1.2 sdist cattrs-24.1.2.tar.gz\n" +
				"numpy 2.2.3 wheel numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"universal on linux 3.11", "pylock.universal.toml", "3.11", "manylinux_2_17_x86_64", linux311, nil, nil,
			"click 8.2.1 wheel click-8.2.1-py3-none-any.whl\n" +
				"uvloop 0.21.0 wheel uvloop-0.21.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"universal on windows 3.11", "pylock.universal.toml", "3.11", "win_amd64", win311, nil, nil,
			"click 8.2.1 wheel click-8.2.1-py3-none-any.whl\n" +
				"colorama 0.4.6 wheel colorama-0.4.6-py2.py3-none-any.whl\n" +
				"pywin32 310 wheel pywin32-310-cp311-cp311-win_amd64.whl"},
		{"universal on linux 3.9 gets the older click", "pylock.universal.toml", "3.9", "manylinux_2_17_x86_64", []string{"py3-none-any"}, nil, nil,
			"click 8.1.8 wheel click-8.1.8-py3-none-any.whl\n" +
				"uvloop 0.21.0 sdist uvloop-0.21.0.tar.gz"},
		{"sources: no wheels, each source kind", "pylock.sources.toml", "3.11", "linux_x86_64", linux311, nil, nil,
			"framework directory\n" +
				"framework-typea-plugin1 vcs\n" +
				"framework-typea-plugin2 0.0.1 archive\n" +
				"future 0.18.3 sdist future-0.18.3.tar.gz"},
		{"groups: default group only", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, nil, nil,
			"requests 2.32.3 wheel requests-2.32.3-py3-none-any.whl"},
		{"groups: an extra", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, []string{"Crypto"}, nil,
			"cryptography 44.0.2 sdist cryptography-44.0.2.tar.gz\n" +
				"requests 2.32.3 wheel requests-2.32.3-py3-none-any.whl"},
		{"groups: both extras, dev replaces default", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, []string{"crypto", "socks"}, []string{"dev"},
			"cryptography 44.0.2 sdist cryptography-44.0.2.tar.gz\n" +
				"pysocks 1.7.1 wheel PySocks-1.7.1-py3-none-any.whl\n" +
				"pytest 8.3.5 wheel pytest-8.3.5-py3-none-any.whl"},
		{"groups: not in", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, nil, []string{"docs", "default"},
			"requests 2.32.3 wheel requests-2.32.3-py3-none-any.whl\n" +
				"sphinx 7.4.7 wheel sphinx-7.4.7-py3-none-any.whl"},
		{"groups: docs and dev", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, nil, []string{"docs", "dev"},
			"pytest 8.3.5 wheel pytest-8.3.5-py3-none-any.whl"},
		{"groups: none at all", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, nil, []string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Load("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			sel, err := l.Select(environment(t, tt.python, tt.platform), tt.extras, tt.groups, ranker(t, tt.tags...))
			if err != nil {
				t.Fatalf("%v\nhint: %s", err, err.(*Error).Hint())
			}
			if got := describe(sel); got != tt.want {
				t.Errorf("selected:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSelectRefuses(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		python   string
		platform string
		tags     []string
		extras   []string
		groups   []string
		want     string
		hint     string
	}{
		{"environment not in the lock", "pylock.pep751-example.toml", "3.12", "macosx_11_0_arm64", nil, nil, nil,
			`the lock does not apply to this environment (implementation_name cpython, python_full_version 3.12.0, sys_platform darwin, platform_machine arm64); it is for: "sys_platform == 'win32'", "sys_platform == 'linux'"`,
			"lock again"},
		{"requires-python", "pylock.pep751-example.toml", "3.11", "manylinux_2_17_x86_64", linuxTags, nil, nil,
			"the lock requires Python == 3.12; this interpreter is Python 3.11.0", "use an interpreter"},
		{"no usable file", "pylock.pep751-example.toml", "3.12", "manylinux_2_17_x86_64", []string{"py3-none-any"}, nil, nil,
			"package numpy: numpy 2.2.3 has no file this interpreter can install: no wheel matches its tags (numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl, numpy-2.2.3-cp312-cp312-win_amd64.whl) and there is no sdist",
			"sdist or a wheel for this platform"},
		{"package requires-python", "pylock.universal.toml", "3.9", "win_amd64", []string{"py3-none-any", "cp39-cp39-win_amd64"}, nil, nil,
			"", ""}, // filled below: pywin32 has no cp39 wheel
		{"unknown extra", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, []string{"gui"}, nil,
			`extra "gui" is not in the lock (it has: crypto, socks)`, "lock again with this extra"},
		{"unknown group", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, nil, []string{"lint"},
			`dependency group "lint" is not in the lock (it has: dev, docs, default)`, "lock again with this group"},
	}
	for _, tt := range tests {
		if tt.want == "" {
			tt.want = "package pywin32: pywin32 310 (marker \"sys_platform == 'win32'\") has no file this interpreter can install"
			tt.hint = "sdist"
		}
		t.Run(tt.name, func(t *testing.T) {
			l, err := Load("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = l.Select(environment(t, tt.python, tt.platform), tt.extras, tt.groups, ranker(t, tt.tags...))
			if err == nil {
				t.Fatal("selected")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			if h := err.(*Error).Hint(); !strings.Contains(h, tt.hint) {
				t.Errorf("hint %q does not contain %q", h, tt.hint)
			}
		})
	}
}

func TestSelectOverlappingMarkers(t *testing.T) {
	text := head + strings.Replace(attrsOK, "version", "marker = \"python_version >= '3.8'\"\nversion", 1) +
		strings.Replace(strings.ReplaceAll(attrsOK, "25.1.0", "24.1.0"), "version", "marker = \"sys_platform == 'linux'\"\nversion", 1)
	l, err := Parse([]byte(text), "pylock.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Select(environment(t, "3.11", "linux_x86_64"), nil, nil, nil)
	want := `package attrs: two entries apply to this environment (attrs 24.1.0 (marker "sys_platform == 'linux'") and attrs 25.1.0 (marker "python_version >= '3.8'"))`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
	sel, err := l.Select(environment(t, "3.11", "win_amd64"), nil, nil, nil)
	if err != nil || describe(sel) != "attrs 25.1.0 wheel attrs-25.1.0-py3-none-any.whl" {
		t.Errorf("windows: %v %q", err, describe(sel))
	}
}

// The best-ranked wheel wins, whatever the order of the wheels.
func TestSelectBestWheel(t *testing.T) {
	l, err := Load("testdata/pylock.pep751-example.toml")
	if err != nil {
		t.Fatal(err)
	}
	numpy := l.Find("NumPy")[0]
	slices.Reverse(numpy.Wheels)
	for _, order := range [][]string{{"cp312-cp312-win_amd64", "py3-none-any"}, {"py3-none-any", "cp312-cp312-win_amd64"}} {
		sel, err := l.Select(environment(t, "3.12", "win_amd64"), nil, nil, ranker(t, order...))
		if err != nil {
			t.Fatal(err)
		}
		if got := sel[2].Wheel.Name; got != "numpy-2.2.3-cp312-cp312-win_amd64.whl" {
			t.Errorf("%v: %s", order, got)
		}
	}
}

func TestSetMarkers(t *testing.T) {
	env := environment(t, "3.11", "linux_x86_64")
	tests := []struct {
		marker         string
		extras, groups []string
		want           bool
	}{
		{"'a' in extras", []string{"a"}, nil, true},
		{"'a' in extras", nil, nil, false},
		{"\"A_b\" in extras", []string{"a-b"}, nil, true},
		{"'a' not in extras", []string{"a"}, nil, false},
		{"'a' not in extras", nil, nil, true},
		{"'dev' in dependency_groups or 'x' in extras", nil, []string{"dev"}, true},
		{"('dev' in dependency_groups) and sys_platform == 'linux'", nil, []string{"dev"}, true},
		{"'dev' in dependency_groups and sys_platform == 'win32'", nil, []string{"dev"}, false},
		{"'linux' in sys_platform", nil, nil, true},
	}
	for _, tt := range tests {
		m, err := compileMarker(tt.marker)
		if err != nil {
			t.Errorf("%s: %v", tt.marker, err)
			continue
		}
		got, err := m.evaluate(env, tt.extras, tt.groups)
		if err != nil || got != tt.want {
			t.Errorf("%s with extras %v groups %v: %v %v, want %v", tt.marker, tt.extras, tt.groups, got, err, tt.want)
		}
	}
	for _, bad := range []string{"extras == 'a'", "'a' == extras", "extras in 'abc'", "'a b' in extras", "dependency_groups", "'a' in extras and"} {
		if _, err := compileMarker(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
