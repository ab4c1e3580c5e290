package site

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// One requirement is one line: control characters in direct_url.json are
// percent-encoded; an editable folder or a version holding one leaves the
// distribution out, with a message naming it.
func TestFreezeOneLinePerRequirement(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "inj", Version: "1.0", DirectURL: `{"url": "https://example.org/inj.tar.gz\n--index-url http://evil/simple\r\u0085", "archive_info": {"hash": "sha256=ab\ncd"}}`}.install(t, l)
	fakeDist{Name: "vcsinj", Version: "1.0", DirectURL: `{"url": "https://example.org/r.git", "vcs_info": {"vcs": "git", "commit_id": "abc\n-e /tmp"}, "subdirectory": "sub\u001b"}`}.install(t, l)
	src := filepath.Join(t.TempDir(), "src\nx")
	fakeDist{Name: "edit", Version: "1.0", DirectURL: `{"url": "` + strings.ReplaceAll(FileURL(src), "\n", `\n`) + `", "dir_info": {"editable": true}}`}.install(t, l)
	fakeDist{Name: "plain", Version: "2.0"}.install(t, l)
	db, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	lines, skipped := FreezeReport(db, FreezeOptions{NoVCS: true})
	want := []string{
		"inj @ https://example.org/inj.tar.gz%0A--index-url http://evil/simple%0D%C2%85#sha256=ab%0Acd",
		"plain==2.0",
		"vcsinj @ git+https://example.org/r.git@abc%0A-e /tmp#subdirectory=sub%1B",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("freeze:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "edit (") || !strings.Contains(skipped[0], "editable folder") || strings.Contains(skipped[0], "\n") {
		t.Errorf("skipped = %q", skipped)
	}
}

// show, list and check escape control characters from metadata.
func TestControlCharactersEscaped(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "esc", Version: "1.0", Installer: "pip\x1b[2J", Meta: "Author: a\x1b]0;t\x07\nClassifier: c\x9b\n",
		ExtraRows: []string{"\"bad\x1b[31m\nname.py\",sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0"}}.install(t, l)
	db, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	d := db.Get("esc")
	var out []string
	out = append(out, Show(d, nil).Text(true, true)...)
	out = append(out, ListColumns(List(db, ListOptions{}), true)...)
	for _, p := range Check(db, nil) {
		out = append(out, p.String())
	}
	text := strings.Join(out, "\n")
	for _, c := range []string{"\x1b", "\x07", "\x9b", "\r"} {
		if strings.Contains(text, c) {
			t.Errorf("raw %q in output:\n%s", c, text)
		}
	}
	for _, w := range []string{`Author: a\x1b]0;t\x07`, `Installer: pip\x1b[2J`, `bad\x1b[31m\nname.py`} {
		if !strings.Contains(text, w) {
			t.Errorf("no %q in:\n%s", w, text)
		}
	}
}

// check never blocks on a FIFO or reads a device a RECORD row names, and
// reports a file far larger than its RECORD size without hashing it all.
func TestCheckFilesOnlyRegular(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	l := testLayout(t)
	fakeDist{Name: "dev", Version: "1.0", Files: map[string]string{"dev/zero.bin": "", "dev/fifo": "", "dev/big.bin": "x"}}.install(t, l)
	sp := l.Purelib
	os.Remove(filepath.Join(sp, "dev/zero.bin"))
	os.Remove(filepath.Join(sp, "dev/fifo"))
	if err := os.Symlink("/dev/zero", filepath.Join(sp, "dev/zero.bin")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(sp, "dev/fifo"), 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.Truncate(filepath.Join(sp, "dev/big.bin"), 3<<30); err != nil {
		t.Skip(err)
	}
	db, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []Problem, 1)
	go func() { done <- CheckFiles(db) }()
	var ps []Problem
	select {
	case ps = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("CheckFiles did not return")
	}
	got := map[string]string{}
	for _, p := range ps {
		got[p.Path] = p.String()
	}
	if !strings.Contains(got["dev/zero.bin"], "is a character device, not a regular file") ||
		!strings.Contains(got["dev/fifo"], "is a FIFO, not a regular file") ||
		!strings.Contains(got["dev/big.bin"], "3221225472 bytes (not hashed)") {
		t.Errorf("problems: %q", got)
	}
}

// A damaged distribution is left out of the database with a problem naming
// its file; the others are listed (pip skips such a distribution too), and
// check reports it.
func TestOpenSkipsDamagedMetadata(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	l := testLayout(t)
	fakeDist{Name: "good", Version: "1.0"}.install(t, l)
	bad := fakeDist{Name: "bad", Version: "1.0"}.install(t, l)
	os.Remove(filepath.Join(bad, "METADATA"))
	if err := os.Symlink("/dev/zero", filepath.Join(bad, "METADATA")); err != nil {
		t.Fatal(err)
	}
	ep := fakeDist{Name: "epjunk", Version: "1.0", EntryPoints: "[g]\nno equals\n"}.install(t, l)
	_ = ep
	db, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	if db.Get("good") == nil || db.Get("bad") != nil || len(db.Problems) != 1 ||
		!strings.Contains(db.Problems[0].Error(), filepath.Join(bad, "METADATA")+": is a character device") {
		t.Fatalf("dists %v, problems %v", db.Dists(), db.Problems)
	}
	j := db.Get("epjunk")
	if j == nil || j.EntryPointsError == "" || !strings.Contains(j.EntryPointsError, "entry_points.txt line 2") {
		t.Fatalf("epjunk: %+v", j)
	}
	ps := CheckMetadata(db)
	if len(ps) != 2 || ps[0].Kind != ProblemDamaged || ps[1].Dist != j {
		t.Fatalf("CheckMetadata = %v", ps)
	}
}
