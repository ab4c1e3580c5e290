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
	l, err := Load("testdata/pylock.pep751-example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if l.CreatedBy != "mousebender" || l.RequiresPython != "== 3.12" || len(l.Environments) != 2 || len(l.Packages) != 3 {
		t.Fatalf("top: %+v", l)
	}
	attrs := l.Find("attrs")[0]
	if attrs.Sdist == nil || attrs.Sdist.Size != 810562 || attrs.Sdist.Hashes["sha256"] != "1c97078a80c814273a76b2a298a932eb681c87415c11dee0a6921de7f1b02c3e" {
		t.Errorf("attrs sdist: %+v", attrs.Sdist)
	}
	wantTime := time.Date(2025, 1, 25, 11, 30, 10, 164985000, time.UTC)
	if w := attrs.Wheels[0]; w.UploadTime == nil || !w.UploadTime.Equal(wantTime) || w.UploadTime.Location() != time.UTC {
		t.Errorf("upload time %v, want %v", w.UploadTime, wantTime)
	}
	if attrs.AttestationIdentities[0]["kind"] != "GitHub" {
		t.Errorf("attestation: %v", attrs.AttestationIdentities)
	}
	if l.Find("cattrs")[0].Dependencies[0]["name"] != "attrs" {
		t.Errorf("dependencies: %v", l.Find("cattrs")[0].Dependencies)
	}
	if _, ok := l.Tool["mousebender"].(map[string]any)["command"]; !ok {
		t.Errorf("tool: %v", l.Tool)
	}

	src, err := Load("testdata/pylock.sources.toml")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, p := range src.Packages {
		kinds = append(kinds, p.Name+":"+p.SourceKind())
	}
	if got := strings.Join(kinds, " "); got != "framework:directory framework-typea-plugin1:vcs framework-typea-plugin2:archive future:sdist" {
		t.Errorf("kinds: %s", got)
	}
	if d := src.Packages[0].Directory; !d.Editable || d.Resolve("/proj") != "/proj/src/framework" {
		t.Errorf("directory: %+v", d)
	}
	if v := src.Packages[1].VCS; v.CommitID != "3f786850e387550fdab836ed7e6dc881de23001b" || v.RequestedRevision != "v0.0.1" || v.Subdirectory != "plugin1" {
		t.Errorf("vcs: %+v", v)
	}
	// A path that leaves the lock's folder is kept and resolved.
	if got := src.Find("future")[0].Sdist.Resolve("/proj/locks"); got != "/proj/wheels/future-0.18.3.tar.gz" {
		t.Errorf("resolve: %s", got)
	}
	// File names are taken from the URL when absent.
	uni, err := Load("testdata/pylock.universal.toml")
	if err != nil {
		t.Fatal(err)
	}
	if n := uni.Find("colorama")[0].Wheels[0].Name; n != "colorama-0.4.6-py2.py3-none-any.whl" {
		t.Errorf("inferred name %q", n)
	}
}

func TestResolvePath(t *testing.T) {
	tests := []struct{ dir, path, want string }{
		{"/a/b", "x.whl", "/a/b/x.whl"},
		{"/a/b", "../c/x.whl", "/a/c/x.whl"},
		{"/a/b", "/abs/x.whl", "/abs/x.whl"},
		{"/a/b", "", ""},
	}
	for _, tt := range tests {
		if got := ResolvePath(tt.dir, tt.path); got != tt.want {
			t.Errorf("ResolvePath(%q, %q) = %q, want %q", tt.dir, tt.path, got, tt.want)
		}
	}
}

func TestIsPylockName(t *testing.T) {
	for name, want := range map[string]bool{
		"pylock.toml": true, "dir/pylock.toml": true, "pylock.dev.toml": true, "/x/pylock.win-py312.toml": true,
		"pylock..toml": false, "pylock.a.b.toml": false, "pylock.toml.bak": false, "requirements.txt": false,
		"mypylock.toml": false, "pylock.TOML": false, "fwenv.lock": false,
	} {
		if got := IsPylockName(name); got != want {
			t.Errorf("IsPylockName(%q) = %v", name, got)
		}
	}
}

// Parse(Marshal(x)) gives x back, and Marshal of that gives the same bytes.
func TestRoundTrip(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			l, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			b, err := l.Marshal()
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
			b2, err := l2.Marshal()
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
		l, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := l.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			c := l.Clone()
			rng.Shuffle(len(c.Packages), func(a, b int) { c.Packages[a], c.Packages[b] = c.Packages[b], c.Packages[a] })
			for j := range c.Packages {
				w := c.Packages[j].Wheels
				rng.Shuffle(len(w), func(a, b int) { w[a], w[b] = w[b], w[a] })
			}
			rng.Shuffle(len(c.Extras), func(a, b int) { c.Extras[a], c.Extras[b] = c.Extras[b], c.Extras[a] })
			rng.Shuffle(len(c.DependencyGroups), func(a, b int) {
				c.DependencyGroups[a], c.DependencyGroups[b] = c.DependencyGroups[b], c.DependencyGroups[a]
			})
			got, err := c.Marshal()
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
	l, err := Load("testdata/pylock.universal.toml")
	if err != nil {
		t.Fatal(err)
	}
	l.Packages[0], l.Packages[1] = l.Packages[1], l.Packages[0]
	first := l.Packages[0].Version
	if _, err := l.Marshal(); err != nil {
		t.Fatal(err)
	}
	if l.Packages[0].Version != first {
		t.Error("Marshal reordered its input")
	}
}

func TestMarshalGolden(t *testing.T) {
	l, err := Load("testdata/pylock.pep751-example.toml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := l.Marshal()
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
	l := &Lock{CreatedBy: "tool \"q\" \\ \n\t\x01 é", Packages: []Package{{
		Name: "a", Directory: &Directory{Path: `C:\src\a`},
		Tool: map[string]any{"fwenv": map[string]any{"note": "it's", "n": int64(3), "list": []any{"x", true}}},
	}}}
	b, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	l2, err := Parse(b, "x.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if l2.CreatedBy != l.CreatedBy || l2.Packages[0].Directory.Path != `C:\src\a` {
		t.Errorf("escaping lost data:\n%s", b)
	}
	if !reflect.DeepEqual(l2.Packages[0].Tool, l.Packages[0].Tool) {
		t.Errorf("tool: %#v", l2.Packages[0].Tool)
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pylock.toml")
	l, err := Load("testdata/pylock.groups.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := l.Save(path); err != nil {
		t.Fatal(err)
	}
	want, _ := l.Marshal()
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, want) {
		t.Error("saved bytes differ from Marshal")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// An invalid lock is not written and the old file stays.
	bad := &Lock{}
	err = bad.Save(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": created-by is missing") {
		t.Errorf("error %v", err)
	}
	if got2, _ := os.ReadFile(path); !bytes.Equal(got2, want) {
		t.Error("a failed Save changed the file")
	}
	if err := l.Save(filepath.Join(dir, "missing", "pylock.toml")); err == nil || !strings.Contains(err.Error(), "cannot write the lock file") {
		t.Errorf("missing folder: %v", err)
	}
}
