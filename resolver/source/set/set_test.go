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

// TestUnreachableIndexPassedOver: an index nothing listens at is passed
// over for the -f folder with one warning per command, and offline an index
// page not in the cache offers nothing (one note); a failure then names the
// index that was not searched. With no other source, the index's error
// stays, with a hint for hosts with no network.
func TestUnreachableIndexPassedOver(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "pkgs"), 0o755)
	os.WriteFile(filepath.Join(dir, "pkgs", "demo-1.0-py3-none-any.whl"), []byte("w"), 0o644)
	closed := "http://127.0.0.1:1/simple"
	for _, offline := range []bool{false, true} {
		var warned, noted []string
		env := Env{Cwd: dir, CacheDir: filepath.Join(dir, "cache"), Getenv: func(string) string { return "" },
			Warn: func(m string) { warned = append(warned, m) }, Note: func(m string) { noted = append(noted, m) }}
		s, err := Open(Config{FindLinks: []string{"pkgs"}, IndexURL: closed, Offline: offline, Timeout: time.Second}, env)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"demo", "demo", "absent"} {
			fs, err := s.Source.Files(context.Background(), p)
			if err != nil || (p == "demo") != (len(fs) == 1) {
				t.Errorf("offline %v, %s: %v %v", offline, p, fs, err)
			}
		}
		said, other := warned, noted
		if offline {
			said, other = noted, warned
		}
		if len(said) != 1 || len(other) != 0 || !strings.Contains(said[0], closed) || !strings.Contains(said[0], "using the other sources: -f pkgs") {
			t.Errorf("offline %v: warnings %q, notes %q", offline, warned, noted)
		}
		err = s.Explain(errors.New("no version of absent"))
		var h interface{ Hint() string }
		reason := "connection refused by 127.0.0.1:1"
		if offline {
			reason = "not in the cache, and the network is off (--offline)"
		}
		want := "no version of absent\n  (searched: -f pkgs; not searched: " + closed + " (" + reason + "))"
		if err == nil || err.Error() != want || !errors.As(err, &h) || !strings.Contains(h.Hint(), "-f folder") {
			t.Errorf("offline %v: explained %q, want %q", offline, err, want)
		}
	}

	// The index alone: its error, and how to do without it.
	s, err := Open(Config{IndexURL: closed, Timeout: time.Second}, Env{Cwd: dir, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Source.Files(context.Background(), "demo")
	err = s.Explain(err)
	var h interface{ Hint() string }
	if err == nil || !strings.Contains(err.Error(), "connection refused") || !errors.As(err, &h) || !strings.Contains(h.Hint(), "-f FOLDER and pass --no-index") {
		t.Errorf("index alone: %v", err)
	}
	if s.Explain(nil) != nil {
		t.Error("Explain(nil) is not nil")
	}
}
