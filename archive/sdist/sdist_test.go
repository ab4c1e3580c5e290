package sdist

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"encoding/base64"
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestOpenDemo(t *testing.T) {
	s, err := open(t, "demo-1.0.tar.gz", tgz(t, with(tfile("demo-1.0/pyproject.toml", "[build-system]\n"))...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "demo" || s.Version != "1.0" || s.Root != "demo-1.0" || s.Format != TarGz {
		t.Errorf("got %q %q root %q format %q", s.Name, s.Version, s.Root, s.Format)
	}
	if !s.HasPKGINFO || !s.HasPyproject || !s.HasSetupPy || s.HasSetupCfg {
		t.Errorf("has PKG-INFO %v pyproject %v setup.py %v setup.cfg %v", s.HasPKGINFO, s.HasPyproject, s.HasSetupPy, s.HasSetupCfg)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings %q", s.Warnings)
	}
	var got []string
	for _, m := range s.Members() {
		got = append(got, m.Path+" "+m.Type.String()+" "+m.Mode.String())
	}
	want := []string{" folder -rwxr-xr-x", "PKG-INFO file -rw-r--r--", "setup.py file -rwxr-xr-x", "src/demo/__init__.py file -rw-r--r--", "pyproject.toml file -rw-r--r--"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("members:\n%s", strings.Join(got, "\n"))
	}
	md, err := s.PKGINFO()
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "demo" || md.Version != "1.0" || md.Summary != "a demo" {
		t.Errorf("PKG-INFO %+v", md)
	}
	data, err := s.ReadFile("src/demo/__init__.py")
	if err != nil || string(data) != "print('demo')\n" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if _, err := s.ReadFile("nope.py"); !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, ErrMissing) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

// bz2Demo is demo() as Python's tarfile (PAX format) and bz2 wrote it:
// the standard library can read bzip2 but not write it.
const bz2Demo = "QlpoOTFBWSZTWQEUe2QAANRfisoUQOP/kAmryQDvJ94gAACAQAgIMAD6tmGU1AaTyjJpoNAAMmhkPKEKjxPSEZMATTQZMHqBMhhtSjSbRNADQeo00AAAH73U1wjTDSpkgaQSBU4JPBipayhxjc0Q8EJRA90jRBBfEBWe6sPmElcEqVwnitgG+2XHJcg3FRpUSVpXykjSRrqTki1AhE+fUTEpW6gfRNLEmJ4J8gvisi4CQKaBhAqQTA6h6zVfd0P+dhrA0AVFKeKhlSHJR5328ox0uc9q1k4C+4CrFRjhFdgmnfrJdEFCIlJYBmukMbUsExZG5gZE+fZUk4RhSiiWZpagDsoDzCF7ShL+LuSKcKEgAij2yA=="

func TestFormats(t *testing.T) {
	bz, err := base64.StdEncoding.DecodeString(bz2Demo)
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, c := range []struct {
		name string
		data []byte
		f    Format
	}{
		{"demo-1.0.tar.gz", tgz(t, demo()...), TarGz},
		{"demo-1.0.tgz", tgz(t, demo()...), TarGz},
		{"demo-1.0.tar", tarBytes(t, demo()), Tar},
		{"demo-1.0.tar.bz2", bz, TarBz2},
		{"demo-1.0.zip", zipBytes(t, demoZip()...), Zip},
		{"DEMO-1.0.TAR.GZ", tgz(t, demo()...), TarGz},
	} {
		s, err := open(t, c.name, c.data, nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if s.Format != c.f {
			t.Errorf("%s: format %s, want %s", c.name, s.Format, c.f)
		}
		if _, err := s.PKGINFO(); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		root, err := s.Extract(t.TempDir() + "/x")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := tree(t, root)
		if want == "" {
			want = got
			if !strings.Contains(got, `setup.py x "from setuptools`) || !strings.Contains(got, `src/demo/__init__.py - "print('demo')\n"`) {
				t.Errorf("%s unpacked to:\n%s", c.name, got)
			}
		} else if got != want {
			t.Errorf("%s unpacked to:\n%s\nwant:\n%s", c.name, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct {
		file, root          string
		name, version, warn string
	}{
		{"demo-1.0.tar.gz", "demo-1.0", "demo", "1.0", ""},
		{"foo-bar-1.0.tar.gz", "foo-bar-1.0", "foo-bar", "1.0", ""},
		{"foo_bar-1.0.tar.gz", "foo-bar-1.0", "foo_bar", "1.0", ""},
		{"Foo.Bar-1.0rc1.tgz", "Foo.Bar-1.0rc1", "Foo.Bar", "1.0rc1", ""},
		{"demo.tar.gz", "demo-2.0", "demo", "2.0", "name and version are taken from the top-level folder"},
		{"demo-1.0.tar.gz", "other-1.0", "demo", "1.0", `top-level folder "other-1.0" does not match`},
		{"demo-1.0.tar.gz", "demo-1.1", "demo", "1.0", `does not match the file name`},
		{"demo-1.0.tar.gz", "demo", "demo", "1.0", `is not NAME-VERSION`},
	} {
		data := tgz(t, tfile(c.root+"/setup.py", ""))
		s, err := open(t, c.file, data, nil)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if s.Name != c.name || s.Version != c.version || s.Root != c.root {
			t.Errorf("%s: %q %q %q", c.file, s.Name, s.Version, s.Root)
		}
		w := strings.Join(s.Warnings, "\n")
		if c.warn == "" && w != "" || !strings.Contains(w, c.warn) {
			t.Errorf("%s with %s/: warnings %q, want %q", c.file, c.root, w, c.warn)
		}
	}
}

func TestPKGINFO(t *testing.T) {
	for _, c := range []struct {
		name    string
		ms      []tm
		want    string
		notExst bool
	}{
		{"missing", []tm{tfile("demo-1.0/setup.py", "")}, "no demo-1.0/PKG-INFO", true},
		{"wrong name", []tm{tfile("demo-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: other\nVersion: 1.0\n")}, `Name "other" does not match`, false},
		{"wrong version", []tm{tfile("demo-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: demo\nVersion: 2.0\n")}, `Version "2.0" does not match`, false},
		{"invalid", []tm{tfile("demo-1.0/PKG-INFO", "Name: demo\nVersion: 1.0\n")}, "no Metadata-Version", false},
		{"a folder", []tm{tdir("demo-1.0/PKG-INFO/")}, "no demo-1.0/PKG-INFO", true},
	} {
		s, err := open(t, "demo-1.0.tar.gz", tgz(t, c.ms...), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		_, err = s.PKGINFO()
		if !errors.Is(err, ErrMetadata) || !strings.Contains(err.Error(), c.want) || errors.Is(err, fs.ErrNotExist) != c.notExst {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// a PKG-INFO that is a link to a file is read through the link
	s, err := open(t, "demo-1.0.tar", tarBytes(t, []tm{tfile("demo-1.0/meta/PKG-INFO", pkgInfo), tsymlink("demo-1.0/PKG-INFO", "meta/PKG-INFO")}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if md, err := s.PKGINFO(); err != nil || md.Name != "demo" {
		t.Errorf("PKG-INFO through a link: %v", err)
	}
}

// hostile is one archive that must be refused.
type hostile struct {
	name   string
	file   string // default demo-1.0.tar.gz
	data   func(t testing.TB) []byte
	opts   *Options
	kind   error
	member string // the member the error must name ("" for none)
	reason string // a part of the message
}

func tarCase(name string, kind error, member, reason string, ms ...tm) hostile {
	return hostile{name: name, kind: kind, member: member, reason: reason, data: func(t testing.TB) []byte { return tgz(t, ms...) }}
}

func zipCase(name string, kind error, member, reason string, ms ...zm) hostile {
	return hostile{name: name, file: "demo-1.0.zip", kind: kind, member: member, reason: reason, data: func(t testing.TB) []byte { return zipBytes(t, ms...) }}
}

func withZip(more ...zm) []zm { return append(demoZip(), more...) }

func hostileCases() []hostile {
	zeros := strings.Repeat("\x00", 64<<20)
	return []hostile{
		// names
		tarCase("dotdot inside", ErrUnsafePath, "demo-1.0/../evil", "'..'", with(tfile("demo-1.0/../evil", "x"))...),
		tarCase("dotdot first", ErrUnsafePath, "../evil", "'..'", tfile("../evil", "x")),
		tarCase("absolute", ErrUnsafePath, "/etc/passwd", "absolute", with(tfile("/etc/passwd", "x"))...),
		tarCase("drive letter", ErrUnsafePath, "C:/evil", "drive letter", tfile("C:/evil", "x")),
		tarCase("backslash", ErrUnsafePath, `demo-1.0\..\evil`, "backslash", with(tfile(`demo-1.0\..\evil`, "x"))...),
		tarCase("control character", ErrUnsafePath, "demo-1.0/a\nb", "control character", with(tfile("demo-1.0/a\nb", "x"))...),
		tarCase("dot component", ErrUnsafePath, "demo-1.0/./x", "'.' component", with(tfile("demo-1.0/./x", "x"))...),
		tarCase("empty component", ErrUnsafePath, "demo-1.0//x", "empty component", with(tfile("demo-1.0//x", "x"))...),
		tarCase("not UTF-8", ErrUnsafePath, "demo-1.0/\xff", "UTF-8", with(tfile("demo-1.0/\xff", "x"))...),
		tarCase("file name with slash", ErrUnsafePath, "demo-1.0/x/", "ends with '/'", with(rawMember(rawHeader("demo-1.0/x/", '0', 0, ""), ""))...),
		// layout
		tarCase("second top folder", ErrLayout, "other-1.0/setup.py", `outside the top-level folder "demo-1.0"`, with(tfile("other-1.0/setup.py", "x"))...),
		tarCase("file at the top", ErrLayout, "PKG-INFO", "top level", append([]tm{tfile("PKG-INFO", pkgInfo)}, demo()...)...),
		tarCase("file at the top after", ErrLayout, "setup.py", "outside the top-level folder", with(tfile("setup.py", "x"))...),
		tarCase("top folder case", ErrCaseCollision, "Demo-1.0/x", "top-level folder spelt", with(tfile("Demo-1.0/x", "x"))...),
		tarCase("top is a link", ErrLayout, "demo-1.0", "top level", tsymlink("demo-1.0", "/tmp")),
		{name: "empty archive", kind: ErrLayout, reason: "empty", data: func(t testing.TB) []byte { return tgz(t) }},
		// links
		tarCase("symlink out", ErrLink, "demo-1.0/evil", "leaves the top-level folder", with(tsymlink("demo-1.0/evil", "../../etc/passwd"))...),
		tarCase("symlink absolute", ErrLink, "demo-1.0/evil", "absolute", with(tsymlink("demo-1.0/evil", "/etc/passwd"))...),
		tarCase("symlink then a file through it", ErrLink, "demo-1.0/evil/authorized_keys", `lies inside "demo-1.0/evil", which is a symbolic link`,
			with(tsymlink("demo-1.0/evil", "/root/.ssh"), tfile("demo-1.0/evil/authorized_keys", "ssh-rsa AAAA"))...),
		tarCase("file then a symlink over its folder", ErrLink, "demo-1.0/src/demo/__init__.py", "which is a symbolic link",
			with(tsymlink("demo-1.0/src", "/tmp"))...),
		tarCase("in-tree folder symlink then a file through it", ErrLink, "demo-1.0/l/x", "which is a symbolic link",
			with(tsymlink("demo-1.0/l", "src"), tfile("demo-1.0/l/x", "x"))...),
		tarCase("symlink to a folder", ErrLink, "demo-1.0/l", "is a folder", with(tsymlink("demo-1.0/l", "src/demo"))...),
		tarCase("symlink to the top folder", ErrLink, "demo-1.0/src/l", "top-level folder", with(tsymlink("demo-1.0/src/l", ".."))...),
		tarCase("symlink chain", ErrLink, "demo-1.0/a", `goes through or to the link "demo-1.0/b"`,
			with(tsymlink("demo-1.0/a", "b"), tsymlink("demo-1.0/b", "setup.py"))...),
		tarCase("symlink through a link", ErrLink, "demo-1.0/a", "goes through or to the link",
			with(tsymlink("demo-1.0/b", "setup.py"), tsymlink("demo-1.0/a", "b/../setup.py"))...),
		tarCase("symlink dangling", ErrLink, "demo-1.0/a", "not in the sdist", with(tsymlink("demo-1.0/a", "nope.py"))...),
		tarCase("symlink to itself", ErrLink, "demo-1.0/a", "link", with(tsymlink("demo-1.0/a", "a"))...),
		tarCase("symlink through a file", ErrLink, "demo-1.0/a", "goes through the file", with(tsymlink("demo-1.0/a", "setup.py/x"))...),
		tarCase("symlink up and back in", ErrLink, "demo-1.0/a", "leaves the top-level folder", with(tsymlink("demo-1.0/a", "../demo-1.0/setup.py"))...),
		tarCase("symlink to a file as a folder", ErrLink, "demo-1.0/a", "names a folder", with(tsymlink("demo-1.0/a", "setup.py/"))...),
		tarCase("symlink empty", ErrLink, "demo-1.0/a", "empty link target", with(tsymlink("demo-1.0/a", ""))...),
		tarCase("hardlink to /etc/passwd", ErrLink, "demo-1.0/passwd", "absolute", with(thardlink("demo-1.0/passwd", "/etc/passwd"))...),
		tarCase("hardlink relative out", ErrLink, "demo-1.0/passwd", "'..'", with(thardlink("demo-1.0/passwd", "demo-1.0/../../etc/passwd"))...),
		tarCase("hardlink other folder", ErrLink, "demo-1.0/x", "outside the top-level folder", with(thardlink("demo-1.0/x", "etc/passwd"))...),
		tarCase("hardlink forward", ErrLink, "demo-1.0/x", "comes later", append(demo(), thardlink("demo-1.0/x", "demo-1.0/y"), tfile("demo-1.0/y", "y"))...),
		tarCase("hardlink to a folder", ErrLink, "demo-1.0/x", "is a folder", with(thardlink("demo-1.0/x", "demo-1.0/src/"))...),
		tarCase("hardlink to the top folder", ErrLink, "demo-1.0/x", "is a folder", with(thardlink("demo-1.0/x", "demo-1.0"))...),
		tarCase("hardlink chain", ErrLink, "demo-1.0/y", "hard link, not a regular file",
			with(thardlink("demo-1.0/x", "demo-1.0/setup.py"), thardlink("demo-1.0/y", "demo-1.0/x"))...),
		tarCase("hardlink then a file through it", ErrLink, "demo-1.0/h/x", "which is a hard link",
			with(thardlink("demo-1.0/h", "demo-1.0/setup.py"), tfile("demo-1.0/h/x", "x"))...),
		// types
		tarCase("char device", ErrNotRegular, "demo-1.0/null", "device", with(ttype("demo-1.0/null", tar.TypeChar))...),
		tarCase("block device", ErrNotRegular, "demo-1.0/sda", "device", with(ttype("demo-1.0/sda", tar.TypeBlock))...),
		tarCase("fifo", ErrNotRegular, "demo-1.0/fifo", "FIFO", with(ttype("demo-1.0/fifo", tar.TypeFifo))...),
		tarCase("contiguous", ErrNotRegular, "demo-1.0/c", "contiguous", with(rawMember(rawHeader("demo-1.0/c", '7', 1, ""), "c"))...),
		tarCase("unknown type", ErrNotRegular, "demo-1.0/v", "type", with(rawMember(rawHeader("demo-1.0/v", 'V', 0, ""), ""))...),
		tarCase("folder with data", ErrFormat, "demo-1.0/d/", "folder member with a size", with(rawMember(rawHeader("demo-1.0/d/", '5', 5, ""), ""))...),
		tarCase("symlink with data", ErrFormat, "demo-1.0/l", "with a size", with(rawMember(rawHeader("demo-1.0/l", '2', 5, "setup.py"), ""))...),
		// PAX and GNU extensions
		tarCase("pax path override", ErrUnsafePath, "../x", "'..'", with(tm{raw: paxRecords('x', "path", "../x")}, rawMember(rawHeader("demo-1.0/ok", '0', 1, ""), "x"))...),
		tarCase("pax path absolute", ErrUnsafePath, "/etc/cron.d/x", "absolute", with(tm{raw: paxRecords('x', "path", "/etc/cron.d/x")}, rawMember(rawHeader("demo-1.0/ok", '0', 1, ""), "x"))...),
		tarCase("pax linkpath override", ErrLink, "demo-1.0/l", "absolute", with(tm{raw: paxRecords('x', "linkpath", "/etc/passwd")}, rawMember(rawHeader("demo-1.0/l", '2', 0, "setup.py"), ""))...),
		tarCase("pax global path", ErrPAX, "", `sets "path"`, append([]tm{{raw: paxRecords('g', "path", "../evil")}}, demo()...)...),
		tarCase("gnu long name", ErrUnsafePath, "demo-1.0/../../evil", "'..'", with(rawMember(rawHeader("././@LongLink", 'L', 20, ""), "demo-1.0/../../evil\x00"), rawMember(rawHeader("demo-1.0/ok", '0', 1, ""), "x"))...),
		tarCase("gnu sparse old", ErrPAX, "demo-1.0/s", "sparse", with(rawMember(gnuHeader(rawHeader("demo-1.0/s", 'S', 0, "")), ""))...),
		tarCase("gnu sparse pax", ErrPAX, "", "sparse", with(tm{raw: paxRecords('x', "GNU.sparse.major", "1", "GNU.sparse.minor", "0", "GNU.sparse.name", "demo-1.0/s", "GNU.sparse.realsize", "1")}, rawMember(rawHeader("demo-1.0/GNUSparseFile.0/s", '0', 512, ""), "0\n"))...),
		// duplicates and case
		tarCase("duplicate file", ErrDuplicate, "demo-1.0/setup.py", "twice", with(tfile("demo-1.0/setup.py", "evil"))...),
		tarCase("duplicate root", ErrDuplicate, "demo-1.0", "twice", with(tdir("demo-1.0/"))...),
		tarCase("folder and file", ErrDuplicate, "demo-1.0/x", "both as a folder and as a file", with(tdir("demo-1.0/x/"), tfile("demo-1.0/x", "x"))...),
		tarCase("file after members inside it", ErrDuplicate, "demo-1.0/src/demo/__init__.py", `lies inside "demo-1.0/src", which is a file`, with(tfile("demo-1.0/src", "x"))...),
		tarCase("file inside a file", ErrDuplicate, "demo-1.0/setup.py/x", "which is a file", with(tfile("demo-1.0/setup.py/x", "x"))...),
		tarCase("case collision", ErrCaseCollision, "demo-1.0/SETUP.py", "only by case", with(tfile("demo-1.0/SETUP.py", "x"))...),
		tarCase("folder case collision", ErrCaseCollision, "demo-1.0/SRC/x.py", "only by case", with(tfile("demo-1.0/SRC/x.py", "x"))...),
		tarCase("dot-slash duplicate", ErrDuplicate, "demo-1.0/setup.py", "twice", with(tfile("./demo-1.0/setup.py", "x"))...),
		// sizes and ratio
		{name: "member count", kind: ErrTooLarge, member: "demo-1.0/src/demo/__init__.py", reason: "members", opts: &Options{MaxFiles: 3},
			data: func(t testing.TB) []byte { return tgz(t, demo()...) }},
		{name: "file size", kind: ErrTooLarge, member: "demo-1.0/big", reason: "per-file limit", opts: &Options{MaxFileSize: 100},
			data: func(t testing.TB) []byte { return tgz(t, with(tfile("demo-1.0/big", strings.Repeat("x", 101)))...) }},
		{name: "lying size is read, not trusted", kind: ErrFormat, member: "", reason: "truncated",
			data: func(t testing.TB) []byte {
				b := tarBytes(t, with(tfile("demo-1.0/big", strings.Repeat("x", 5000))))
				return gz(t, b[:len(b)-1024-4000])
			}},
		{name: "total size", kind: ErrTooLarge, member: "demo-1.0/b", reason: "unpacks to more than", opts: &Options{MaxTotalSize: 7000},
			data: func(t testing.TB) []byte {
				return tgz(t, with(tfile("demo-1.0/a", strings.Repeat("a", 2000)), tfile("demo-1.0/b", strings.Repeat("b", 2000)))...)
			}},
		{name: "zeros past the end count too", kind: ErrTooLarge, reason: "unpacks to more than", opts: &Options{MaxTotalSize: 1 << 20},
			data: func(t testing.TB) []byte { return gz(t, append(tarBytes(t, demo()), make([]byte, 2<<20)...)) }},
		{name: "gzip bomb", kind: ErrRatio, member: "demo-1.0/bomb", reason: "ratio over 200",
			data: func(t testing.TB) []byte { return tgz(t, with(tfile("demo-1.0/bomb", zeros))...) }},
		{name: "gzip bomb after the end marker", kind: ErrRatio, reason: "ratio over 200",
			data: func(t testing.TB) []byte { return gz(t, append(tarBytes(t, demo()), zeros...)) }},
		{name: "data after the end marker", kind: ErrFormat, reason: "after the tar end-of-archive marker",
			data: func(t testing.TB) []byte {
				return gz(t, append(tarBytes(t, demo()), tarBytes(t, []tm{tfile("demo-1.0/hidden", "x")})...))
			}},
		{name: "data after the gzip stream", kind: ErrFormat, reason: "after the end of the archive",
			data: func(t testing.TB) []byte { return append(tgz(t, demo()...), "garbage"...) }},
		// the file itself
		{name: "zip named tar.gz", kind: ErrFormat, reason: "content is a zip archive", data: func(t testing.TB) []byte { return zipBytes(t, demoZip()...) }},
		{name: "tar named tar.gz", kind: ErrFormat, reason: "neither gzip", data: func(t testing.TB) []byte { return tarBytes(t, demo()) }},
		{name: "gzip named tar", file: "demo-1.0.tar", kind: ErrFormat, reason: "gzip-compressed", data: func(t testing.TB) []byte { return tgz(t, demo()...) }},
		{name: "xz", file: "demo-1.0.tar.xz", kind: ErrFilename, reason: "not a source distribution", data: func(t testing.TB) []byte { return []byte("\xfd7zXZ\x00") }},
		{name: "wheel", file: "demo-1.0-py3-none-any.whl", kind: ErrFilename, reason: "not a source distribution", data: func(t testing.TB) []byte { return zipBytes(t, demoZip()...) }},
		{name: "path as name", file: "../demo-1.0.tar.gz", kind: ErrFilename, reason: "not a path", data: func(t testing.TB) []byte { return tgz(t, demo()...) }},
		{name: "not tar at all", file: "demo-1.0.tar", kind: ErrFormat, reason: "unreadable tar header", data: func(t testing.TB) []byte { return bytes.Repeat([]byte("hello "), 200) }},
		{name: "corrupt gzip", kind: ErrFormat, data: func(t testing.TB) []byte { b := tgz(t, demo()...); b[len(b)-5] ^= 0xff; return b }},
		// zip
		zipCase("zip dotdot", ErrUnsafePath, "demo-1.0/../evil", "'..'", withZip(zm{name: "demo-1.0/../evil", data: "x"})...),
		zipCase("zip absolute", ErrUnsafePath, "/etc/passwd", "absolute", withZip(zm{name: "/etc/passwd", data: "x"})...),
		zipCase("zip NUL", ErrUnsafePath, "demo-1.0/a\x00b", "NUL", withZip(zm{name: "demo-1.0/a\x00b", data: "x"})...),
		zipCase("zip backslash", ErrUnsafePath, `demo-1.0\evil`, "backslash", withZip(zm{name: `demo-1.0\evil`, data: "x"})...),
		zipCase("zip outside", ErrLayout, "evil/x", "outside", withZip(zm{name: "evil/x", data: "x"})...),
		zipCase("zip symlink out", ErrLink, "demo-1.0/evil", "absolute", withZip(zm{name: "demo-1.0/evil", data: "/etc/passwd", attrs: 0o120777 << 16})...),
		zipCase("zip symlink mode", ErrLink, "demo-1.0/evil", "leaves", withZip(zm{name: "demo-1.0/evil", data: "../../x", mode: fs.ModeSymlink | 0o777})...),
		zipCase("zip symlink then a file through it", ErrLink, "demo-1.0/l/x", "which is a symbolic link",
			withZip(zm{name: "demo-1.0/l", data: "/tmp", attrs: 0o120777 << 16}, zm{name: "demo-1.0/l/x", data: "x"})...),
		zipCase("zip fifo", ErrNotRegular, "demo-1.0/p", "FIFO", withZip(zm{name: "demo-1.0/p", attrs: 0o010644 << 16})...),
		zipCase("zip socket", ErrNotRegular, "demo-1.0/s", "socket", withZip(zm{name: "demo-1.0/s", attrs: 0o140644 << 16})...),
		zipCase("zip duplicate", ErrDuplicate, "demo-1.0/setup.py", "twice", withZip(zm{name: "demo-1.0/setup.py", data: "x"})...),
		zipCase("zip case", ErrCaseCollision, "demo-1.0/Setup.py", "only by case", withZip(zm{name: "demo-1.0/Setup.py", data: "x"})...),
		zipCase("zip folder with content", ErrFormat, "demo-1.0/d/", "folder entry with content",
			withZip(zm{name: "demo-1.0/d/", raw: &zip.FileHeader{Method: zip.Store, UncompressedSize64: 1, CompressedSize64: 1, CRC32: 0x8cdc1683}, data: "x"})...),
		zipCase("zip bomb", ErrRatio, "demo-1.0/bomb", "ratio over 200",
			withZip(zm{name: "demo-1.0/bomb", raw: &zip.FileHeader{Method: zip.Deflate, UncompressedSize64: 10 << 20, CompressedSize64: 3}, data: "\x03\x00\x00"})...),
		zipCase("zip wrong CRC", ErrFormat, "demo-1.0/c", "corrupt",
			withZip(zm{name: "demo-1.0/c", raw: &zip.FileHeader{Method: zip.Store, UncompressedSize64: 1, CompressedSize64: 1, CRC32: 1}, data: "x"})...),
		zipCase("zip lying size", ErrFormat, "demo-1.0/c", "corrupt",
			withZip(zm{name: "demo-1.0/c", raw: &zip.FileHeader{Method: zip.Store, UncompressedSize64: 1, CompressedSize64: 5, CRC32: 0x8cdc1683}, data: "xxxxx"})...),
		zipCase("zip encrypted", ErrFormat, "demo-1.0/e", "encrypted",
			withZip(zm{name: "demo-1.0/e", raw: &zip.FileHeader{Method: zip.Store, Flags: 1, UncompressedSize64: 1, CompressedSize64: 1}, data: "x"})...),
	}
}

func TestHostile(t *testing.T) {
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = "demo-1.0.tar.gz"
			}
			s, err := open(t, file, c.data(t), c.opts)
			if err == nil {
				t.Fatalf("accepted; members %v", s.Members())
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("not an *Error: %v", err)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("kind %v, want %v: %v", e.Kind, c.kind, err)
			}
			if e.File != file {
				t.Errorf("names file %q", e.File)
			}
			if c.member != "" && e.Member != c.member {
				t.Errorf("names member %q, want %q: %v", e.Member, c.member, err)
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Errorf("message %q does not say %q", err, c.reason)
			}
		})
	}
}

// TestHostileHints: refusals of unsafe links and layouts tell what to do.
func TestHostileHints(t *testing.T) {
	for _, c := range hostileCases() {
		if c.kind != ErrLink && c.kind != ErrLayout && c.kind != ErrTooLarge && c.kind != ErrRatio {
			continue
		}
		file := c.file
		if file == "" {
			file = "demo-1.0.tar.gz"
		}
		_, err := open(t, file, c.data(t), c.opts)
		if err == nil || !strings.Contains(err.Error(), "\nhint: ") {
			t.Errorf("%s: no hint in %v", c.name, err)
		}
	}
}

// TestAccepted: what the rules must not refuse.
func TestAccepted(t *testing.T) {
	for _, c := range []struct {
		name string
		ms   []tm
		want string // a line of the unpacked tree
	}{
		{"dot-slash names", []tm{tdir("./"), tdir("./demo-1.0/"), tfile("./demo-1.0/setup.py", "x")}, `setup.py - "x"`},
		{"no folder entries", []tm{tfile("demo-1.0/a/b/c.py", "c")}, `a/b/c.py - "c"`},
		{"folder entry after its files", []tm{tfile("demo-1.0/a/c.py", "c"), tdir("demo-1.0/a/"), tdir("demo-1.0")}, `a/c.py - "c"`},
		{"symlink to a file", with(tsymlink("demo-1.0/src/demo/setup_copy.py", "../../setup.py")), `src/demo/setup_copy.py x "from setuptools import setup\nsetup()\n"`},
		{"symlink before its target", []tm{tsymlink("demo-1.0/README", "docs/README.md"), tfile("demo-1.0/docs/README.md", "hello")}, `README - "hello"`},
		{"symlink with dots", with(tsymlink("demo-1.0/src/demo/l", "./../demo/__init__.py")), `src/demo/l - "print('demo')\n"`},
		{"hardlink", with(thardlink("demo-1.0/LICENSE", "demo-1.0/PKG-INFO")), `LICENSE - "Metadata-Version`},
		{"hardlink dot-slash", with(thardlink("demo-1.0/LICENSE", "./demo-1.0/PKG-INFO")), `LICENSE - "Metadata-Version`},
		{"setuid dropped", with(tm{hdr: tar.Header{Name: "demo-1.0/suid", Typeflag: tar.TypeReg, Mode: 0o6755 | 0o1000, Size: 1}, data: "s"}), `suid x "s"`},
		{"pax header with long name", with(tfile("demo-1.0/"+strings.Repeat("d/", 80)+"x.py", "long")), `x.py - "long"`},
		{"pax global comment", append([]tm{{raw: paxRecords('g', "comment", "0123abcd")}}, demo()...), `setup.py x`},
		{"zero padding after the end", []tm{tfile("demo-1.0/x", "x"), {raw: make([]byte, 8192)}}, `x - "x"`},
	} {
		s, err := open(t, "demo-1.0.tar.gz", tgz(t, c.ms...), nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		root, err := s.Extract(t.TempDir() + "/out")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := tree(t, root); !strings.Contains(got, c.want) {
			t.Errorf("%s: unpacked\n%s\nwant a line %s", c.name, got, c.want)
		}
	}
	// zip symlinks to a file of the sdist are kept as copies too
	s, err := open(t, "demo-1.0.zip", zipBytes(t, withZip(zm{name: "demo-1.0/link.py", data: "src/demo/__init__.py", attrs: 0o120777 << 16})...), nil)
	if err != nil {
		t.Fatal(err)
	}
	root, err := s.Extract(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); !strings.Contains(got, `link.py - "print('demo')\n"`) {
		t.Errorf("zip symlink unpacked to\n%s", got)
	}
}
