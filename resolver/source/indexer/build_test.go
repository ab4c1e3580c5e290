package indexer

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source/simple"
)

// tree lists the files under root, relative, sorted.
func tree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func readPage(t *testing.T, path, pageURL string) *simple.Project {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p *simple.Project
	if strings.HasSuffix(path, ".json") {
		p, err = simple.ParseJSON(data, pageURL)
	} else {
		p, err = simple.ParseHTML(data, pageURL)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBuildInPlace(t *testing.T) {
	dir := t.TempDir()
	whl, meta := writeWheel(t, dir, "Demo.Pkg", "1.0", ">=3.8")
	writeWheel(t, dir, "Demo.Pkg", "0.9", "")
	sd := writeSdist(t, dir, "demo.pkg", "1.0", ">=3.8, <4", false)
	writeSdist(t, dir, "other", "2.0", "", true) // no PKG-INFO: listed without Requires-Python
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad_name-1.0-nope.whl"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken-1.0-py3-none-any.whl"), []byte("not a zip"), 0o644)
	os.WriteFile(filepath.Join(dir, "legacy-1.0.tar.bz2"), []byte("x"), 0o644)
	os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "dangling-1.0.tar.gz"))

	var progress []string
	sum, err := Build(dir, dir, Options{Progress: func(f, skip string) { progress = append(progress, f) }})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"demo-pkg", "other"}; !reflect.DeepEqual(sum.Projects, want) {
		t.Errorf("projects %q, want %q", sum.Projects, want)
	}
	if sum.Files != 4 || len(sum.Copied) != 0 {
		t.Errorf("files %d copied %q", sum.Files, sum.Copied)
	}
	skipped := map[string]string{}
	for _, s := range sum.Skipped {
		skipped[s.File] = s.Reason
	}
	for file, want := range map[string]string{
		"bad_name-1.0-nope.whl":       "",
		"broken-1.0-py3-none-any.whl": "not a readable zip archive",
		"legacy-1.0.tar.bz2":          "only wheels, .tar.gz and .zip sdists",
		"dangling-1.0.tar.gz":         "cannot read it: no such file or directory",
	} {
		r, ok := skipped[file]
		if !ok || !strings.Contains(r, want) || strings.Contains(r, "\n") {
			t.Errorf("%s skipped for %q, want %q", file, r, want)
		}
	}
	if len(sum.Skipped) != 4 || len(progress) != 8 {
		t.Errorf("skipped %v, progress %q", sum.Skipped, progress)
	}

	wantTree := []string{
		"README.txt", "bad_name-1.0-nope.whl", "broken-1.0-py3-none-any.whl", "dangling-1.0.tar.gz",
		"demo_pkg-0.9-py3-none-any.whl", "demo_pkg-0.9-py3-none-any.whl.metadata",
		"demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0-py3-none-any.whl.metadata", "demo_pkg-1.0.tar.gz",
		"legacy-1.0.tar.bz2", "other-2.0.tar.gz",
		"simple/demo-pkg/index.html", "simple/demo-pkg/index.json", "simple/index.html", "simple/index.json",
		"simple/other/index.html", "simple/other/index.json",
	}
	if got := tree(t, dir); !reflect.DeepEqual(got, wantTree) {
		t.Errorf("tree:\n got %q\nwant %q", got, wantTree)
	}
	if got, _ := os.ReadFile(whl + ".metadata"); string(got) != string(meta) {
		t.Errorf("metadata file %q, want the wheel's METADATA %q", got, meta)
	}

	// The pages, as a client reading them from a web server sees them.
	base := "http://127.0.0.1:8000/simple/demo-pkg/"
	jp := readPage(t, filepath.Join(dir, "simple/demo-pkg/index.json"), base)
	hp := readPage(t, filepath.Join(dir, "simple/demo-pkg/index.html"), base)
	if jp.Name != "demo-pkg" || !reflect.DeepEqual(jp.Versions, []string{"0.9", "1.0"}) {
		t.Errorf("json name %q versions %q", jp.Name, jp.Versions)
	}
	st, _ := os.Stat(whl)
	wantWheel := simple.File{
		Filename: "demo_pkg-1.0-py3-none-any.whl", URL: "http://127.0.0.1:8000/demo_pkg-1.0-py3-none-any.whl",
		Hashes: map[string]string{"sha256": sha256File(t, whl)}, RequiresPython: ">=3.8",
		CoreMetadata: true, MetadataHashes: map[string]string{"sha256": sha256Bytes(meta)}, Size: st.Size(),
	}
	sdSt, _ := os.Stat(sd)
	wantSdist := simple.File{
		Filename: "demo_pkg-1.0.tar.gz", URL: "http://127.0.0.1:8000/demo_pkg-1.0.tar.gz",
		Hashes: map[string]string{"sha256": sha256File(t, sd)}, RequiresPython: ">=3.8, <4", Size: sdSt.Size(),
	}
	if len(jp.Files) != 3 || !reflect.DeepEqual(jp.Files[1], wantWheel) || !reflect.DeepEqual(jp.Files[2], wantSdist) {
		t.Errorf("json files:\n%#v\nwant\n%#v\n%#v", jp.Files, wantWheel, wantSdist)
	}
	wantWheel.Size, wantSdist.Size = 0, 0
	if len(hp.Files) != 3 || !reflect.DeepEqual(hp.Files[1], wantWheel) || !reflect.DeepEqual(hp.Files[2], wantSdist) {
		t.Errorf("html files:\n%#v", hp.Files)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "simple/demo-pkg/index.html"))
	if !strings.Contains(string(html), `href="../../demo_pkg-1.0-py3-none-any.whl#sha256=`) || !strings.Contains(string(html), `data-requires-python="&gt;=3.8"`) {
		t.Errorf("html page:\n%s", html)
	}
	idx, _ := os.ReadFile(filepath.Join(dir, "simple/index.json"))
	if names, _ := simple.ParseIndexJSON(idx); !reflect.DeepEqual(names, []string{"demo-pkg", "other"}) {
		t.Errorf("index names %q", names)
	}
	op := readPage(t, filepath.Join(dir, "simple/other/index.json"), "http://h/simple/other/")
	if len(op.Files) != 1 || op.Files[0].RequiresPython != "" || op.Files[0].CoreMetadata {
		t.Errorf("other: %#v", op.Files)
	}

	// Re-running with nothing changed reads nothing again? (A new Build
	// has no memory; it still gives the same bytes.)
	before := map[string]string{}
	for _, f := range wantTree {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		before[f] = string(b)
	}
	if _, err := Build(dir, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range wantTree {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		if before[f] != string(b) {
			t.Errorf("%s changed on a re-run", f)
		}
	}

	// A project leaves: its pages and metadata files go, a folder of
	// someone else's stays.
	os.Remove(filepath.Join(dir, "other-2.0.tar.gz"))
	os.Remove(filepath.Join(dir, "demo_pkg-0.9-py3-none-any.whl"))
	os.MkdirAll(filepath.Join(dir, "simple", "mine"), 0o755)
	os.WriteFile(filepath.Join(dir, "simple", "mine", "notes.txt"), []byte("keep"), 0o644)
	sum, err = Build(dir, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantRemoved := []string{"demo_pkg-0.9-py3-none-any.whl.metadata", "simple/other/index.html", "simple/other/index.json"}
	if !reflect.DeepEqual(sum.Removed, wantRemoved) {
		t.Errorf("removed %q, want %q", sum.Removed, wantRemoved)
	}
	if _, err := os.Stat(filepath.Join(dir, "simple", "other")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the page folder of a gone project is still there")
	}
	if _, err := os.Stat(filepath.Join(dir, "simple", "mine", "notes.txt")); err != nil {
		t.Error("a folder Build did not write was removed")
	}
	if names, _ := simple.ParseIndexHTML(must(os.ReadFile(filepath.Join(dir, "simple/index.html")))); !reflect.DeepEqual(names, []string{"demo-pkg"}) {
		t.Errorf("index after removal: %q", names)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestBuildElsewhere(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "site")
	writeWheel(t, dir, "a", "1.0", "")
	writeSdist(t, dir, "b", "1.0", "", false)
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "c-1.0.tar.gz"), []byte("not ours"), 0o644)
	sum, err := Build(dir, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a-1.0-py3-none-any.whl", "b-1.0.tar.gz"}; !reflect.DeepEqual(sum.Copied, want) {
		t.Errorf("copied %q", sum.Copied)
	}
	want := []string{
		"a-1.0-py3-none-any.whl", "a-1.0-py3-none-any.whl.metadata", "b-1.0.tar.gz", "c-1.0.tar.gz",
		"simple/.fwenv-index.json", "simple/a/index.html", "simple/a/index.json", "simple/b/index.html", "simple/b/index.json",
		"simple/index.html", "simple/index.json",
	}
	if got := tree(t, out); !reflect.DeepEqual(got, want) {
		t.Errorf("tree:\n got %q\nwant %q", got, want)
	}
	if tree(t, dir)[0] != "a-1.0-py3-none-any.whl" || len(tree(t, dir)) != 2 {
		t.Errorf("the source folder changed: %q", tree(t, dir))
	}
	// Second run: nothing copied; then b leaves dir and its copy goes, the
	// file Build never copied stays.
	sum, _ = Build(dir, out, Options{})
	if len(sum.Copied) != 0 {
		t.Errorf("copied again: %q", sum.Copied)
	}
	os.Remove(filepath.Join(dir, "b-1.0.tar.gz"))
	sum, err = Build(dir, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"b-1.0.tar.gz", "simple/b/index.html", "simple/b/index.json"}; !reflect.DeepEqual(sum.Removed, want) {
		t.Errorf("removed %q, want %q", sum.Removed, want)
	}
	if _, err := os.Stat(filepath.Join(out, "c-1.0.tar.gz")); err != nil {
		t.Error("a file Build did not copy was removed")
	}
}

func TestBuildErrors(t *testing.T) {
	_, err := Build(filepath.Join(t.TempDir(), "nope"), t.TempDir(), Options{})
	var de *DirError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "nope") || !strings.Contains(de.Hint(), "folder") {
		t.Errorf("missing folder: %v", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Build(file, t.TempDir(), Options{}); !errors.As(err, &de) || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file as the folder: %v", err)
	}
	dir := t.TempDir()
	writeWheel(t, dir, "a", "1.0", "")
	if _, err := Build(dir, filepath.Join(file, "sub"), Options{}); err == nil || !strings.Contains(err.Error(), "writing the index") {
		t.Errorf("output under a file: %v", err)
	} else {
		var we *WriteError
		if !errors.As(err, &we) || we.Hint() == "" {
			t.Errorf("no hint: %v", err)
		}
	}
}

// A folder below out that is a symbolic link (out/simple, out/simple/NAME)
// is refused, naming the link; nothing is written where it points. out
// itself may be reached through a link.
func TestBuildRefusesLinkedFolders(t *testing.T) {
	dir := t.TempDir()
	writeWheel(t, dir, "demo", "1.0", "")
	for _, sub := range []string{"simple", "simple/demo"} {
		t.Run(sub, func(t *testing.T) {
			root := t.TempDir()
			out, victim := filepath.Join(root, "out"), filepath.Join(root, "victim")
			if err := os.MkdirAll(filepath.Join(out, filepath.Dir(sub)), 0o755); err != nil {
				t.Fatal(err)
			}
			os.Mkdir(victim, 0o755)
			link := filepath.Join(out, sub)
			if err := os.Symlink(victim, link); err != nil {
				t.Fatal(err)
			}
			_, err := Build(dir, out, Options{})
			var le *LinkError
			if !errors.As(err, &le) || le.Path != link || le.Hint() == "" {
				t.Fatalf("err = %v, want a *LinkError naming %s", err, link)
			}
			if got := tree(t, victim); len(got) != 0 {
				t.Errorf("written through the link: %v", got)
			}
		})
	}
	// out through a link above it: fine.
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "real"), 0o755)
	os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "out"))
	if _, err := Build(dir, filepath.Join(root, "out"), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "real", "simple", "demo", "index.html")); err != nil {
		t.Error(err)
	}
}
