package set

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestMergeAsPip(t *testing.T) {
	c := Config{IndexURL: "https://flag/simple", ExtraIndexURLs: []string{"https://x1/simple"}, FindLinks: []string{"a"}}
	got := c.Merge(FileOptions{IndexURL: "https://file/simple", ExtraIndexURLs: []string{"https://x2/simple"}, FindLinks: []string{"b"}, NoIndex: true},
		FileOptions{FindLinks: []string{"c"}})
	want := Config{IndexURL: "https://flag/simple", ExtraIndexURLs: []string{"https://x1/simple", "https://x2/simple"}, NoIndex: true, FindLinks: []string{"a", "b", "c"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// A file's --index-url applies when the command gave none.
	if got := (Config{}).Merge(FileOptions{IndexURL: "https://file/simple"}); got.IndexURL != "https://file/simple" {
		t.Errorf("file index: %+v", got)
	}
	// Merge does not change the configuration it is called on.
	if len(c.FindLinks) != 1 || len(c.ExtraIndexURLs) != 1 || c.NoIndex {
		t.Errorf("the receiver changed: %+v", c)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "pkgs"), 0o755)
	env := Env{Cwd: dir, CacheDir: filepath.Join(dir, "cache"), Getenv: func(string) string { return "" }}
	s, err := Open(Config{FindLinks: []string{"pkgs"}, IndexURL: "https://idx.example/simple", Timeout: time.Second}, env)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.LocalDirs, []string{filepath.Join(dir, "pkgs")}) || len(s.Indexes) != 1 ||
		s.Describe != filepath.Join(dir, "pkgs")+", https://idx.example/simple" || !s.HasSources() {
		t.Errorf("set %+v", s)
	}
	for _, tt := range []struct {
		c    Config
		want string
	}{
		{Config{NoIndex: true, FindLinks: []string{"missing"}}, "find-links missing: not a folder or an HTML file of links"},
		{Config{NoIndex: true, FindLinks: []string{"file:///nonexistent/links.html"}}, "not a folder or an HTML file of links"},
		{Config{IndexURL: "/some/folder"}, "an index is an http(s) URL"},
		{Config{IndexURL: "file:///srv/simple"}, "an index is an http(s) URL"},
		{Config{IndexURL: "https://user:pw@idx.example/simple", ExtraIndexURLs: []string{"ftp-ish"}}, "index ftp-ish"},
	} {
		_, err := Open(tt.c, env)
		var h interface{ Hint() string }
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &h) {
			t.Errorf("%+v: err %v, want %q with a hint", tt.c, err, tt.want)
		}
	}
	_, err = Open(Config{NoIndex: true, Strategy: "best"}, env)
	var ue UsageError
	if !errors.As(err, &ue) {
		t.Errorf("bad strategy: %v, want a UsageError", err)
	}
}

// TestOpenLinksFile: -f naming a local HTML file (a path relative to the
// working folder, or a file: URL) is a source of its links, not a folder,
// and is among LocalDirs, where builds find their requirements.
func TestOpenLinksFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "demo-1.0-py3-none-any.whl"), []byte("w"), 0o644)
	links := filepath.Join(dir, "links.html")
	os.WriteFile(links, []byte(`<a href="demo-1.0-py3-none-any.whl">demo</a>`), 0o644)
	env := Env{Cwd: dir, CacheDir: filepath.Join(dir, "cache"), Getenv: func(string) string { return "" }}
	for _, fl := range []string{"links.html", "./links.html", "file://" + links, links} {
		s, err := Open(Config{NoIndex: true, FindLinks: []string{fl}}, env)
		if err != nil {
			t.Fatalf("%s: %v", fl, err)
		}
		if !reflect.DeepEqual(s.LocalDirs, []string{links}) || s.Describe != links {
			t.Errorf("%s: dirs %q, describe %q", fl, s.LocalDirs, s.Describe)
		}
		fs, err := s.Source.Files(context.Background(), "demo")
		if err != nil || len(fs) != 1 || fs[0].Path != filepath.Join(dir, "demo-1.0-py3-none-any.whl") {
			t.Errorf("%s: %+v %v", fl, fs, err)
		}
	}
}
