package requirements

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/resolver/hashcheck"
)

// Every field hash-checking mode reads comes over from the line.
func TestHashLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.txt")
	text := "demo==1.0 --hash=sha256:00\n-c c.txt\n./x.whl --hash=sha256:11\nhttps://h/y-1.0.whl#sha256=22\n"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "c.txt"), []byte("other<2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := (&Reader{}).Read(p)
	if err != nil {
		t.Fatal(err)
	}
	var lines []hashcheck.Line
	for _, r := range f.Requirements {
		lines = append(lines, r.HashLine())
	}
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4", len(lines))
	}
	byName := map[string]hashcheck.Line{}
	for _, l := range lines {
		byName[l.Req.Name+l.Path+l.URL] = l
	}
	if l := byName["demo"]; l.Req.Specifier.String() != "==1.0" || len(l.Hashes) != 1 || l.Hashes[0] != "sha256:00" || l.File != p || l.Line != 1 || l.Constraint {
		t.Errorf("demo line: %+v", l)
	}
	if l := byName["other"]; !l.Constraint || l.File != filepath.Join(dir, "c.txt") || l.Line != 1 {
		t.Errorf("constraint line: %+v", l)
	}
	if l := byName[filepath.Join(dir, "x.whl")]; len(l.Hashes) != 1 || l.Hashes[0] != "sha256:11" || l.Line != 3 {
		t.Errorf("path line: %+v", l)
	}
	if l := byName["https://h/y-1.0.whl#sha256=22"]; l.Line != 4 {
		t.Errorf("URL line: %+v (have %v)", l, byName)
	}
	// The mode sees them: a --hash turns it on, and the hash given for a
	// name says where it was given.
	pol := hashcheck.New(false)
	for _, l := range lines {
		pol.Add(l)
	}
	if h, where := pol.Given("demo"); !pol.On() || len(h) != 1 || where != p+":1" {
		t.Errorf("policy: on %v, demo %v at %q", pol.On(), h, where)
	}
}
