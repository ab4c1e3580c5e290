package progress

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// env is a getenv over a map.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestEnabledOffATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var nilFile *os.File
	for name, out := range map[string]io.Writer{
		"a pipe":           w,
		"a file":           f,
		"a buffer":         new(bytes.Buffer),
		"a nil *os.File":   nilFile,
		"no writer at all": nil,
	} {
		if Enabled(out, false, env("TERM", "xterm")) {
			t.Errorf("enabled on %s", name)
		}
		if New(out, false, env("TERM", "xterm")).Enabled() {
			t.Errorf("New enabled on %s", name)
		}
	}
}

// TestPlainPrintsOnlyMessages drives a display off a terminal: tasks show
// nothing and what is written comes out byte for byte.
func TestPlainPrintsOnlyMessages(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		got <- b
	}()

	d := New(w, false, env("TERM", "xterm"))
	script(d)
	w.Close()
	if out, want := string(<-got), scriptMessages; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

// scriptMessages is what script writes.
const scriptMessages = "resolving\nwarning: \x1b is not escaped in messages\nbuilding foo\r\npartial line"

// script is the same sequence of calls for each kind of output.
func script(d *Display) {
	d.Write([]byte("resolving\n"))
	t := d.Begin("Installing", 10, Count)
	for i := range 3 {
		t.Advance(1, "file"+string(rune('0'+i)))
	}
	d.Printf("warning: %s is not escaped in messages\n", "\x1b")
	t.AddTotal(2)
	t.Advance(5, "")
	d.Write([]byte("building foo\r\n"))
	t.Advance(4, "last")
	t.End()
	t.End()
	d.Write([]byte("partial line"))
	d.Close()
	d.Close()
	d.Begin("after close", 1, Bytes).Advance(1, "x")
}
