package hashcheck

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

func req(t *testing.T, line string, hashes ...string) Line {
	t.Helper()
	r, err := pep508.ParseRequirement(line)
	if err != nil {
		t.Fatal(err)
	}
	return Line{Req: r, Hashes: hashes, File: "reqs.txt", Line: 3}
}

func file(t *testing.T, content string) (string, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "demo-1.0-py3-none-any.whl")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(content))
	return p, hex.EncodeToString(sum[:])
}

func hint(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint()
	}
	return ""
}

func TestModeAndPins(t *testing.T) {
	p := New(false)
	p.Add(req(t, "demo>=1"))
	if p.On() || p.CheckItems(nil) != nil {
		t.Fatal("no hash and no --require-hashes: the mode must be off")
	}
	p.Add(req(t, "other==2.0", "sha256:00"))
	if !p.On() {
		t.Fatal("a --hash turns the mode on")
	}
	err := p.CheckItems(nil)
	if err == nil || !strings.Contains(err.Error(), "reqs.txt:3: demo>=1 is not pinned with ==") || !strings.Contains(hint(err), "NAME==VERSION --hash") {
		t.Fatalf("unpinned requirement: %v (hint %q)", err, hint(err))
	}
	q := New(true)
	q.Add(Line{Req: req(t, "demo>=1").Req, Constraint: true, File: "c.txt", Line: 1})
	if err := q.CheckItems(nil); err != nil {
		t.Fatalf("a constraint without hashes is not a requirement to pin: %v", err)
	}
	for spec, want := range map[string]bool{"==1.0": true, "===1.0": true, "==1.*": false, ">=1": false, "==1.0,!=1.1": false, "": false} {
		if Pinned(spec) != want {
			t.Errorf("Pinned(%q) = %v", spec, !want)
		}
	}
}

func TestCheckItems(t *testing.T) {
	path, sum := file(t, "wheel bytes")
	p := New(true)
	err := p.CheckItems([]Item{{What: "./demo.whl", Path: path}})
	if err == nil || !strings.Contains(err.Error(), "./demo.whl has no --hash") || !strings.Contains(hint(err), "--hash=sha256:"+sum) {
		t.Fatalf("a file without hash: %v (hint %q)", err, hint(err))
	}
	if err := p.CheckItems([]Item{{What: "-e ./proj", Path: t.TempDir(), Editable: true}}); err == nil || !strings.Contains(err.Error(), "editable") {
		t.Fatalf("editable: %v", err)
	}
	if err := p.CheckItems([]Item{{What: "./proj", Path: t.TempDir()}}); err == nil || !strings.Contains(err.Error(), "a folder cannot be checked") {
		t.Fatalf("folder: %v", err)
	}

	byPath := New(false)
	byPath.Add(Line{Path: "./demo.whl", Hashes: []string{"sha256:" + sum}, File: "r.txt", Line: 1})
	if err := byPath.CheckItems([]Item{{What: "./demo.whl", Path: path}}); err != nil {
		t.Fatalf("matching hash by path: %v", err)
	}
	byName := New(false)
	byName.Add(req(t, "demo==1.0", "sha256:"+strings.Repeat("0", 64)))
	var hm *source.HashMismatchError
	if err := byName.CheckItems([]Item{{What: "demo.whl", Name: "Demo", Path: path}}); !errors.As(err, &hm) {
		t.Fatalf("mismatching hash by name: %v", err)
	}

	// A #sha256= fragment of a URL counts as a hash for that URL.
	byURL := New(true)
	byURL.Add(Line{URL: "https://files.example/demo-1.0-py3-none-any.whl#sha256=" + sum, File: "r.txt", Line: 2})
	if err := byURL.CheckItems([]Item{{What: "x", URL: "https://files.example/demo-1.0-py3-none-any.whl", Path: path}}); err != nil {
		t.Fatalf("URL fragment hash: %v", err)
	}
}

func TestPlanVerifyGuard(t *testing.T) {
	path, sum := file(t, "sdist bytes")
	p := New(false)
	p.Add(req(t, "demo==1.0", "sha256:"+sum))
	err := p.CheckPlan([]Planned{
		{Name: "demo", Version: "1.0"},
		{Name: "dep", Version: "2.0", Announced: map[string]string{"sha256": "abc"}},
		{Name: "zed", Version: "3.0"},
	})
	if err == nil || !strings.Contains(err.Error(), "dep==2.0 --hash=sha256:abc\n  zed==3.0") || strings.Contains(err.Error(), "demo==") {
		t.Fatalf("CheckPlan: %v", err)
	}

	f := source.File{Project: "demo", Filename: "demo-1.0.tar.gz", Path: path}
	if err := p.Verify(f, path); err != nil {
		t.Fatalf("Verify of the right file: %v", err)
	}
	other, _ := file(t, "tampered")
	var hm *source.HashMismatchError
	if err := p.Verify(f, other); !errors.As(err, &hm) || hm.File != "demo-1.0.tar.gz" {
		t.Fatalf("Verify of another file: %v", err)
	}
	if err := p.Verify(source.File{Project: "dep", Filename: "dep-2.0.tar.gz"}, other); err == nil || !strings.Contains(hint(err), "--hash=sha256:") {
		t.Fatalf("Verify of a project without hashes: %v", err)
	}

	built := 0
	meta := p.Guard(func(source.File) ([]string, string, error) { built++; return nil, "1.0", nil })
	if _, _, err := meta(source.File{Project: "dep", Version: f.Version, Path: other}); err == nil || built != 0 {
		t.Fatalf("an sdist without hashes was built (%d) or passed: %v", built, err)
	}
	if _, _, err := meta(source.File{Project: "demo", Path: other}); err == nil || built != 0 {
		t.Fatalf("a tampered sdist was built (%d) or passed: %v", built, err)
	}
	if _, _, err := meta(f); err != nil || built != 1 {
		t.Fatalf("the right sdist: built %d, %v", built, err)
	}

	// A bundle checked as a whole: Verify and Guard pass its files.
	b := New(true)
	b.Allow("Demo", "sha256:"+sum, "bundle/fwenv.lock")
	if given, from := b.Given("demo"); len(given) != 1 || from != "bundle/fwenv.lock" {
		t.Fatalf("Given: %v %q", given, from)
	}
	b.Checked()
	if err := b.Verify(source.File{Project: "dep"}, other); err != nil {
		t.Fatalf("checked bundle: %v", err)
	}
	if off := New(false); off.Guard(nil) != nil || off.Verify(f, other) != nil {
		t.Fatal("mode off: nothing is checked")
	}
}

func TestMessagesAndKeys(t *testing.T) {
	path, sum := file(t, "wheel bytes")
	// Unpinned requirements are listed sorted (whatever order they came
	// in), each with its line.
	p := New(true)
	for i, l := range []string{"alpha", "zeta>=1"} {
		r := req(t, l)
		r.Line = 9 + i
		p.Add(r)
	}
	err := p.CheckItems(nil)
	if err == nil || !strings.Contains(err.Error(), "reqs.txt:10: zeta>=1 is not pinned with ==\n  reqs.txt:9: alpha is not pinned with ==") {
		t.Fatalf("not sorted: %v", err)
	}

	// A URL with credentials is keyed without them: the item's URL is the
	// redacted one.
	byURL := New(true)
	byURL.Add(Line{URL: "https://user:token@files.example/demo-1.0-py3-none-any.whl#sha512=" + strings.Repeat("0", 128) + "&sha256=" + sum, File: "r.txt", Line: 4})
	if err := byURL.CheckItems([]Item{{What: "x", URL: "https://files.example/demo-1.0-py3-none-any.whl", Path: path}}); err != nil {
		t.Fatalf("URL with credentials and several fragment hashes: %v", err)
	}

	// A mismatch says where the hash was given.
	byName := New(false)
	byName.Add(req(t, "demo==1.0", "sha256:"+strings.Repeat("0", 64)))
	var hm *source.HashMismatchError
	if err := byName.Verify(source.File{Project: "demo", Filename: "demo-1.0-py3-none-any.whl"}, path); !errors.As(err, &hm) || hm.From != "reqs.txt:3" {
		t.Fatalf("Verify: %v (%+v)", err, hm)
	}
	if err := byName.CheckItems([]Item{{What: "demo.whl", Name: "demo", Path: path}}); !errors.As(err, &hm) || hm.From != "reqs.txt:3" {
		t.Fatalf("CheckItems: %v", err)
	}
	if _, _, err := byName.Guard(func(source.File) ([]string, string, error) { return nil, "", nil })(source.File{Project: "demo", Path: path}); !errors.As(err, &hm) || hm.From != "reqs.txt:3" {
		t.Fatalf("Guard: %v", err)
	}

	// A checked bundle: Guard passes the build through untouched.
	c := New(true)
	c.Checked()
	built := false
	if _, _, err := c.Guard(func(source.File) ([]string, string, error) { built = true; return nil, "", nil })(source.File{Project: "nohash", Path: path}); err != nil || !built {
		t.Fatalf("Guard after Checked: built %v, %v", built, err)
	}
}
