package sdist

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range des {
		names = append(names, d.Name())
	}
	return names
}

func TestExtract(t *testing.T) {
	s, err := open(t, "demo-1.0.tar.gz", tgz(t, with(tsymlink("demo-1.0/README", "src/demo/__init__.py"))...), nil)
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dst := filepath.Join(parent, "unpacked")
	root, err := s.Extract(dst)
	if err != nil {
		t.Fatal(err)
	}
	if root != filepath.Join(dst, "demo-1.0") {
		t.Errorf("root %s", root)
	}
	if got := entries(t, parent); len(got) != 1 || got[0] != "unpacked" {
		t.Errorf("the parent holds %q, want only the destination", got)
	}
	want := strings.Join([]string{
		`./`,
		`PKG-INFO - "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: a demo\n"`,
		`README - "print('demo')\n"`,
		`setup.py x "from setuptools import setup\nsetup()\n"`,
		`src/`,
		`src/demo/`,
		`src/demo/__init__.py - "print('demo')\n"`,
	}, "\n")
	if got := tree(t, root); got != want {
		t.Errorf("unpacked:\n%s\nwant:\n%s", got, want)
	}
	st, err := os.Stat(filepath.Join(root, "setup.py"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.ModTime().Equal(fixedTime) {
		t.Errorf("mtime %v, want the archive's %v", st.ModTime(), fixedTime)
	}
	if st.Mode().Perm()&0o022 != 0 && st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v", st.Mode())
	}
	// a second extraction of the same Sdist works
	if _, err := s.Extract(filepath.Join(parent, "again")); err != nil {
		t.Errorf("second Extract: %v", err)
	}
}

func TestExtractExistingDestination(t *testing.T) {
	s, err := open(t, "demo-1.0.tar.gz", tgz(t, demo()...), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, mk := range []func(p string) error{
		func(p string) error { return os.Mkdir(p, 0o755) },
		func(p string) error { return os.WriteFile(p, []byte("keep"), 0o644) },
		func(p string) error { return os.Symlink("/tmp", p) },
	} {
		parent := t.TempDir()
		dst := filepath.Join(parent, "out")
		if err := mk(dst); err != nil {
			t.Fatal(err)
		}
		_, err := s.Extract(dst)
		if !errors.Is(err, ErrDestination) || !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "hint: ") {
			t.Errorf("Extract into an existing %s: %v", dst, err)
		}
		if got := entries(t, parent); len(got) != 1 {
			t.Errorf("left %q", got)
		}
		if data, err := os.ReadFile(dst); err == nil && string(data) != "keep" {
			t.Errorf("changed the existing file")
		}
	}
}

// swappable is an io.ReaderAt whose bytes the test replaces after New.
type swappable struct{ b []byte }

func (s *swappable) ReadAt(p []byte, off int64) (int, error) {
	return bytes.NewReader(s.b).ReadAt(p, off)
}

// TestExtractChanged: an archive changed between New and Extract is
// refused, and the failure leaves nothing behind, even when it is found
// after every file was written.
func TestExtractChanged(t *testing.T) {
	base := tgz(t, demo()...)
	for _, c := range []struct {
		name string
		swap []byte
		kind error
	}{
		{"same names, other content", tgz(t, append(demo()[:3], tfile("demo-1.0/src/demo/__init__.py", "import os\n"))...), ErrChanged},
		{"other member", tgz(t, append(demo()[:3], tfile("demo-1.0/src/demo/evil.py", "import os\n"))...), ErrChanged},
		{"extra member", tgz(t, with(tfile("demo-1.0/x", ""))...), ErrChanged},
		{"symlink swapped in", tgz(t, append(demo()[:3], tsymlink("demo-1.0/src/demo/__init__.py", "/etc/passwd"))...), ErrChanged},
		{"corrupt", append(base[:len(base)-8:len(base)-8], 0, 0, 0, 0, 0, 0, 0, 0), ErrFormat},
	} {
		r := &swappable{b: base}
		s, err := New(r, int64(len(base)), "demo-1.0.tar.gz", nil)
		if err != nil {
			t.Fatal(err)
		}
		r.b = c.swap
		s.size = int64(len(c.swap))
		parent := t.TempDir()
		_, err = s.Extract(filepath.Join(parent, "out"))
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: %v, want %v", c.name, err, c.kind)
		}
		if got := entries(t, parent); len(got) != 0 {
			t.Errorf("%s: left %q behind", c.name, got)
		}
	}
}

// TestExtractDiskFailure: a write that fails (here: the parent folder is
// not writable) leaves nothing and says so.
func TestExtractDiskFailure(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	s, err := open(t, "demo-1.0.tar.gz", tgz(t, demo()...), nil)
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	os.Chmod(parent, 0o555)
	defer os.Chmod(parent, 0o755)
	if _, err := s.Extract(filepath.Join(parent, "out")); !errors.Is(err, ErrDestination) {
		t.Errorf("Extract into a read-only folder: %v", err)
	}
}

// TestExtractNoLeftovers: a member the os.Root refuses fails the whole
// extraction without leaving the temporary folder (a defence behind the
// validation, exercised here by corrupting a validated entry).
func TestExtractNoLeftovers(t *testing.T) {
	s, err := open(t, "demo-1.0.zip", zipBytes(t, demoZip()...), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.entries[len(s.entries)-1].Path = "../../escape.py"
	parent := t.TempDir()
	_, err = s.Extract(filepath.Join(parent, "out"))
	if !errors.Is(err, ErrDestination) {
		t.Errorf("got %v", err)
	}
	if got := entries(t, parent); len(got) != 0 {
		t.Errorf("left %q behind", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(parent), "escape.py")); err == nil {
		t.Errorf("wrote outside")
	}
}

// TestExtractMtimes: files keep the archive's time, a zero time is left to
// the file system.
func TestExtractMtimes(t *testing.T) {
	m := tfile("demo-1.0/old.py", "x")
	m.hdr.ModTime = time.Unix(0, 0)
	s, err := open(t, "demo-1.0.tar.gz", tgz(t, with(m)...), nil)
	if err != nil {
		t.Fatal(err)
	}
	root, err := s.Extract(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(filepath.Join(root, "old.py"))
	if st.ModTime().Unix() == 0 {
		t.Errorf("epoch time applied")
	}
	st, _ = os.Stat(filepath.Join(root, "PKG-INFO"))
	if !st.ModTime().Equal(fixedTime) {
		t.Errorf("PKG-INFO time %v", st.ModTime())
	}
}
