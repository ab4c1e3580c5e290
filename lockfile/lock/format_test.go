package lock

import "testing"

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]struct {
		f      Format
		pep751 bool
	}{
		"pylock.toml": {Pylock, true}, "dir/pylock.toml": {Pylock, true}, "pylock.dev.toml": {Pylock, true}, "/x/pylock.win-py312.toml": {Pylock, true},
		"pylock..toml": {Pylock, false}, "pylock.a.b.toml": {Pylock, false}, "mypylock.toml": {Pylock, false}, "x.toml": {Pylock, false},
		"pylock.toml.bak": {Fwenv, false}, "requirements.txt": {Fwenv, false}, "pylock.TOML": {Fwenv, false},
		"fwenv.lock": {Fwenv, false}, "pkgs/fwenv.lock": {Fwenv, false}, "env.lock": {Fwenv, false},
	} {
		f, pep751 := FormatOf(name)
		if f != want.f || pep751 != want.pep751 {
			t.Errorf("FormatOf(%q) = %v, %v; want %v, %v", name, f, pep751, want.f, want.pep751)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{Fwenv, Pylock} {
		if g, err := ParseFormat(f.String()); err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f.String(), g, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil || err.Error() != `"yaml": expected fwenv or pylock` {
		t.Errorf("ParseFormat(yaml): %v", err)
	}
	if Fwenv.FileName() != "fwenv.lock" || Pylock.FileName() != "pylock.toml" {
		t.Errorf("file names %q %q", Fwenv.FileName(), Pylock.FileName())
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		t    Target
		want string
	}{
		{Target{Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64"}, "CPython 3.11.7 on linux_x86_64"},
		{Target{Python: "3.10", Implementation: "pypy"}, "PyPy 3.10"},
		{Target{Python: "3.12.1", Platform: "macosx_14_0_arm64"}, "Python 3.12.1 on macosx_14_0_arm64"},
	}
	for _, tt := range tests {
		if got := tt.t.Describe(); got != tt.want {
			t.Errorf("Describe(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
