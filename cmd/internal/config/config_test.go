package config

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
	"github.com/spf13/pflag"
)

func flags() (*pflag.FlagSet, *string, *bool, *[]string, *string) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	py := fs.StringP("python", "p", "", "")
	clear := fs.Bool("clear", false, "")
	links := fs.StringSlice("find-links", nil, "")
	cache := fs.String("cache-dir", "", "")
	MarkPath(fs, "cache-dir")
	return fs, py, clear, links, cache
}

func memFile(t *testing.T, fsys afero.Afero, path, body string) *File {
	t.Helper()
	if err := fsys.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(fsys, path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPrecedence(t *testing.T) {
	fsys := afero.Afero{Fs: afero.NewMemMapFs()}
	project := memFile(t, fsys, "/proj/fwenv.yaml", "python: '3.12'\ncache-dir: c\nfind-links: [a, b]\n")
	user := memFile(t, fsys, "/home/u/.config/fwenv/config.yaml", "python: '3.9'\nclear: yes\n")
	env := map[string]string{}
	cfg := &Config{Getenv: func(k string) string { return env[k] }, Files: []*File{project, user}}

	fs, py, clear, links, cache := flags()
	src, err := cfg.Apply(fs)
	if err != nil {
		t.Fatal(err)
	}
	if *py != "3.12" || src["python"].Where != "/proj/fwenv.yaml:1" {
		t.Fatalf("project file should beat user file: %q from %v", *py, src["python"])
	}
	if !*clear || src["clear"].Where != "/home/u/.config/fwenv/config.yaml:2" {
		t.Fatalf("user file value: %v from %v", *clear, src["clear"])
	}
	if *cache != "/proj/c" {
		t.Fatalf("relative path not taken from the file's folder: %q", *cache)
	}
	if strings.Join(*links, ",") != "a,b" {
		t.Fatalf("list value: %v", *links)
	}

	env["FWENV_PYTHON"] = "3.8"
	env["FWENV_FIND_LINKS"] = "x, y"
	fs, py, _, links, _ = flags()
	src, _ = cfg.Apply(fs)
	if *py != "3.8" || src["python"].String() != "env FWENV_PYTHON" || strings.Join(*links, ",") != "x,y" {
		t.Fatalf("env should beat files: %q %v %v", *py, src["python"], *links)
	}

	fs, py, _, _, _ = flags()
	if err := fs.Parse([]string{"-p", "3.13"}); err != nil {
		t.Fatal(err)
	}
	src, _ = cfg.Apply(fs)
	if *py != "3.13" || src["python"].Kind != "flag" {
		t.Fatalf("flag should beat env: %q %v", *py, src["python"])
	}

	fs, _, _, _, _ = flags()
	cfg = &Config{Getenv: func(string) string { return "" }}
	src, _ = cfg.Apply(fs)
	if src["python"].Kind != "default" {
		t.Fatalf("no layer: %v", src["python"])
	}
}

func TestFileErrors(t *testing.T) {
	fsys := afero.Afero{Fs: afero.NewMemMapFs()}
	for body, want := range map[string]string{
		"python: [unclosed":      "not valid YAML",
		"- a\n- b\n":             "expected a mapping",
		"python: x\npython: y\n": `key "python" is given twice`,
		"python: {a: b}\n":       "expected a value or a list",
		"find-links: [[a]]\n":    "list items must be plain values",
	} {
		fsys.WriteFile("/c.yaml", []byte(body), 0o644)
		_, err := ParseFile(fsys, "/c.yaml")
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "/c.yaml") {
			t.Errorf("%q: err = %v, want %q", body, err, want)
		}
	}
	if f, err := ParseFile(fsys, "/missing.yaml"); f != nil || err != nil {
		t.Fatalf("missing file: %v %v", f, err)
	}
	f := memFile(t, fsys, "/k.yaml", "python: x\npythn: y\n")
	err := (&Config{Files: []*File{f}}).Check(map[string]bool{"python": true})
	if err == nil || !strings.Contains(err.Error(), `/k.yaml:2: unknown key "pythn"`) {
		t.Fatalf("unknown key: %v", err)
	}
	fs, _, _, _, _ := flags()
	bad := memFile(t, fsys, "/b.yaml", "clear: maybe\n")
	if _, err := (&Config{Files: []*File{bad}}).Apply(fs); err == nil || !strings.Contains(err.Error(), "/b.yaml:1: invalid value for clear") {
		t.Fatalf("bad bool: %v", err)
	}
}

func TestEnvVarAndUserFile(t *testing.T) {
	if EnvVar("cache-dir") != "FWENV_CACHE_DIR" {
		t.Fatal(EnvVar("cache-dir"))
	}
	env := map[string]string{"HOME": "/h"}
	get := func(k string) string { return env[k] }
	if UserFile("", get) != "/h/.config/fwenv/config.yaml" {
		t.Fatal(UserFile("", get))
	}
	env["XDG_CONFIG_HOME"] = "/x"
	if UserFile("", get) != "/x/fwenv/config.yaml" || UserFile("/e.yaml", get) != "/e.yaml" {
		t.Fatal(UserFile("", get))
	}
}
