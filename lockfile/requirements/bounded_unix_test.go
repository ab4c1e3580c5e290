//go:build linux || darwin

package requirements

import (
	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Requirement files are read up to a cap: a huge file, given or included,
// is refused with the file, the cap and a hint, before it is read whole.
func TestReadIsBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	boundedtest.Sparse(t, big, 20<<20)
	top := filepath.Join(dir, "r.txt")
	os.WriteFile(top, []byte("demo\n-r big.txt\n"), 0o644)
	cons := filepath.Join(dir, "c.txt")
	os.WriteFile(cons, []byte("-c big.txt\n"), 0o644)

	for _, c := range []struct {
		path, want  string
		constraints bool
	}{
		{big, big + ": larger than 16 MiB, the most fwenv reads of a requirements file", false},
		{big, big + ": larger than 16 MiB", true},
		{top, top + ":2: -r big.txt: " + big + ": larger than 16 MiB", false},
		{cons, cons + ":1: -c big.txt: " + big + ": larger than 16 MiB", false},
		{dir, dir + ": is a folder, not a file", false},
	} {
		r := &Reader{}
		var err error
		if c.constraints {
			_, err = r.ReadConstraints(c.path)
		} else {
			_, err = r.Read(c.path)
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.path, err, c.want)
			continue
		}
		if h := err.(*Error).Hint(); h == "" || strings.Contains(h, "pip's format") {
			t.Errorf("%s: hint %q does not say what to do about the file", c.path, h)
		}
	}
}

// A pipe (-r /dev/stdin, -r <(...)) is read to its end, however slowly its
// writer writes.
func TestReadFromPipe(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.WriteString("alpha==1.0\n")
		time.Sleep(100 * time.Millisecond)
		w.WriteString("beta>=2\n")
	}()
	f, err := (&Reader{}).Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Requirements) != 2 || f.Requirements[1].Req.Name != "beta" {
		t.Fatalf("read from a pipe: %+v", f.Requirements)
	}
}

// An error quoting a line of megabytes shows its start, not all of it.
func TestErrorQuotesLongLinesShort(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.txt")
	os.WriteFile(p, []byte("ok\n"+strings.Repeat("é", 1<<20)+"\n"), 0o644)
	_, err := (&Reader{}).Read(p)
	if err == nil || len(err.Error()) > 2048 || !strings.HasPrefix(err.Error(), p+":2: ") || !strings.Contains(err.Error(), "more bytes)") {
		t.Fatalf("error of %d bytes: %.200s", len(err.Error()), err)
	}
}
