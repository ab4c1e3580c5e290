package wheel

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidWheel(t *testing.T) {
	fx := fixture{
		members: []member{
			{name: "demo/", data: ""},
			{name: "demo/cli.py", data: "def main(): pass\n", mode: 0o755},
			{name: "demo-1.0.data/scripts/demo-tool", data: "#!python\nprint(1)\n", mode: 0o755},
			{name: "demo-1.0.data/headers/demo.h", data: "int x;\n"},
			{name: "demo-1.0.data/data/share/demo/a.txt", data: "a\n"},
			{name: "demo-1.0.data/purelib/demo_extra.py", data: "x = 1\n"},
			{name: "demo-1.0.data/platlib/demo_native.py", data: "y = 2\n"},
			{name: "demo-1.0.dist-info/RECORD.jws", data: "{}", noRecord: true},
		},
		entryPoints: "[console_scripts]\ndemo = demo.cli:main\n\n[demo.plugins]\nfirst = demo:run [extra]\n",
	}
	w, err := fx.open(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.DistInfo != "demo-1.0.dist-info" || w.DataDir != "demo-1.0.data" || w.Metadata.Summary != "test" || len(w.Warnings) != 0 {
		t.Fatalf("DistInfo=%q DataDir=%q Summary=%q Warnings=%q", w.DistInfo, w.DataDir, w.Metadata.Summary, w.Warnings)
	}
	if len(w.EntryPoints) != 2 || w.EntryPoints[1].Extras[0] != "extra" {
		t.Fatalf("EntryPoints = %+v", w.EntryPoints)
	}
	want := map[string]string{ // name -> scheme/path
		"demo/__init__.py":                     "purelib/demo/__init__.py",
		"demo/cli.py":                          "purelib/demo/cli.py",
		"demo-1.0.data/scripts/demo-tool":      "scripts/demo-tool",
		"demo-1.0.data/headers/demo.h":         "headers/demo.h",
		"demo-1.0.data/data/share/demo/a.txt":  "data/share/demo/a.txt",
		"demo-1.0.data/purelib/demo_extra.py":  "purelib/demo_extra.py",
		"demo-1.0.data/platlib/demo_native.py": "platlib/demo_native.py",
		"demo-1.0.dist-info/RECORD.jws":        "purelib/demo-1.0.dist-info/RECORD.jws",
		"demo-1.0.dist-info/WHEEL":             "purelib/demo-1.0.dist-info/WHEEL",
		"demo-1.0.dist-info/METADATA":          "purelib/demo-1.0.dist-info/METADATA",
		"demo-1.0.dist-info/entry_points.txt":  "purelib/demo-1.0.dist-info/entry_points.txt",
	}
	got := map[string]string{}
	for _, f := range w.Files() {
		got[f.Name] = string(f.Scheme) + "/" + f.Path
		if f.DistInfo != strings.HasPrefix(f.Name, "demo-1.0.dist-info/") {
			t.Errorf("%s: DistInfo = %v", f.Name, f.DistInfo)
		}
		exec := f.Name == "demo/cli.py" || f.Name == "demo-1.0.data/scripts/demo-tool"
		if f.Executable() != exec {
			t.Errorf("%s: Executable = %v (mode %v)", f.Name, f.Executable(), f.Mode)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || int64(len(b)) != f.Size {
			t.Fatalf("%s: read %d bytes, %v", f.Name, len(b), err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d files, want %d: %v", len(got), len(want), got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s -> %q, want %q", k, got[k], v)
		}
	}
	md, err := w.ReadDistInfo("METADATA")
	if err != nil || string(md) != validMetadata {
		t.Fatalf("ReadDistInfo(METADATA) = %q, %v", md, err)
	}
	if _, err := w.ReadDistInfo("nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadDistInfo(nope) = %v", err)
	}
}

func TestPlatlibRoot(t *testing.T) {
	fx := fixture{wheelFile: strp("Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n"),
		filename: "demo-1.0-cp311-cp311-linux_x86_64.whl"}
	w, err := fx.open(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range w.Files() {
		if f.Scheme != Platlib {
			t.Fatalf("%s in %s, want platlib", f.Name, f.Scheme)
		}
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		fx   fixture
		want string
	}{
		{"newer minor", fixture{wheelFile: strp("Wheel-Version: 1.9\nRoot-Is-Purelib: true\nTag: py3-none-any\n")}, "newer than 1.0"},
		{"tags differ", fixture{wheelFile: strp("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py2-none-any\n")}, "tags differ"},
		{"metadata minor", fixture{metadata: strp("Metadata-Version: 2.9\nName: demo\nVersion: 1.0\n")}, "METADATA: Metadata-Version 2.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := tt.fx.open(t, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Warnings) != 1 || !strings.Contains(w.Warnings[0], tt.want) {
				t.Fatalf("Warnings = %q, want one with %q", w.Warnings, tt.want)
			}
		})
	}
}

func TestSameVersionHook(t *testing.T) {
	fx := fixture{filename: "demo-1.0-py3-none-any.whl", distInfo: "demo-1.0.0.dist-info",
		metadata: strp("Metadata-Version: 2.1\nName: Demo\nVersion: 1.0.0\n")}
	if _, err := fx.open(t, nil); !errors.Is(err, ErrDistInfo) {
		t.Fatalf("default comparison: %v, want ErrDistInfo", err)
	}
	trim := func(v string) string {
		for strings.HasSuffix(v, ".0") {
			v = strings.TrimSuffix(v, ".0")
		}
		return v
	}
	pep440ish := func(a, b string) bool { return trim(a) == trim(b) }
	if _, err := fx.open(t, &Options{SameVersion: pep440ish}); err != nil {
		t.Fatalf("with a SameVersion hook: %v", err)
	}
}

// TestRefused builds a hostile or broken wheel for every rule and checks the
// refusal's kind and that the message names the member.
func TestRefused(t *testing.T) {
	di := "demo-1.0.dist-info/"
	tests := []struct {
		name   string
		fx     fixture
		opts   *Options
		kind   error
		member string // expected in the message
		hint   bool   // a hint is expected
	}{
		// names
		{"dotdot", fixture{members: []member{{name: "../evil.py", data: "x"}}}, nil, ErrUnsafePath, "../evil.py", false},
		{"sibling prefix", fixture{members: []member{{name: "../site-packages-evil/x.py", data: "x"}}}, nil, ErrUnsafePath, "site-packages-evil", false},
		{"dotdot inside", fixture{members: []member{{name: "demo/../../x.py", data: "x"}}}, nil, ErrUnsafePath, "demo/../../x.py", false},
		{"data dotdot", fixture{members: []member{{name: "demo-1.0.data/data/../../../x", data: "x"}}}, nil, ErrUnsafePath, "x", false},
		{"absolute", fixture{members: []member{{name: "/etc/evil", data: "x"}}}, nil, ErrUnsafePath, "/etc/evil", true},
		{"drive letter", fixture{members: []member{{name: "C:/evil.py", data: "x"}}}, nil, ErrUnsafePath, "C:/evil.py", true},
		{"drive letter relative", fixture{members: []member{{name: "c:evil.py", data: "x"}}}, nil, ErrUnsafePath, "c:evil.py", true},
		{"backslash", fixture{members: []member{{name: `demo\..\..\evil.py`, data: "x"}}}, nil, ErrUnsafePath, `evil.py`, true},
		{"nul", fixture{members: []member{{name: "demo/a\x00.py", data: "x"}}}, nil, ErrUnsafePath, "demo/a", false},
		{"control char", fixture{members: []member{{name: "demo/a\nb.py", data: "x"}}}, nil, ErrUnsafePath, "demo/a", false},
		{"invalid utf8", fixture{members: []member{{name: "demo/\xff.py", data: "x"}}}, nil, ErrUnsafePath, "demo/", true},
		{"dot component", fixture{members: []member{{name: "demo/./x.py", data: "x"}}}, nil, ErrUnsafePath, "demo/./x.py", true},
		{"empty component", fixture{members: []member{{name: "demo//x.py", data: "x"}}}, nil, ErrUnsafePath, "demo//x.py", false},
		// member types
		{"symlink", fixture{members: []member{{name: "demo/link", data: "/etc/passwd", mode: fs.ModeSymlink | 0o777}}}, nil, ErrLink, "demo/link", false},
		{"symlink bits, FAT creator", fixture{members: []member{{name: "demo/link", data: "/etc/passwd", attrs: 0o120777 << 16}}}, nil, ErrLink, "demo/link", false},
		{"fifo", fixture{members: []member{{name: "demo/fifo", mode: fs.ModeNamedPipe | 0o644}}}, nil, ErrNotRegular, "demo/fifo", false},
		{"device", fixture{members: []member{{name: "demo/dev", mode: fs.ModeDevice | fs.ModeCharDevice | 0o644}}}, nil, ErrNotRegular, "demo/dev", false},
		{"socket", fixture{members: []member{{name: "demo/sock", mode: fs.ModeSocket | 0o644}}}, nil, ErrNotRegular, "demo/sock", false},
		{"folder with content", fixture{members: []member{{name: "demo/sub@", data: "surprise", noRecord: true}},
			patch: func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("demo/sub@"), []byte("demo/sub/")) }}, nil, ErrNotRegular, "demo/sub/", false},
		{"folder without slash", fixture{members: []member{{name: "demo/sub", mode: fs.ModeDir | 0o755, noRecord: true}}}, nil, ErrNotRegular, "demo/sub", false},
		// collisions
		{"duplicate", fixture{members: []member{{name: "demo/a.py", data: "1"}, {name: "demo/a.py", data: "2", noRecord: true}}}, nil, ErrDuplicate, "demo/a.py", false},
		{"case collision", fixture{members: []member{{name: "demo/a.py", data: "1"}, {name: "demo/A.py", data: "2"}}}, nil, ErrCaseCollision, "demo/A.py", false},
		{"case collision folders", fixture{members: []member{{name: "Demo/x.py", data: "1"}}}, nil, ErrCaseCollision, "Demo/x.py", false},
		{"case collision folder entry", fixture{members: []member{{name: "DEMO/"}}}, nil, ErrCaseCollision, "DEMO/", false},
		{"file and folder entry", fixture{members: []member{{name: "demo/a", data: "1"}, {name: "demo/a/"}}}, nil, ErrDuplicate, "both as a file and as a folder", false},
		{"file and folder", fixture{members: []member{{name: "demo/a", data: "1"}, {name: "demo/a/b.py", data: "2"}}}, nil, ErrDuplicate, "demo/a/b.py", false},
		{"root and data purelib", fixture{members: []member{{name: "demo-1.0.data/purelib/demo/__init__.py", data: "2"}}}, nil, ErrDuplicate, "demo-1.0.data/purelib/demo/__init__.py", false},
		{"purelib and platlib", fixture{members: []member{{name: "demo-1.0.data/purelib/x.py", data: "1"}, {name: "demo-1.0.data/platlib/X.py", data: "2"}}}, nil, ErrDuplicate, "platlib/X.py", false},
		// .data and scripts
		{"unknown scheme", fixture{members: []member{{name: "demo-1.0.data/etc/passwd", data: "x"}}}, nil, ErrDataScheme, "demo-1.0.data/etc/passwd", true},
		{"file in .data", fixture{members: []member{{name: "demo-1.0.data/x", data: "x"}}}, nil, ErrDataScheme, "demo-1.0.data/x", true},
		{"other .data folder", fixture{members: []member{{name: "other-2.0.data/scripts/x", data: "x"}}}, nil, ErrDataScheme, "other-2.0.data/scripts/x", false},
		{"script in subfolder", fixture{members: []member{{name: "demo-1.0.data/scripts/sub/x", data: "x"}}}, nil, ErrScriptName, "scripts/sub/x", true},
		{"script named python", fixture{members: []member{{name: "demo-1.0.data/scripts/python3", data: "x"}}}, nil, ErrScriptName, "scripts/python3", true},
		{"script named activate", fixture{members: []member{{name: "demo-1.0.data/scripts/activate", data: "x"}}}, nil, ErrScriptName, "scripts/activate", true},
		{"console script python", fixture{entryPoints: "[console_scripts]\npython = demo:main\n"}, nil, ErrScriptName, "entry_points.txt", false},
		{"console script pip", fixture{entryPoints: "[console_scripts]\npip = demo:main\n"}, nil, ErrScriptName, "entry_points.txt", false},
		{"gui script path", fixture{entryPoints: "[gui_scripts]\n../../evil = demo:main\n"}, nil, ErrScriptName, "entry_points.txt", false},
		{"bad entry point", fixture{entryPoints: "[console_scripts]\ndemo = not a reference\n"}, nil, ErrEntryPoints, "entry_points.txt", true},
		// RECORD
		{"not in RECORD", fixture{members: []member{{name: "demo/extra.py", data: "x", noRecord: true}}}, nil, ErrNotInRecord, "demo/extra.py", true},
		{"no hash", fixture{members: []member{{name: "demo/extra.py", data: "x", recordHash: "-"}}}, nil, ErrNotInRecord, "demo/extra.py", false},
		{"wrong hash", fixture{members: []member{{name: "demo/extra.py", data: "x", recordHash: recordHash("y")}}}, nil, ErrHashMismatch, "demo/extra.py", true},
		{"wrong size", fixture{members: []member{{name: "demo/extra.py", data: "x", recordSize: "2"}}}, nil, ErrHashMismatch, "demo/extra.py", false},
		{"RECORD lists absent file", fixture{extraRecord: "demo/ghost.py," + recordHash("") + ",0\n"}, nil, ErrRecord, di + "RECORD", false},
		{"RECORD lists unsafe path", fixture{extraRecord: "../evil.py," + recordHash("") + ",0\n"}, nil, ErrUnsafePath, di + "RECORD", false},
		{"RECORD weak hash", fixture{members: []member{{name: "demo/extra.py", data: "x", recordHash: "md5=AAAA"}}}, nil, ErrRecord, di + "RECORD", false},
		{"RECORD missing", fixture{noRecord: true}, nil, ErrDistInfo, "RECORD is missing", false},
		{"RECORD garbage", fixture{record: strp("a,b\n")}, nil, ErrRecord, di + "RECORD", false},
		// dist-info, WHEEL, METADATA
		{"no dist-info", fixture{distInfo: "demo-1.0.info", noRecord: true}, nil, ErrDistInfo, "no .dist-info", true},
		{"two dist-info", fixture{members: []member{{name: "other-1.0.dist-info/METADATA", data: "x"}}}, nil, ErrDistInfo, "several", false},
		{"dist-info of another project", fixture{distInfo: "other-1.0.dist-info"}, nil, ErrDistInfo, "other-1.0.dist-info/", true},
		{"dist-info of another version", fixture{distInfo: "demo-2.0.dist-info"}, nil, ErrDistInfo, "demo-2.0.dist-info/", true},
		{"WHEEL missing", fixture{wheelFile: strp("")}, nil, ErrDistInfo, "WHEEL is missing", false},
		{"METADATA missing", fixture{metadata: strp("")}, nil, ErrDistInfo, "METADATA is missing", false},
		{"Wheel-Version 2", fixture{wheelFile: strp("Wheel-Version: 2.0\nRoot-Is-Purelib: true\n")}, nil, ErrWheelVersion, di + "WHEEL", true},
		{"no Wheel-Version", fixture{wheelFile: strp("Root-Is-Purelib: true\n")}, nil, ErrWheelFile, di + "WHEEL", false},
		{"no Root-Is-Purelib", fixture{wheelFile: strp("Wheel-Version: 1.0\n")}, nil, ErrWheelFile, di + "WHEEL", false},
		{"bad Root-Is-Purelib", fixture{wheelFile: strp("Wheel-Version: 1.0\nRoot-Is-Purelib: yes\n")}, nil, ErrWheelFile, di + "WHEEL", false},
		{"bad Tag", fixture{wheelFile: strp("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none\n")}, nil, ErrWheelFile, di + "WHEEL", false},
		{"METADATA name", fixture{metadata: strp("Metadata-Version: 2.1\nName: other\nVersion: 1.0\n")}, nil, ErrMetadata, di + "METADATA", false},
		{"METADATA version", fixture{metadata: strp("Metadata-Version: 2.1\nName: demo\nVersion: 1.1\n")}, nil, ErrMetadata, di + "METADATA", false},
		{"METADATA 3.0", fixture{metadata: strp("Metadata-Version: 3.0\nName: demo\nVersion: 1.0\n")}, nil, ErrMetadata, di + "METADATA", true},
		// caps
		{"file too large", fixture{members: []member{{name: "demo/big.bin", data: strings.Repeat("x", 1000)}}}, &Options{MaxFileSize: 999}, ErrTooLarge, "demo/big.bin", true},
		{"total too large", fixture{members: []member{{name: "demo/a.bin", data: strings.Repeat("x", 600)}, {name: "demo/b.bin", data: strings.Repeat("x", 600)}}}, &Options{MaxTotalSize: 1000}, ErrTooLarge, "demo/b.bin", true},
		{"too many files", fixture{members: []member{{name: "demo/a.py", data: "1"}}}, &Options{MaxFiles: 4}, ErrTooLarge, "5 members", true},
		{"metadata too large", fixture{metadata: strp(validMetadata + strings.Repeat("Classifier: x\n", 100))}, &Options{MaxMetadataSize: 500}, ErrTooLarge, di + "METADATA", false},
		{"zip bomb ratio", fixture{members: []member{{name: "demo/zeros.bin", data: strings.Repeat("\x00", 4<<20)}}}, nil, ErrRatio, "demo/zeros.bin", true},
		{"zip bomb ratio, custom", fixture{members: []member{{name: "demo/zeros.bin", data: strings.Repeat("ab", 5000)}}}, &Options{MaxRatio: 10, RatioMinSize: 1000}, ErrRatio, "demo/zeros.bin", true},
		// zip level
		{"encrypted", fixture{members: []member{{name: "demo/secret.py", data: "x", raw: &zip.FileHeader{Method: zip.Store, Flags: 1}}}}, nil, ErrZip, "demo/secret.py", false},
		{"bzip2", fixture{members: []member{{name: "demo/b.py", data: "x", raw: &zip.FileHeader{Method: 12}}}}, nil, ErrZip, "demo/b.py", true},
		{"size lie", fixture{members: []member{{name: "demo/lie.py", data: "0123456789", recordSize: "5", raw: &zip.FileHeader{Method: zip.Store, UncompressedSize64: 5, CompressedSize64: 10}}}}, nil, ErrZip, "demo/lie.py", false},
		{"crc lie", fixture{members: []member{{name: "demo/crc.py", data: "0123456789", raw: &zip.FileHeader{Method: zip.Store, CRC32: 12345}}}}, nil, ErrZip, "demo/crc.py", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fx.open(t, tt.opts)
			checkRefusal(t, err, tt.kind, tt.member, tt.hint)
		})
	}
}

func checkRefusal(t *testing.T, err error, kind error, member string, hint bool) {
	t.Helper()
	var we *Error
	if err == nil {
		t.Fatalf("accepted; want %v", kind)
	}
	if !errors.As(err, &we) || !errors.Is(err, kind) {
		t.Fatalf("error %q is not a %v", err, kind)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, we.File+": ") || !strings.Contains(msg, member) {
		t.Fatalf("message %q does not name the wheel and %q", msg, member)
	}
	if hint != strings.Contains(msg, "\nhint: ") {
		t.Fatalf("message %q: hint expected=%v", msg, hint)
	}
}

// patchZip builds a fixture and lets a test edit the bytes.
func patchZip(t *testing.T, fx fixture, edit func([]byte) []byte) (string, []byte) {
	t.Helper()
	name, data := fx.build(t)
	return name, edit(data)
}

func TestRefusedZipStructure(t *testing.T) {
	fx := fixture{members: []member{{name: "demo/aaaa.py", data: "x = 1\n", stored: true}}}
	tests := []struct {
		name string
		edit func([]byte) []byte
		kind error
		want string
	}{
		{"local name differs", func(b []byte) []byte {
			i := bytes.Index(b, []byte("demo/aaaa.py")) // first occurrence: the local header
			copy(b[i:], "demo/bbbb.py")
			return b
		}, ErrZip, "local file header names"},
		{"local method differs", func(b []byte) []byte {
			i := bytes.Index(b, []byte("demo/aaaa.py"))
			b[i-30+8] = 8 // local header method field
			return b
		}, ErrZip, "compression method"},
		{"prepended data", func(b []byte) []byte { return append([]byte("#!/bin/sh\nexit 0\n"), b...) }, ErrZip, "central directory"},
		{"not a zip", func(b []byte) []byte { return []byte("hello") }, ErrZip, "not a readable zip"},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }, ErrZip, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, data := patchZip(t, fx, tt.edit)
			_, err := New(bytes.NewReader(data), int64(len(data)), name, nil)
			if err == nil || !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %v with %q", err, tt.kind, tt.want)
			}
		})
	}
}

func TestRefusedFilename(t *testing.T) {
	for _, name := range []string{"demo.whl", "demo-1.0.zip", "demo-1.0-x-py3-none-any.whl", "../demo-1.0-py3-none-any.whl"} {
		fx := fixture{filename: name}
		_, err := fx.open(t, nil)
		checkRefusal(t, err, ErrFilename, name, strings.Count(name, "-") < 4 && strings.HasSuffix(name, ".whl"))
	}
}

// TestChangedAfterValidation: File.Open notices content that changed on
// disk between validation and streaming.
func TestChangedAfterValidation(t *testing.T) {
	fx := fixture{members: []member{{name: "demo/data.txt", data: "original content\n", stored: true}}}
	name, data := fx.build(t)
	w, err := New(bytes.NewReader(data), int64(len(data)), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("original content"))
	copy(data[i:], "tampered content")
	for _, f := range w.Files() {
		if f.Name != "demo/data.txt" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(rc)
		rc.Close()
		if err == nil || !strings.Contains(err.Error(), "demo/data.txt") {
			t.Fatalf("tampered member read without error (%v)", err)
		}
		return
	}
	t.Fatal("member not found")
}

func TestOpenPath(t *testing.T) {
	name, data := fixture{}.build(t)
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.Filename != name || len(w.Files()) != 3 {
		t.Fatalf("Filename %q, %d files", w.Filename, len(w.Files()))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, nil); err == nil {
		t.Fatal("Open(folder) succeeded")
	}
	if _, err := Open(filepath.Join(dir, "missing-1.0-py3-none-any.whl"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open(missing) = %v", err)
	}
}

// TestDeferContentCheck: with the content check deferred, New accepts a
// wheel whose RECORD hash is wrong, and streaming the member fails at EOF.
func TestDeferContentCheck(t *testing.T) {
	fx := fixture{members: []member{{name: "demo/extra.py", data: "x = 1\n", recordHash: recordHash("x = 2\n")}}}
	if _, err := fx.open(t, nil); !errors.Is(err, ErrHashMismatch) {
		t.Fatalf("default: %v, want ErrHashMismatch", err)
	}
	w, err := fx.open(t, &Options{DeferContentCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range w.Files() {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(rc)
		rc.Close()
		if f.Name == "demo/extra.py" {
			checkRefusal(t, err, ErrHashMismatch, "demo/extra.py", true)
		} else if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	// structural rules are not deferred
	bad := fixture{members: []member{{name: "../evil.py", data: "x"}}}
	if _, err := bad.open(t, &Options{DeferContentCheck: true}); !errors.Is(err, ErrUnsafePath) {
		t.Fatalf("deferred content check let an unsafe path through: %v", err)
	}
}
