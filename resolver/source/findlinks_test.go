package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/resolver/pep440"
)

func dirWith(t *testing.T, names ...string) string {
	d := t.TempDir()
	for _, n := range names {
		os.WriteFile(filepath.Join(d, n), nil, 0o644)
	}
	return d
}

var linux311 = tags.Target{Implementation: "cpython", Major: 3, Minor: 11, SOABI: "cpython-311-x86_64-linux-gnu",
	Platform: "linux-x86_64", Machine: "x86_64", Libc: "glibc", LibcMajor: 2, LibcMinor: 36, Is64Bit: true}

func want(t *testing.T, project, spec string, pre bool) Want {
	ss, err := pep440.ParseSpecifierSet(spec)
	if err != nil {
		t.Fatal(err)
	}
	return Want{Project: project, Specifier: ss, Pre: pre, Ranker: tags.NewRanker(linux311.Tags()), BestTag: linux311.Best().String()}
}

func TestChoose(t *testing.T) {
	d := dirWith(t,
		"Framework-0.0.1.tar.gz", "framework-0.0.2-py3-none-any.whl", "framework-0.0.2.tar.gz",
		"framework-0.0.3-cp312-cp312-manylinux_2_17_x86_64.whl", "framework-0.1.0a1-py3-none-any.whl",
		"native-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "native-1.0-py3-none-any.whl",
		"native-1.0-1-py3-none-any.whl", "README.txt", "broken-.whl",
		"framework.typeA.plugin1-0.0.1.tar.gz")
	fl := &FindLinks{Dirs: []string{d}}
	cases := []struct {
		project, spec string
		pre           bool
		file          string
		err           string
	}{
		{"framework", "", false, "framework-0.0.2-py3-none-any.whl", ""},
		{"FRAMEWORK", "<0.0.2", false, "Framework-0.0.1.tar.gz", ""},
		{"framework", "", true, "framework-0.1.0a1-py3-none-any.whl", ""},
		{"framework", ">=0.1.0a1", false, "framework-0.1.0a1-py3-none-any.whl", ""},
		{"native", "", false, "native-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", ""},
		{"framework-typea-plugin1", "==0.0.1", false, "framework.typeA.plugin1-0.0.1.tar.gz", ""},
		{"framework", ">0.0.2,<0.1", false, "", "tags cp312-cp312-manylinux_2_17_x86_64 do not fit this interpreter (best tag cp311-cp311-manylinux_2_36_x86_64)"},
		{"nothing", "", false, "", "no files of that project"},
	}
	for _, c := range cases {
		files, err := fl.Files(context.Background(), c.project)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Choose(files, want(t, c.project, c.spec, c.pre), fl.Dirs)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s%s: err = %v, want %q", c.project, c.spec, err, c.err)
			}
			continue
		}
		if err != nil || f.Filename != c.file {
			t.Errorf("%s%s: got %q %v, want %s", c.project, c.spec, f.Filename, err, c.file)
		}
	}
	if len(fl.Skipped) != 1 || !strings.HasPrefix(fl.Skipped[0], "broken-.whl") {
		t.Errorf("skipped: %v", fl.Skipped)
	}
	w := want(t, "framework", "==0.0.2", false)
	w.OnlyBinary = true
	files, _ := fl.Files(context.Background(), "framework")
	if f, err := Choose(files, w, nil); err != nil || f.Kind != Wheel {
		t.Errorf("only-binary: %v %v", f, err)
	}
	if _, err := (&FindLinks{Dirs: []string{filepath.Join(t.TempDir(), "missing")}}).Files(context.Background(), "x"); err == nil {
		t.Error("missing folder accepted")
	}
}

// TestFindLinksPage: an entry of Dirs that is a local HTML file of links
// gives its links to local files (relative to the file's folder, or file:
// URLs), with what the links announce; remote links and links that are not
// distributions are left out.
func TestFindLinksPage(t *testing.T) {
	d := dirWith(t, "a-1.0-py3-none-any.whl", "a-1.1.tar.gz", "b-2.0-py3-none-any.whl", "unlisted-1.0-py3-none-any.whl")
	other := dirWith(t, "c-3.0-py3-none-any.whl")
	page := filepath.Join(d, "links.html")
	os.WriteFile(page, []byte(`<a href="a-1.0-py3-none-any.whl#sha256=`+strings.Repeat("ab", 32)+`">a</a>
<a href="./a-1.1.tar.gz" data-requires-python="&gt;=3.9">a sdist</a>
<a href="`+FileURL(filepath.Join(other, "c-3.0-py3-none-any.whl"))+`">c</a>
<a href="https://files.example/b-2.0-py3-none-any.whl">remote b</a>
<a href="README.txt">readme</a>`), 0o644)
	fl := &FindLinks{Dirs: []string{page}}
	tests := []struct {
		project string
		want    []string
	}{
		{"a", []string{filepath.Join(d, "a-1.0-py3-none-any.whl"), filepath.Join(d, "a-1.1.tar.gz")}},
		{"b", nil},
		{"c", []string{filepath.Join(other, "c-3.0-py3-none-any.whl")}},
		{"unlisted", nil},
	}
	for _, tt := range tests {
		fs, err := fl.Files(context.Background(), tt.project)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.Path)
			if f.Origin != page || f.URL != "" {
				t.Errorf("%s: origin %q url %q", f.Filename, f.Origin, f.URL)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: %q, want %q", tt.project, got, tt.want)
		}
	}
	a, _ := fl.Files(context.Background(), "a")
	if a[0].Hashes["sha256"] != strings.Repeat("ab", 32) || a[1].RequiresPython != ">=3.9" {
		t.Errorf("announced: %+v", a)
	}
	// A page that is not there is an error naming it, with a hint.
	_, err := (&FindLinks{Dirs: []string{filepath.Join(d, "gone.html")}}).Files(context.Background(), "a")
	if err == nil || !strings.Contains(err.Error(), "gone.html") {
		t.Errorf("missing page: %v", err)
	}
}
