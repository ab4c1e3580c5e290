package pylock

import (
	"bytes"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/lockfile/lock"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files")

func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/pylock*.toml")
	if err != nil || len(files) < 4 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	return files
}

func TestFixturesParse(t *testing.T) {
	l := load(t, "testdata/pylock.pep751-example.toml")
	if l.CreatedBy != "mousebender" || l.RequiresPython != "== 3.12" || len(l.Environments) != 2 || len(l.Packages) != 3 {
		t.Fatalf("top: %+v", l)
	}
	attrs := l.Find("attrs")[0]
	if sd := attrs.Artifacts[0]; sd.Kind != lock.ArtifactSdist || sd.Size != 810562 || sd.SHA256 != "1c97078a80c814273a76b2a298a932eb681c87415c11dee0a6921de7f1b02c3e" || sd.Hashes != nil {
		t.Errorf("attrs sdist: %+v", sd)
	}
	wantTime := time.Date(2025, 1, 25, 11, 30, 10, 164985000, time.UTC)
	if w := attrs.Artifacts[1]; w.Kind != lock.ArtifactWheel || w.UploadTime == nil || !w.UploadTime.Equal(wantTime) || w.UploadTime.Location() != time.UTC {
		t.Errorf("upload time %v, want %v", w.UploadTime, wantTime)
	}
	if attrs.AttestationIdentities[0]["kind"] != "GitHub" || !attrs.RequestUnknown || attrs.Requested {
		t.Errorf("attestation, requested: %+v", attrs)
	}
	if d := l.Find("cattrs")[0].Dependencies; len(d) != 1 || d[0].Name != "attrs" || d[0].More != nil {
		t.Errorf("dependencies: %v", d)
	}
	if _, ok := l.Tool["mousebender"].(map[string]any)["command"]; !ok {
		t.Errorf("tool: %v", l.Tool)
	}

	src := load(t, "testdata/pylock.sources.toml")
	var kinds []string
	for _, p := range src.Packages {
		kind := "files"
		switch s := p.Source; {
		case s.Directory != nil:
			kind = "directory"
		case s.VCS != nil:
			kind = "vcs"
		case s.Archive != nil:
			kind = "archive " + p.Artifacts[0].File
		}
		kinds = append(kinds, p.Name+":"+kind)
	}
	if got := strings.Join(kinds, " "); got != "framework:directory framework-typea-plugin1:vcs framework-typea-plugin2:archive framework.typeA.plugin2-0.0.1.tar.gz future:files" {
		t.Errorf("kinds: %s", got)
	}
	if d := src.Packages[0].Source.Directory; !d.Editable || lock.ResolvePath("/proj", d.Path) != "/proj/src/framework" {
		t.Errorf("directory: %+v", d)
	}
	if v := src.Packages[1].Source.VCS; v.CommitID != "3f786850e387550fdab836ed7e6dc881de23001b" || v.RequestedRevision != "v0.0.1" || v.Subdirectory != "plugin1" {
		t.Errorf("vcs: %+v", v)
	}
	// A path that leaves the lock's folder is kept and resolved.
	if got := lock.ResolvePath("/proj/locks", src.Find("future")[0].Artifacts[0].Path); got != "/proj/wheels/future-0.18.3.tar.gz" {
		t.Errorf("resolve: %s", got)
	}
	// File names are taken from the URL when absent.
	uni := load(t, "testdata/pylock.universal.toml")
	if n := uni.Find("colorama")[0].Artifacts[len(uni.Find("colorama")[0].Artifacts)-1].File; n != "colorama-0.4.6-py2.py3-none-any.whl" {
		t.Errorf("inferred name %q", n)
	}
}

// Parse(Marshal(x)) gives x back, and Marshal of that gives the same bytes.
func TestRoundTrip(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			l := load(t, f)
			b, err := Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			l2, err := Parse(b, "out.toml")
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			if !reflect.DeepEqual(l, l2) {
				t.Errorf("round trip changed the lock:\n%+v\n%+v", l, l2)
			}
			b2, err := Marshal(l2)
			if err != nil || !bytes.Equal(b, b2) {
				t.Errorf("Marshal not stable (%v)", err)
			}
		})
	}
}

// The order of packages, wheels, extras and groups in the input never shows
// in the output.
func TestMarshalDeterministic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, f := range fixtures(t) {
		l := load(t, f)
		want, err := Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			c := l.Clone()
			rng.Shuffle(len(c.Packages), func(a, b int) { c.Packages[a], c.Packages[b] = c.Packages[b], c.Packages[a] })
			for j := range c.Packages {
				w := c.Packages[j].Artifacts
				if len(w) > 0 && w[0].Kind == lock.ArtifactSdist {
					w = w[1:]
				}
				rng.Shuffle(len(w), func(a, b int) { w[a], w[b] = w[b], w[a] })
			}
			rng.Shuffle(len(c.Extras), func(a, b int) { c.Extras[a], c.Extras[b] = c.Extras[b], c.Extras[a] })
			rng.Shuffle(len(c.DependencyGroups), func(a, b int) {
				c.DependencyGroups[a], c.DependencyGroups[b] = c.DependencyGroups[b], c.DependencyGroups[a]
			})
			got, err := Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: shuffled input gives other bytes:\n%s\nwant:\n%s", f, got, want)
			}
		}
	}
}

// Marshal works on a copy: the caller's lock is not reordered.
func TestMarshalLeavesInputAlone(t *testing.T) {
	l := load(t, "testdata/pylock.universal.toml")
	l.Packages[0], l.Packages[1] = l.Packages[1], l.Packages[0]
	first := l.Packages[0].Version
	before := l.Clone()
	if _, err := Marshal(l); err != nil {
		t.Fatal(err)
	}
	if l.Packages[0].Version != first || !reflect.DeepEqual(l, before) {
		t.Error("Marshal changed its input")
	}
}

func TestMarshalGolden(t *testing.T) {
	l := load(t, "testdata/pylock.pep751-example.toml")
	got, err := Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "pep751-example.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

func TestMarshalEscapes(t *testing.T) {
	l := &lock.Lock{CreatedBy: "tool \"q\" \\ \n\t\x01 é", Packages: []lock.Package{{
		Name: "a", Source: lock.Source{Directory: &lock.Directory{Path: `C:\src\a`}},
		Tool: map[string]any{"fwenv": map[string]any{"note": "it's", "n": int64(3), "list": []any{"x", true}}},
	}}}
	b, err := Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	l2, err := Parse(b, "x.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if l2.CreatedBy != l.CreatedBy || l2.Packages[0].Source.Directory.Path != `C:\src\a` {
		t.Errorf("escaping lost data:\n%s", b)
	}
	if !reflect.DeepEqual(l2.Packages[0].Tool, l.Packages[0].Tool) {
		t.Errorf("tool: %#v", l2.Packages[0].Tool)
	}
}

// load parses a file of testdata.
func load(t *testing.T, file string) *lock.Lock {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Parse(data, file)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
