package requirements

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// countingFS reads from memory and gives up after max reads, so that code
// reading a file once per inclusion fails fast here instead of reading
// 2^30 times.
type countingFS struct {
	files map[string]string
	reads map[string]int
	n     int
	max   int
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.n++
	if c.n > c.max {
		return nil, errors.New("too many reads")
	}
	c.reads[name]++
	body, ok := c.files[name]
	if !ok {
		return nil, os.ErrNotExist
	}
	return []byte(body), nil
}

// A file that includes the next one twice, thirty deep, is read once per
// file, not 2^30 times, and its requirement is listed once.
func TestIncludesDoNotMultiply(t *testing.T) {
	fsys := &countingFS{files: map[string]string{}, reads: map[string]int{}, max: 1000}
	for n := 0; n < 30; n++ {
		fsys.files[fmt.Sprintf("/p/f%d.txt", n)] = fmt.Sprintf("-r f%d.txt\n-r f%d.txt\n", n+1, n+1)
	}
	fsys.files["/p/f30.txt"] = "# the leaf\nsix\n"
	f, err := (&Reader{Fs: fsys}).Read("/p/f0.txt")
	if err != nil {
		t.Fatal(err)
	}
	if fsys.n != 31 {
		t.Errorf("%d reads of 31 files", fsys.n)
	}
	if len(f.Requirements) != 1 || f.Requirements[0].Req.Name != "six" || f.Requirements[0].File != "/p/f30.txt" || f.Requirements[0].Line != 2 {
		t.Errorf("requirements: %+v", f.Requirements)
	}
}

// A diamond (a includes b and c, both include d) gives each requirement of
// d once, at its own file:line, and what b and c add after including d.
// A file read both as requirements and as constraints is both.
func TestDiamondInclude(t *testing.T) {
	fsys := &countingFS{files: map[string]string{
		"/p/a.txt":   "top\n-r b/b.txt\n-r c.txt\n-c d.txt\n",
		"/p/b/b.txt": "-r ../d.txt\nbee\n",
		"/p/c.txt":   "-r d.txt\ncee\n",
		"/p/d.txt":   "dee==1\n-f links\n",
	}, reads: map[string]int{}, max: 1000}
	f, err := (&Reader{Fs: fsys}).Read("/p/a.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range f.Requirements {
		s := fmt.Sprintf("%s %s:%d", q.Req.String(), q.File, q.Line)
		if q.Constraint {
			s = "constraint " + s
		}
		got = append(got, s)
	}
	want := []string{"top /p/a.txt:1", "dee==1 /p/d.txt:1", "bee /p/b/b.txt:2", "cee /p/c.txt:2", "constraint dee==1 /p/d.txt:1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fsys.reads["/p/d.txt"] != 2 {
		t.Errorf("d.txt read %d times, want twice (as requirements, as constraints)", fsys.reads["/p/d.txt"])
	}
	if strings.Join(f.Options.FindLinks, ",") != "/p/links,/p/links" {
		t.Errorf("find-links: %v", f.Options.FindLinks)
	}
	// Each top-level read starts afresh.
	r := &Reader{Fs: fsys}
	for i := 0; i < 2; i++ {
		if f, err := r.Read("/p/c.txt"); err != nil || len(f.Requirements) != 2 {
			t.Errorf("read %d of c.txt: %v %+v", i, err, f)
		}
	}
	// A cycle is still an error, not skipped as already read.
	fsys.files["/p/d.txt"] = "-r b/b.txt\n"
	if _, err := (&Reader{Fs: fsys}).Read("/p/a.txt"); err == nil || !strings.Contains(err.Error(), "includes itself") {
		t.Errorf("cycle: err = %v", err)
	}
}

// Distinct files together are read up to the requirements cap, however
// many there are: the -r line that would pass it is named.
func TestIncludedFilesShareOneBudget(t *testing.T) {
	dir := t.TempDir()
	var top strings.Builder
	chunk := strings.Repeat("# padding padding padding padding padding padding padding padding\n", (5<<20)/66)
	for n := 0; n < 8; n++ {
		name := fmt.Sprintf("part%d.txt", n)
		os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf("pkg%d\n%s", n, chunk)), 0o644)
		fmt.Fprintf(&top, "-r %s\n", name)
	}
	p := filepath.Join(dir, "r.txt")
	os.WriteFile(p, []byte(top.String()), 0o644)
	_, err := (&Reader{}).Read(p)
	want := p + ":4: -r part3.txt: " + filepath.Join(dir, "part3.txt") + ": the requirements files included from the one given would add up to more than 16 MiB"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if h := err.(*Error).Hint(); !strings.Contains(h, "-r and -c lines") {
		t.Errorf("hint %q", h)
	}
	// Three of them fit.
	os.WriteFile(p, []byte("-r part0.txt\n-r part1.txt\n-r part2.txt\n"), 0o644)
	if f, err := (&Reader{}).Read(p); err != nil || len(f.Requirements) != 3 {
		t.Errorf("three parts: %v", err)
	}
}
