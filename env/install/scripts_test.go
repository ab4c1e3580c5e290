package install

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/entrypoints"
)

func TestShebang(t *testing.T) {
	long := "/" + strings.Repeat("d", 130) + "/bin/python"
	cases := []struct {
		in, python, want string
		changed          bool
	}{
		{"#!python\nprint(1)\n", "/e/bin/python", "#!/e/bin/python\nprint(1)\n", true},
		{"#!pythonw\nx\n", "/e/bin/python", "#!/e/bin/python\nx\n", true},
		{"#!python -E\nx\n", "/e/bin/python", "#!/e/bin/python -E\nx\n", true},
		{"#!python\r\nx\r\n", "/e/bin/python", "#!/e/bin/python\nx\r\n", true},
		{"#!python", "/e/bin/python", "#!/e/bin/python\n", true},
		{"#!/usr/bin/env python\nx\n", "/e/bin/python", "#!/usr/bin/env python\nx\n", false},
		{"#!python3.11\nx\n", "/e/bin/python", "#!python3.11\nx\n", false},
		{"#!python\nx\n", "/my env/bin/python", "#!/bin/sh\n'''exec' \"/my env/bin/python\" \"$0\" \"$@\"\n' '''\nx\n", true},
		{"#!python\nx\n", long, "#!/bin/sh\n'''exec' \"" + long + "\" \"$0\" \"$@\"\n' '''\nx\n", true},
		{"#!python -E\nx\n", "/my env/bin/python", "#!/bin/sh\n'''exec' \"/my env/bin/python\" -E \"$0\" \"$@\"\n' '''\nx\n", true},
	}
	for _, c := range cases {
		got, changed := RewriteShebang([]byte(c.in), c.python)
		if string(got) != c.want || changed != c.changed {
			t.Errorf("RewriteShebang(%q, %q) = %q %v, want %q %v", c.in, c.python, got, changed, c.want, c.changed)
		}
	}
	if s := Shebang(`/a"b$c/python`); !strings.Contains(s, `"/a\"b\$c/python"`) {
		t.Errorf("quoting: %q", s)
	}
}

// TestShebangTrickRuns checks with a real sh and python that the /bin/sh
// form runs the script with the interpreter, arguments intact.
func TestShebangTrickRuns(t *testing.T) {
	info := needPython(t)
	dir := filepath.Join(t.TempDir(), "a dir with spaces", strings.Repeat("x", 120))
	os.MkdirAll(dir, 0o755)
	py := filepath.Join(dir, "python")
	if err := os.Symlink(info.Path, py); err != nil {
		t.Fatal(err)
	}
	script, _ := RewriteShebang([]byte("#!python\nimport sys\nprint(sys.argv[1:], sys.executable)\n"), py)
	p := filepath.Join(dir, "script")
	os.WriteFile(p, script, 0o755)
	out, err := exec.Command(p, "a b", "$HOME").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := "['a b', '$HOME'] " + py + "\n"; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestLauncher(t *testing.T) {
	got, err := Launcher("/e/bin/python", entrypoints.EntryPoint{Group: "console_scripts", Name: "x", Value: "pkg.mod:obj.method", Module: "pkg.mod", Attr: "obj.method"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"#!/e/bin/python\n", "from pkg.mod import obj\n", "sys.exit(obj.method())\n"} {
		if !strings.Contains(string(got), w) {
			t.Errorf("launcher lacks %q:\n%s", w, got)
		}
	}
	if _, err := Launcher("/e/bin/python", entrypoints.EntryPoint{Name: "x", Value: "pkg", Module: "pkg"}); err == nil {
		t.Error("module-only launcher accepted")
	}
}
