package sdist

import (
	"archive/tar"
	"bytes"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var fuzzOpts = &Options{MaxTotalSize: 4 << 20, MaxFileSize: 1 << 20, MaxFiles: 1000}

// checkAccepted asserts what an accepted sdist promises, then unpacks it
// and checks what is on disk: only files and folders, exactly the members.
func checkAccepted(t *testing.T, s *Sdist) {
	t.Helper()
	byPath := map[string]Member{}
	for _, m := range s.Members() {
		byPath[m.Path] = m
	}
	for _, m := range s.Members() {
		if r, _ := checkName(m.Name); r != "" {
			t.Fatalf("accepted unsafe name %q: %s", m.Name, r)
		}
		if m.Name != s.Root && m.Name != s.Root+"/"+m.Path {
			t.Fatalf("member %q has Path %q under root %q", m.Name, m.Path, s.Root)
		}
		for d := filepath.Dir(m.Path); d != "." && d != "/"; d = filepath.Dir(d) {
			if p, ok := byPath[d]; ok && p.Type != Dir {
				t.Fatalf("member %q lies inside %s %q", m.Name, p.Type, d)
			}
		}
		if m.Type == Symlink || m.Type == Hardlink {
			if tg, ok := byPath[m.Link]; !ok || tg.Type != File {
				t.Fatalf("link %q to %q, which is not a file of the sdist", m.Name, m.Link)
			}
		}
	}
	parent := t.TempDir()
	root, err := s.Extract(filepath.Join(parent, "out"))
	if err != nil {
		t.Fatalf("validated but Extract failed: %v", err)
	}
	if !strings.HasPrefix(root, filepath.Join(parent, "out")+string(filepath.Separator)) {
		t.Fatalf("root %s outside the destination", root)
	}
	files := 0
	filepath.WalkDir(parent, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			t.Fatalf("%s on disk is %v", p, d.Type())
		}
		if d.Type().IsRegular() {
			files++
		}
		return nil
	})
	want := 0
	for _, m := range s.Members() {
		if m.Type != Dir {
			want++
		}
	}
	if files != want {
		t.Fatalf("%d files on disk, %d members", files, want)
	}
}

// goTarTestdata adds the tar files of Go's own archive/tar tests (sparse
// files, PAX and GNU oddities, corrupt headers) as seeds.
func goTarTestdata(f *testing.F, gzipped bool) {
	paths, _ := filepath.Glob(filepath.Join(build.Default.GOROOT, "src", "archive", "tar", "testdata", "*.tar"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err == nil && len(data) < 1<<20 {
			if gzipped {
				data = gz(f, data)
			}
			f.Add(data)
		}
	}
}

func FuzzTar(f *testing.F) {
	f.Add(tarBytes(f, demo()))
	f.Add(tarBytes(f, with(tsymlink("demo-1.0/l", "setup.py"), thardlink("demo-1.0/h", "demo-1.0/PKG-INFO"))))
	f.Add(tarBytes(f, with(tm{raw: paxRecords('x', "path", "demo-1.0/p")}, rawMember(rawHeader("demo-1.0/ok", '0', 1, ""), "x"))))
	goTarTestdata(f, false)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := New(bytes.NewReader(data), int64(len(data)), "demo-1.0.tar", fuzzOpts)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("not an *Error: %v", err)
			}
			return
		}
		checkAccepted(t, s)
	})
}

func FuzzTarGz(f *testing.F) {
	f.Add(tgz(f, demo()...))
	for _, c := range hostileCases() {
		if c.file == "" && c.name != "gzip bomb" && c.name != "gzip bomb after the end marker" {
			f.Add(c.data(f))
		}
	}
	goTarTestdata(f, true)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := New(bytes.NewReader(data), int64(len(data)), "demo-1.0.tar.gz", fuzzOpts)
		if err != nil {
			return
		}
		checkAccepted(t, s)
	})
}

func FuzzZip(f *testing.F) {
	f.Add(zipBytes(f, demoZip()...))
	f.Add(zipBytes(f, withZip(zm{name: "demo-1.0/link.py", data: "src/demo/__init__.py", attrs: 0o120777 << 16})...))
	for _, c := range hostileCases() {
		if c.file == "demo-1.0.zip" {
			f.Add(c.data(f))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := New(bytes.NewReader(data), int64(len(data)), "demo-1.0.zip", fuzzOpts)
		if err != nil {
			return
		}
		checkAccepted(t, s)
	})
}

// FuzzMembers adds two members of fuzzed names, types and link targets to
// a valid sdist: whatever is accepted must unpack to files and folders
// inside the destination.
func FuzzMembers(f *testing.F) {
	for _, s := range [][5]string{
		{"demo-1.0/l", "2", "/etc", "demo-1.0/l/passwd", "0"},
		{"demo-1.0/l", "2", "src", "demo-1.0/l/x", "0"},
		{"demo-1.0/h", "1", "/etc/passwd", "demo-1.0/x", "0"},
		{"demo-1.0/h", "1", "demo-1.0/setup.py", "demo-1.0/h2", "1"},
		{"demo-1.0/a", "2", "b", "demo-1.0/b", "2"},
		{"demo-1.0/../x", "0", "", "demo-1.0/X", "5"},
		{"./demo-1.0/l", "2", "./../demo-1.0/setup.py", "demo-1.0/src/l", "2"},
	} {
		f.Add(s[0], s[1][0], s[2], s[3], s[4][0])
	}
	f.Fuzz(func(t *testing.T, name1 string, type1 byte, link1, name2 string, type2 byte) {
		mk := func(name string, typ byte, link string) tm {
			h := tar.Header{Name: name, Typeflag: typ, Linkname: link, Mode: 0o644, ModTime: fixedTime, Format: tar.FormatPAX}
			data := ""
			if typ == tar.TypeReg {
				data = "content"
				h.Size = int64(len(data))
			}
			return tm{hdr: h, data: data}
		}
		ms := with(mk(name1, type1, link1), mk(name2, type2, link1))
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for _, m := range ms {
			h := m.hdr
			if tw.WriteHeader(&h) != nil {
				return // the writer refuses it: nothing to test
			}
			tw.Write([]byte(m.data))
		}
		if tw.Close() != nil {
			return
		}
		s, err := New(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "demo-1.0.tar", fuzzOpts)
		if err != nil {
			return
		}
		checkAccepted(t, s)
	})
}
