package locate

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
)

func fsWith(paths ...string) afero.Fs {
	fs := afero.NewMemMapFs()
	for _, p := range paths {
		afero.WriteFile(fs, p, []byte("home = /usr/bin\n"), 0o644)
	}
	return fs
}

func TestEnvOrder(t *testing.T) {
	fs := fsWith("/p/flag/pyvenv.cfg", "/p/ve/pyvenv.cfg", "/p/a/.venv/pyvenv.cfg", "/p/a/venv/pyvenv.cfg",
		"/p/venv/pyvenv.cfg", "/q/x/.venv/pyvenv.cfg")
	tests := []struct {
		name string
		in   Input
		dir  string
		by   string
		err  string
	}{
		{"flag wins over everything", Input{Flag: "/p/flag", VirtualEnv: "/p/ve", Cwd: "/p/a"}, "/p/flag", "--env", ""},
		{"relative flag", Input{Flag: "../flag", Cwd: "/p/a"}, "/p/flag", "--env", ""},
		{"VIRTUAL_ENV over nearest", Input{VirtualEnv: "/p/ve", Cwd: "/p/a"}, "/p/ve", "VIRTUAL_ENV", ""},
		{".venv before venv", Input{Cwd: "/p/a"}, "/p/a/.venv", "found in /p/a", ""},
		{"parents", Input{Cwd: "/p/a/b/c"}, "/p/a/.venv", "found in /p/a", ""},
		{"venv in a parent", Input{Cwd: "/p/z"}, "/p/venv", "found in /p", ""},
		{"flag not an env", Input{Flag: "/p/a", Cwd: "/"}, "", "", "--env /p/a is not a virtual environment"},
		{"stale VIRTUAL_ENV", Input{VirtualEnv: "/gone", Cwd: "/p/a"}, "", "", "VIRTUAL_ENV=/gone"},
		{"none", Input{Cwd: "/r/s"}, "", "", "no virtual environment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Env(fs, tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if h, ok := err.(interface{ Hint() string }); !ok || h.Hint() == "" {
					t.Fatalf("error without a hint: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != tt.dir || got.By != tt.by {
				t.Fatalf("got %+v, want %s by %s", got, tt.dir, tt.by)
			}
		})
	}
}

func TestNearestFile(t *testing.T) {
	fs := fsWith("/a/fwenv.yaml", "/a/b/c/other")
	if p, ok := NearestFile(fs, "/a/b/c", "fwenv.yaml"); !ok || p != "/a/fwenv.yaml" {
		t.Fatalf("got %q %v", p, ok)
	}
	if _, ok := NearestFile(fs, "/x", "fwenv.yaml"); ok {
		t.Fatal("found a file that is not there")
	}
}
