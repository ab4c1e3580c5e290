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
