package sdist

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// tm is one member of a test tar: a header and its content.
type tm struct {
	hdr  tar.Header
	data string
	raw  []byte // written as is instead (hand-made headers)
}

var fixedTime = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func tfile(name, data string) tm {
	return tm{hdr: tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data)), ModTime: fixedTime}, data: data}
}

func texec(name, data string) tm {
	m := tfile(name, data)
	m.hdr.Mode = 0o755
	return m
}

func tdir(name string) tm {
	return tm{hdr: tar.Header{Name: name, Typeflag: tar.TypeDir, Mode: 0o755, ModTime: fixedTime}}
}

func tsymlink(name, target string) tm {
	return tm{hdr: tar.Header{Name: name, Typeflag: tar.TypeSymlink, Linkname: target, Mode: 0o777, ModTime: fixedTime}}
}

func thardlink(name, target string) tm {
	return tm{hdr: tar.Header{Name: name, Typeflag: tar.TypeLink, Linkname: target, Mode: 0o644, ModTime: fixedTime}}
}

func ttype(name string, typ byte) tm {
	return tm{hdr: tar.Header{Name: name, Typeflag: typ, Mode: 0o644, ModTime: fixedTime, Devmajor: 1, Devminor: 3}}
}

const pkgInfo = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: a demo\n"

// demo is a small valid sdist's members.
func demo() []tm {
	return []tm{
		tdir("demo-1.0/"),
		tfile("demo-1.0/PKG-INFO", pkgInfo),
		texec("demo-1.0/setup.py", "from setuptools import setup\nsetup()\n"),
		tfile("demo-1.0/src/demo/__init__.py", "print('demo')\n"),
	}
}

// with returns demo's members followed by more.
func with(more ...tm) []tm { return append(demo(), more...) }

func tarBytes(t testing.TB, ms []tm) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range ms {
		if m.raw != nil {
			if err := tw.Flush(); err != nil {
				t.Fatal(err)
			}
			buf.Write(m.raw)
			continue
		}
		h := m.hdr
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatalf("%s: %v", h.Name, err)
		}
		if _, err := io.WriteString(tw, m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tgz(t testing.TB, ms ...tm) []byte { return gz(t, tarBytes(t, ms)) }

// octal writes v as a NUL-terminated octal field.
func octal(f []byte, v int64) { copy(f, fmt.Sprintf("%0*o\x00", len(f)-1, v)) }

// rawHeader makes a ustar header block by hand, for what tar.Writer
// refuses to write.
func rawHeader(name string, typ byte, size int64, link string) []byte {
	b := make([]byte, 512)
	copy(b[0:100], name)
	octal(b[100:108], 0o644)
	octal(b[108:116], 0)
	octal(b[116:124], 0)
	octal(b[124:136], size)
	octal(b[136:148], fixedTime.Unix())
	b[156] = typ
	copy(b[157:257], link)
	copy(b[257:263], "ustar\x00")
	copy(b[263:265], "00")
	for i := 148; i < 156; i++ {
		b[i] = ' '
	}
	sum := 0
	for _, c := range b {
		sum += int(c)
	}
	copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return b
}

// gnuHeader turns a header made by rawHeader into an old GNU one.
func gnuHeader(b []byte) []byte {
	copy(b[257:265], "ustar  \x00")
	for i := 148; i < 156; i++ {
		b[i] = ' '
	}
	sum := 0
	for _, c := range b {
		sum += int(c)
	}
	copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return b
}

func pad(b []byte) []byte {
	if n := len(b) % 512; n != 0 {
		b = append(b, make([]byte, 512-n)...)
	}
	return b
}

// paxRecords makes a PAX extended header ('x') or global header ('g').
func paxRecords(typ byte, kv ...string) []byte {
	var body []byte
	for i := 0; i+1 < len(kv); i += 2 {
		rec := " " + kv[i] + "=" + kv[i+1] + "\n"
		n := len(rec) + 1
		for len(fmt.Sprint(n))+len(rec) != n {
			n++
		}
		body = append(body, fmt.Sprintf("%d%s", n, rec)...)
	}
	return append(rawHeader("PaxHeaders/x", typ, int64(len(body)), ""), pad(body)...)
}

// rawMember is a hand-made header followed by its content.
func rawMember(hdr []byte, data string) tm {
	return tm{raw: append(hdr, pad([]byte(data))...)}
}

// zm is one member of a test zip.
type zm struct {
	name  string
	data  string
	mode  fs.FileMode // 0: 0644 file (or 0755 folder for names ending in '/')
	attrs uint32      // raw external attributes with a Unix creator, when non-zero
	raw   *zip.FileHeader
}

func zipBytes(t testing.TB, ms ...zm) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		if m.raw != nil {
			h := *m.raw
			h.Name = m.name
			w, err := zw.CreateRaw(&h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(m.data))
			continue
		}
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: fixedTime}
		switch {
		case m.mode != 0:
			h.SetMode(m.mode)
		case strings.HasSuffix(m.name, "/"):
			h.SetMode(fs.ModeDir | 0o755)
			h.Method = zip.Store
		default:
			h.SetMode(0o644)
		}
		if m.attrs != 0 {
			h.CreatorVersion = 3 << 8 // Unix
			h.ExternalAttrs = m.attrs
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func demoZip() []zm {
	return []zm{
		{name: "demo-1.0/"},
		{name: "demo-1.0/PKG-INFO", data: pkgInfo},
		{name: "demo-1.0/setup.py", data: "from setuptools import setup\nsetup()\n", mode: 0o755},
		{name: "demo-1.0/src/demo/__init__.py", data: "print('demo')\n"},
	}
}

func open(t testing.TB, filename string, data []byte, opts *Options) (*Sdist, error) {
	t.Helper()
	return New(bytes.NewReader(data), int64(len(data)), filename, opts)
}

// tree describes what is on disk below dir: one line per entry, with its
// type, permission and content; it fails on anything but files and folders.
func tree(t testing.TB, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			x := "-"
			if info.Mode().Perm()&0o100 != 0 {
				x = "x"
			}
			lines = append(lines, fmt.Sprintf("%s %s %q", rel, x, data))
		case info.IsDir():
			lines = append(lines, rel+"/")
		default:
			t.Errorf("%s on disk is %v, only files and folders are expected", rel, info.Mode())
		}
		if info.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) != 0 {
			t.Errorf("%s keeps special bits %v", rel, info.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
