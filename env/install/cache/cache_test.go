package cache

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/resolver/source"
)

func makeWheel(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	files["w-1.dist-info/METADATA"] = "Metadata-Version: 2.1\nName: w\nVersion: 1\n\n"
	files["w-1.dist-info/WHEEL"] = "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
	var rec strings.Builder
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, c := range files {
		s := sha256.Sum256([]byte(c))
		fmt.Fprintf(&rec, "%s,sha256=%s,%d\n", n, base64.RawURLEncoding.EncodeToString(s[:]), len(c))
		w, _ := zw.Create(n)
		w.Write([]byte(c))
	}
	rec.WriteString("w-1.dist-info/RECORD,,\n")
	w, _ := zw.Create("w-1.dist-info/RECORD")
	w.Write([]byte(rec.String()))
	zw.Close()
	p := filepath.Join(dir, "w-1-py3-none-any.whl")
	os.WriteFile(p, buf.Bytes(), 0o644)
	return p
}

func TestUnpackConcurrentAndReadOnly(t *testing.T) {
	dir := t.TempDir()
	p := makeWheel(t, dir, map[string]string{"w/__init__.py": "x = 1\n", "w/data.txt": "data"})
	key, err := source.FileSHA256(p)
	if err != nil {
		t.Fatal(err)
	}
	c := New(filepath.Join(dir, "cache"))
	if c.Lookup(key) != nil {
		t.Fatal("empty cache has the entry")
	}
	// several processes (here goroutines with their own Wheel) fill the
	// same entry at once: all succeed, one wins.
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := wheel.Open(p, &wheel.Options{DeferContentCheck: true})
			if err != nil {
				errs[i] = err
				return
			}
			defer w.Close()
			_, errs[i] = c.Unpack(w, key)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	e := c.Lookup(key)
	if e == nil || !e.Hit {
		t.Fatal("entry missing after unpack")
	}
	fi, err := os.Stat(e.Path("w/__init__.py"))
	if err != nil || fi.Mode().Perm() != 0o444 {
		t.Errorf("cached file: %v %v, want 0444", fi, err)
	}
	if b, _ := os.ReadFile(e.Path("w/data.txt")); string(b) != "data" {
		t.Errorf("cached data.txt = %q", b)
	}
	ents, _ := os.ReadDir(filepath.Dir(e.Dir))
	var left []string
	for _, x := range ents {
		if x.Name() != filepath.Base(e.Dir) && x.Name() != filepath.Base(e.Dir)+".used" && x.Name() != filepath.Base(e.Dir)+".seal" {
			left = append(left, x.Name())
		}
	}
	if len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
	// The lookup stamped the entry as used, for fwenv cache prune.
	if _, err := os.Stat(e.Dir + ".used"); err != nil {
		t.Errorf("no use stamp: %v", err)
	}
}

func TestUnpackRefusesBadContent(t *testing.T) {
	dir := t.TempDir()
	p := makeWheel(t, dir, map[string]string{"w/a.py": "a\n"})
	data, _ := os.ReadFile(p)
	// change the member's bytes without changing its size: the stored
	// (deflated) bytes differ, so rebuild by hand with a lying RECORD.
	_ = data
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := map[string]string{
		"w/a.py":                 "b\n",
		"w-1.dist-info/METADATA": "Metadata-Version: 2.1\nName: w\nVersion: 1\n\n",
		"w-1.dist-info/WHEEL":    "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
	}
	var rec strings.Builder
	for n, c := range files {
		h := c
		if n == "w/a.py" {
			h = "a\n"
		}
		s := sha256.Sum256([]byte(h))
		fmt.Fprintf(&rec, "%s,sha256=%s,%d\n", n, base64.RawURLEncoding.EncodeToString(s[:]), len(c))
		w, _ := zw.Create(n)
		w.Write([]byte(c))
	}
	rec.WriteString("w-1.dist-info/RECORD,,\n")
	w, _ := zw.Create("w-1.dist-info/RECORD")
	w.Write([]byte(rec.String()))
	zw.Close()
	os.WriteFile(p, buf.Bytes(), 0o644)
	wh, err := wheel.Open(p, &wheel.Options{DeferContentCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	key, _ := source.FileSHA256(p)
	c := New(filepath.Join(dir, "cache"))
	_, err = c.Unpack(wh, key)
	if err == nil || !strings.Contains(err.Error(), "w/a.py") {
		t.Fatalf("bad member cached: %v", err)
	}
	if c.Lookup(key) != nil {
		t.Error("entry exists after a failed unpack")
	}
	ents, _ := os.ReadDir(filepath.Join(c.Dir, "wheels", key[:2]))
	if len(ents) != 0 {
		t.Errorf("left: %v", ents)
	}
}

func TestLinkModes(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	os.WriteFile(src, []byte("content"), 0o444)
	for _, m := range []LinkMode{Copy, Hardlink, Auto} {
		l := &Linker{Mode: m}
		dst := filepath.Join(dir, string(m))
		if err := l.Link(src, dst, false); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		b, _ := os.ReadFile(dst)
		if string(b) != "content" {
			t.Errorf("%s: %q", m, b)
		}
		if l.Used() == "" || l.Used() == Auto {
			t.Errorf("%s: used %q", m, l.Used())
		}
		if err := l.Link(src, dst, false); err == nil {
			t.Errorf("%s: overwrote an existing file", m)
		}
	}
	if l := (&Linker{Mode: Clone}); l.Link(src, filepath.Join(dir, "clone"), true) == nil {
		fi, _ := os.Stat(filepath.Join(dir, "clone"))
		if fi.Mode().Perm() != 0o755 {
			t.Errorf("clone mode %v", fi.Mode())
		}
	}
	if d, err := DefaultDir(); err != nil || d == "" {
		t.Errorf("DefaultDir: %q %v", d, err)
	}
	t.Setenv(EnvVar, "/x/cache")
	if d, _ := DefaultDir(); d != "/x/cache" {
		t.Errorf("DefaultDir with %s: %q", EnvVar, d)
	}
}
