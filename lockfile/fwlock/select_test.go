package fwlock

import (
	"errors"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep508"
)

func TestSelect(t *testing.T) {
	sha := strings.Repeat("a", 64)
	l := &Lock{Packages: []Package{
		{Name: "native", Version: "1.0", Source: Source{Index: "https://i/simple"}, Artifacts: []Artifact{
			{File: "native-1.0.tar.gz", Kind: ArtifactSdist, SHA256: sha, Size: 1},
			{File: "native-1.0-cp311-cp311-linux_x86_64.whl", Kind: ArtifactWheel, SHA256: sha, Size: 1},
			{File: "native-1.0-py3-none-any.whl", Kind: ArtifactWheel, SHA256: sha, Size: 1},
		}},
		{Name: "winonly", Version: "1.0", Markers: `sys_platform == "win32"`, Source: Source{Index: "https://i/simple"}, Artifacts: []Artifact{
			{File: "winonly-1.0-py3-none-any.whl", Kind: ArtifactWheel, SHA256: sha, Size: 1}}},
		{Name: "plugin", Version: "0.1", Source: Source{Editable: "../plugin"}},
		{Name: "setuptools", Version: "65.5.0", BuildOnly: true, Source: Source{FindLinks: "."}, Artifacts: []Artifact{
			{File: "setuptools-65.5.0-py3-none-any.whl", Kind: ArtifactWheel, SHA256: sha, Size: 1}}},
	}}
	env := pep508.Environment{"sys_platform": "linux"}
	rank := func(name string) (int, bool) {
		switch {
		case strings.Contains(name, "cp311"):
			return 0, true
		case strings.Contains(name, "py3-none-any"):
			return 5, true
		}
		return 0, false
	}
	sel, err := l.Select(env, rank, "cp311-cp311-linux_x86_64")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range sel {
		f := "(folder)"
		if s.Artifact != nil {
			f = s.Artifact.File
		}
		got[s.Package.Name] = f
	}
	want := map[string]string{"native": "native-1.0-cp311-cp311-linux_x86_64.whl", "plugin": "(folder)", "setuptools": "setuptools-65.5.0-py3-none-any.whl"}
	if len(got) != len(want) {
		t.Fatalf("selected %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	// No usable wheel: the sdist.
	noNative := func(name string) (int, bool) { return 0, !strings.HasPrefix(name, "native-") }
	sel, err = l.Select(env, noNative, "x")
	if err != nil || sel[0].Artifact.File != "native-1.0.tar.gz" {
		t.Errorf("without usable wheels: %s", sel[0].Artifact.File)
	}
	// No usable file at all: an error naming the package and its files.
	l.Packages[0].Artifacts = l.Packages[0].Artifacts[1:2]
	_, err = l.Select(env, noNative, "cp312-cp312-linux_x86_64")
	var e *Error
	if !errors.As(err, &e) || e.Package != "native" || !strings.Contains(err.Error(), "cp312-cp312-linux_x86_64") || !strings.Contains(err.Error(), "native-1.0-cp311") || e.Hint() == "" {
		t.Fatalf("%v", err)
	}
}
