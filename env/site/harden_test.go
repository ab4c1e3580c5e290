package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
	"github.com/fwenv/fwenv/resolver/source"
)

// One requirement is one line: control characters in direct_url.json are
// percent-encoded; an editable folder or a version holding one leaves the
// distribution out, with a message naming it.
func TestFreezeOneLinePerRequirement(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "inj", Version: "1.0", DirectURL: `{"url": "https://example.org/inj.tar.gz\n--index-url http://evil/simple\r\u0085", "archive_info": {"hash": "sha256=ab\ncd"}}`}.install(t, l)
	fakeDist{Name: "vcsinj", Version: "1.0", DirectURL: `{"url": "https://example.org/r.git", "vcs_info": {"vcs": "git", "commit_id": "abc\n-e /tmp"}, "subdirectory": "sub\u001b"}`}.install(t, l)
	src := filepath.Join(t.TempDir(), "src\nx")
	fakeDist{Name: "edit", Version: "1.0", DirectURL: `{"url": "` + strings.ReplaceAll(source.FileURL(src), "\n", `\n`) + `", "dir_info": {"editable": true}}`}.install(t, l)
	fakeDist{Name: "plain", Version: "2.0"}.install(t, l)
	// What Python's str.splitlines (and so pip) also takes for line breaks.
	fakeDist{Name: "pyls", Version: "1.0", DirectURL: `{"url": "https://example.org/p.tar.gz\u2028--index-url http://evil/\u2029x\u000bq\u000cr\u001cs", "archive_info": {"hash": "sha256=ab\u001ecd"}, "subdirectory": "s\u001dt\u202e"}`}.install(t, l)
	db, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	lines, skipped := FreezeReport(db, FreezeOptions{NoVCS: true})
	want := []string{
		"inj @ https://example.org/inj.tar.gz%0A--index-url http://evil/simple%0D%C2%85#sha256=ab%0Acd",
		"plain==2.0",
		"pyls @ https://example.org/p.tar.gz%E2%80%A8--index-url http://evil/%E2%80%A9x%0Bq%0Cr%1Cs#sha256=ab%1Ecd&subdirectory=s%1Dt%E2%80%AE",
		"vcsinj @ git+https://example.org/r.git@abc%0A-e /tmp#subdirectory=sub%1B",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("freeze:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "edit (") || !strings.Contains(skipped[0], "editable folder") || strings.Contains(skipped[0], "\n") {
		t.Errorf("skipped = %q", skipped)
	}
}

// An editable install from a git checkout whose remote URL holds a line
// break (git stores "\r" in a remote as it is) gets it percent-encoded:
// freeze prints no raw CR, so the remote cannot add "--index-url ..." to a
// requirements file.
func TestFreezeGitRemoteLineBreak(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	l := testLayout(t)
	repo := filepath.Join(t.TempDir(), "src")
	writeFile(t, filepath.Join(repo, "pyproject.toml"), "")
	for _, args := range [][]string{
		{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "x"},
		{"remote", "add", "origin", "https://example.com/r.git\r--index-url\u2028http://evil/simple"},
	} {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "commit.gpgsign=false", "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	fakeDist{Name: "gitedit", Version: "1.0", DirectURL: `{"url": "` + source.FileURL(repo) + `", "dir_info": {"editable": true}}`}.install(t, l)
	lines, skipped := FreezeReport(mustOpen(t, l), FreezeOptions{})
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "-e git+https://example.com/r.git%0D--index-url%E2%80%A8http://evil/simple@") || len(skipped) != 0 {
		t.Errorf("freeze = %q, skipped %q", lines, skipped)
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
