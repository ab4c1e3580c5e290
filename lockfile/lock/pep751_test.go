package lock_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/lockfile/pylock"
)

// Select on PEP 751 files (lockfile/pylock's testdata).

var (
	linuxTags   = []string{"cp312-cp312-manylinux_2_17_x86_64", "cp312-abi3-manylinux_2_17_x86_64", "cp312-none-any", "py3-none-manylinux_2_17_x86_64", "py3-none-any", "py2.py3-none-any"}
	linux311    = []string{"cp311-cp311-manylinux_2_17_x86_64", "cp311-none-any", "py3-none-any"}
	windowsTags = []string{"cp312-cp312-win_amd64", "cp312-abi3-win_amd64", "cp312-none-any", "py3-none-win_amd64", "py3-none-any"}
	win311      = []string{"cp311-cp311-win_amd64", "cp311-none-any", "py3-none-any"}
)

// load parses a file of testdata.
func load(t *testing.T, file string) *lock.Lock {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	l, err := pylock.Parse(data, file)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// describe renders a selection as "name version kind file", one per line.
func describe(sel []lock.Entry) string {
	var lines []string
	for _, e := range sel {
		kind := "wheel"
		switch {
		case e.Dir != "":
			kind = "directory"
		case e.VCS != "":
			kind = "vcs"
		case e.Sdist:
			kind = "sdist"
		}
		parts := []string{e.Name, e.Version, kind, e.File}
		lines = append(lines, strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), " "))
	}
	return strings.Join(lines, "\n")
}

func TestSelectPEP751(t *testing.T) {
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
				"framework-typea-plugin2 0.0.1 sdist framework.typeA.plugin2-0.0.1.tar.gz\n" +
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
			l := load(t, "../pylock/testdata/"+tt.file)
			sel, err := l.Select("../pylock/testdata/"+tt.file, interp(t, environment(t, tt.python, tt.platform), first(tt.tags), tt.tags...), tt.extras, tt.groups)
			if err != nil {
				t.Fatalf("%v\nhint: %s", err, err.(*lock.Error).Hint())
			}
			if got := describe(sel); got != tt.want {
				t.Errorf("selected:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSelectPEP751Refuses(t *testing.T) {
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
			"../pylock/testdata/pylock.pep751-example.toml: package numpy: version 2.2.3 has no file for this interpreter (best tag py3-none-any): numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl, numpy-2.2.3-cp312-cp312-win_amd64.whl",
			"lock again for this interpreter and platform"},
		{"package requires-python", "pylock.universal.toml", "3.9", "win_amd64", []string{"py3-none-any", "cp39-cp39-win_amd64"}, nil, nil,
			"", ""}, // filled below: pywin32 has no cp39 wheel
		{"unknown extra", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, []string{"gui"}, nil,
			`extra "gui" is not in the lock (it has: crypto, socks)`, "lock again with this extra"},
		{"unknown group", "pylock.groups.toml", "3.11", "linux_x86_64", linux311, nil, []string{"lint"},
			`dependency group "lint" is not in the lock (it has: dev, docs, default)`, "lock again with this group"},
	}
	for _, tt := range tests {
		if tt.want == "" {
			tt.want = "package pywin32: version 310 has no file for this interpreter (best tag py3-none-any): pywin32-310-cp311-cp311-win32.whl, pywin32-310-cp311-cp311-win_amd64.whl"
			tt.hint = "sdist"
		}
		t.Run(tt.name, func(t *testing.T) {
			l := load(t, "../pylock/testdata/"+tt.file)
			_, err := l.Select("../pylock/testdata/"+tt.file, interp(t, environment(t, tt.python, tt.platform), first(tt.tags), tt.tags...), tt.extras, tt.groups)
			if err == nil {
				t.Fatal("selected")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			if h := err.(*lock.Error).Hint(); !strings.Contains(h, tt.hint) {
				t.Errorf("hint %q does not contain %q", h, tt.hint)
			}
		})
	}
}

func TestSelectOverlappingMarkers(t *testing.T) {
	const head = "lock-version = \"1.0\"\ncreated-by = \"test\"\n"
	const attrsOK = `
[[packages]]
name = "attrs"
version = "25.1.0"
wheels = [{ url = "https://example.com/attrs-25.1.0-py3-none-any.whl", hashes = { sha256 = "c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a" } }]
`
	text := head + strings.Replace(attrsOK, "version", "marker = \"python_version >= '3.8'\"\nversion", 1) +
		strings.Replace(strings.ReplaceAll(attrsOK, "25.1.0", "24.1.0"), "version", "marker = \"sys_platform == 'linux'\"\nversion", 1)
	l, err := pylock.Parse([]byte(text), "pylock.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Select("pylock.toml", interp(t, environment(t, "3.11", "linux_x86_64"), "py3-none-any", "py3-none-any"), nil, nil)
	want := `pylock.toml: package attrs: two entries apply to this environment (attrs 24.1.0 (marker "sys_platform == 'linux'") and attrs 25.1.0 (marker "python_version >= '3.8'"))`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
	sel, err := l.Select("pylock.toml", interp(t, environment(t, "3.11", "win_amd64"), "py3-none-any", "py3-none-any"), nil, nil)
	if err != nil || describe(sel) != "attrs 25.1.0 wheel attrs-25.1.0-py3-none-any.whl" {
		t.Errorf("windows: %v %q", err, describe(sel))
	}
}

// The best-ranked wheel wins, whatever the order of the wheels.
func TestSelectBestWheel(t *testing.T) {
	l := load(t, "../pylock/testdata/pylock.pep751-example.toml")
	numpy := l.Find("NumPy")[0]
	slices.Reverse(numpy.Artifacts)
	for _, order := range [][]string{{"cp312-cp312-win_amd64", "py3-none-any"}, {"py3-none-any", "cp312-cp312-win_amd64"}} {
		sel, err := l.Select("pylock.toml", interp(t, environment(t, "3.12", "win_amd64"), order[0], order...), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sel[2].File; got != "numpy-2.2.3-cp312-cp312-win_amd64.whl" {
			t.Errorf("%v: %s", order, got)
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// One lock written by each codec and read back selects the same entries:
// only what a bundle keeps to build sdists is left out of the pylock.toml's
// selection, in its dependency group, unless that group is asked for.
func TestSelectSameFromBothCodecs(t *testing.T) {
	l := fwenvLock()
	l.CreatedBy = "fwenv test"
	l.Target = lock.Target{Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64"}
	l.Packages = append(l.Packages[:4], l.Packages[5]) // one setuptools: pylock.toml selects one entry per name
	l.Packages[4].BuildOnly = true
	for i := range l.Packages {
		for j := range l.Packages[i].Artifacts {
			if a := &l.Packages[i].Artifacts[j]; a.Path == "" && a.URL == "" {
				a.URL = "https://f/" + a.File
			}
		}
	}
	dir := t.TempDir()
	env := environment(t, "3.11.7", "manylinux_2_17_x86_64")
	in := interp(t, env, "cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux_2_17_x86_64", "py3-none-any")
	var got [2][]lock.Entry
	for i, format := range []lock.Format{lock.Fwenv, lock.Pylock} {
		path := filepath.Join(dir, format.FileName())
		if err := lockset.Save(l, path, format); err != nil {
			t.Fatal(err)
		}
		back, err := lockset.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		groups := []string(nil)
		if format == lock.Pylock {
			groups = []string{pylock.BuildGroup}
		}
		if got[i], err = back.Select(path, in, nil, groups); err != nil {
			t.Fatal(err)
		}
	}
	fw, py := got[0], got[1]
	if len(fw) != len(py) {
		t.Fatalf("fwenv.lock selects %d entries, pylock.toml %d:\n%+v\n%+v", len(fw), len(py), fw, py)
	}
	for i := range fw {
		a, b := fw[i], py[i]
		b.Name = a.Name // pylock.toml normalises names
		if a.BuildOnly {
			a.BuildOnly = false // a dependency group there
		}
		a.Origin, b.Origin = lock.Source{}, lock.Source{} // pylock.toml has no find-links
		if a != b {
			t.Errorf("entry %d:\nfwenv.lock  %+v\npylock.toml %+v", i, a, b)
		}
	}
	in.Env = environment(t, "3.11.7", "manylinux_2_17_x86_64")
	es, _, err := lockset.Read(filepath.Join(dir, "pylock.toml"), in, nil, nil)
	if err != nil || len(es) != len(fw)-1 {
		t.Errorf("without the build group: %v %+v", err, es)
	}
}
