package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestContentAndMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	cases := []struct {
		name string
		o    Options
		want fs.FileMode
	}{
		{"default", Options{}, 0o644},
		{"umask", Options{Perm: 0o666}, 0o644},
		{"private", Options{Perm: 0o600}, 0o600},
		{"exact", Options{Perm: 0o666, Exact: true}, 0o666},
		{"synced", Options{Perm: 0o644, Exact: true, Sync: true}, 0o644},
	}
	for _, c := range cases {
		for _, stream := range []bool{false, true} {
			p := filepath.Join(dir, c.name)
			var err error
			if stream {
				err = Write(p, strings.NewReader("streamed "+c.name), c.o)
			} else {
				err = WriteFile(p, []byte("bytes "+c.name), c.o)
			}
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			data, _ := os.ReadFile(p)
			want := "bytes " + c.name
			if stream {
				want = "streamed " + c.name
			}
			if string(data) != want {
				t.Errorf("%s: content %q, want %q", c.name, data, want)
			}
			st, _ := os.Stat(p)
			if st.Mode().Perm() != c.want {
				t.Errorf("%s (stream %v): mode %v, want %v", c.name, stream, st.Mode().Perm(), c.want)
			}
		}
	}
	if got := names(t, dir); len(got) != len(cases) {
		t.Errorf("folder holds %v: a temporary file was left", got)
	}
}

func TestTempPatternAndModTime(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "entry")
	var seen []string
	mtime := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	r := readerFunc(func(b []byte) (int, error) {
		seen = names(t, dir)
		return 0, io.EOF
	})
	if err := Write(p, r, Options{Temp: ".tmp-probe-*", ModTime: mtime}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !strings.HasPrefix(seen[0], ".tmp-probe-") {
		t.Errorf("while writing the folder held %v, want one .tmp-probe-* file", seen)
	}
	if st, _ := os.Stat(p); !st.ModTime().Equal(mtime) {
		t.Errorf("modification time %v, want %v", st.ModTime(), mtime)
	}
	// Without a '*' the random part is appended.
	if err := Write(p, readerFunc(func([]byte) (int, error) {
		seen = names(t, dir)
		return 0, io.EOF
	}), Options{Temp: ".tmp-tag-"}); err != nil {
		t.Fatal(err)
	}
	for _, n := range seen {
		if n != "entry" && (!strings.HasPrefix(n, ".tmp-tag-") || n == ".tmp-tag-") {
			t.Errorf("temporary file %q, want .tmp-tag-RANDOM", n)
		}
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }

func TestNoTempLeftOnFailure(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("source broke")
	r := io.MultiReader(strings.NewReader("half"), readerFunc(func([]byte) (int, error) { return 0, boom }))
	if err := Write(p, r, Options{Sync: true}); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the reader's error", err)
	}
	if data, _ := os.ReadFile(p); string(data) != "old" {
		t.Errorf("destination holds %q after a failed write, want the old content", data)
	}
	// The rename fails: the destination is a folder that is not empty.
	d := filepath.Join(dir, "d")
	if err := os.MkdirAll(filepath.Join(d, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(d, []byte("new"), Options{}); err == nil {
		t.Fatal("writing over a folder that is not empty succeeded")
	}
	if got := names(t, dir); len(got) != 2 {
		t.Errorf("folder holds %v after failures, want f and d only", got)
	}
	// The folder does not exist: an error naming the pattern.
	err := WriteFile(filepath.Join(dir, "missing", "f"), nil, Options{})
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "createtemp" || !strings.HasSuffix(pe.Path, filepath.Join("missing", ".f.*.tmp")) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %#v, want createtemp DIR/missing/.f.*.tmp: not exist", err)
	}
}

func TestReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "page")
	a := bytes.Repeat([]byte("a"), 1<<20)
	b := bytes.Repeat([]byte("b"), 1<<20)
	if err := WriteFile(p, a, Options{}); err != nil {
		t.Fatal(err)
	}
	// A reader that opened the old file keeps reading it whole.
	held, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	bad := make(chan string, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			data, err := os.ReadFile(p)
			if err != nil || !(bytes.Equal(data, a) || bytes.Equal(data, b)) {
				select {
				case bad <- "a reader saw a part of a file or none":
				default:
				}
				return
			}
		}
	}()
	for i := 0; i < 50; i++ {
		next := b
		if i%2 == 1 {
			next = a
		}
		if err := Write(p, bytes.NewReader(next), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	select {
	case msg := <-bad:
		t.Error(msg)
	default:
	}
	old, _ := io.ReadAll(held)
	if !bytes.Equal(old, a) {
		t.Error("a reader of the replaced file did not read the old content whole")
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v, want the page only", got)
	}
}
