package solver

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/resolver/source"
)

func TestSourceProvider(t *testing.T) {
	dir := t.TempDir()
	writeWheel(t, dir, fakeDist{Name: "app", Version: "1.0", Requires: []string{"lib>=1", `extra-dep; extra == "cli"`}, Extras: []string{"cli"}})
	writeWheel(t, dir, fakeDist{Name: "app", Version: "2.0", Requires: []string{"lib>=2"}, RequiresPython: ">=3.12"})
	writeWheel(t, dir, fakeDist{Name: "lib", Version: "1.0"})
	writeWheel(t, dir, fakeDist{Name: "lib", Version: "2.0"})
	writeWheel(t, dir, fakeDist{Name: "extra_dep", Version: "0.1"})
	p := &SourceProvider{Source: &source.FindLinks{Dirs: []string{dir}}}
	res, err := run(t, p, []string{"app[cli]"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pins(res), "app==1.0 extra-dep==0.1 lib==2.0"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	a, _ := res.Get("app")
	if len(a.Extras) != 1 || a.Extras[0] != "cli" || !a.Requested {
		t.Errorf("app: %+v", a)
	}
	l, _ := res.Get("lib")
	if len(l.Why) != 1 || l.Why[0].String() != "app 1.0 requires lib>=1" {
		t.Errorf("lib why: %v", l.Why)
	}
}

func TestSdistOnlyNeedsHook(t *testing.T) {
	dir := t.TempDir()
	if err := writeFile(dir+"/plug-1.0.tar.gz", "not really"); err != nil {
		t.Fatal(err)
	}
	p := &SourceProvider{Source: &source.FindLinks{Dirs: []string{dir}}}
	_, err := run(t, p, []string{"plug"})
	var ns *NoSolutionError
	if !errors.As(err, &ns) || !strings.Contains(ns.Report, "sdist") {
		t.Fatalf("want a report about the sdist, got %v", err)
	}
	p.Sdists = SdistBuilderFunc(func(f source.File) ([]string, string, error) { return nil, "", nil })
	res, err := run(t, p, []string{"plug"})
	if err != nil || pins(res) != "plug==1.0" {
		t.Fatalf("with hook: %v %v", res, err)
	}
}

func TestMalformedMetadata(t *testing.T) {
	for _, tc := range []struct{ req, rp, want string }{
		{"lib >=1,<", "", `invalid Requires-Dist in the metadata of app 1.0: invalid requirement "lib >=1,<"`},
		{"lib; python_version >> '3'", "", `metadata of app 1.0`},
		{"lib", ">=3.x", `invalid Requires-Python in the metadata of app 1.0`},
	} {
		p := NewMemoryProvider().Add("app", Release{Version: "1.0", Requires: []string{tc.req}, RequiresPython: tc.rp}).AddSimple("lib", "1.0")
		_, err := run(t, p, []string{"app"})
		var me *MetadataError
		if !errors.As(err, &me) {
			t.Fatalf("%q: want *MetadataError, got %T %v", tc.req, err, err)
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "column") {
			t.Errorf("%q: error %q lacks %q or a column", tc.req, err, tc.want)
		}
		if me.Hint() == "" {
			t.Error("no hint")
		}
	}
}

func TestFindLinksTagFilter(t *testing.T) {
	dir := t.TempDir()
	writeWheel(t, dir, fakeDist{Name: "fast", Version: "1.0"})
	p2 := writeWheel(t, dir, fakeDist{Name: "fast", Version: "2.0"})
	// Make 2.0 a Windows-only wheel by its file name.
	if err := os.Rename(p2, filepath.Join(dir, "fast-2.0-cp311-cp311-win_amd64.whl")); err != nil {
		t.Fatal(err)
	}
	supported, err := tags.Parse("py3-none-any")
	if err != nil {
		t.Fatal(err)
	}
	r := tags.NewRanker(supported)
	p := &SourceProvider{Source: &source.FindLinks{Dirs: []string{dir}}, Accept: TagAccept(r), Rank: TagRank(r)}
	res, err := run(t, p, []string{"fast"})
	if err != nil || pins(res) != "fast==1.0" {
		t.Fatalf("%v %v", res, err)
	}
	_, err = run(t, p, []string{"fast>=2"})
	var ns *NoSolutionError
	if !errors.As(err, &ns) || !strings.Contains(ns.Report, "fast 2.0 cannot be used (no file fits the target: fast-2.0-cp311-cp311-win_amd64.whl)") {
		t.Fatalf("got %v", err)
	}
	t.Log(ns.Report)
	// With the caller's reasons, the report says why and the hint follows.
	p.Reject = func(source.File) Rejection {
		return Rejection{Why: "no wheel tag fits the target (Python 3.11.7, tags py3-none-any)", Hint: "use another interpreter"}
	}
	_, err = run(t, p, []string{"fast>=2"})
	want := "fast 2.0 cannot be used (no file fits the target: no wheel tag fits the target (Python 3.11.7, tags py3-none-any) (fast-2.0-cp311-cp311-win_amd64.whl))"
	if !errors.As(err, &ns) || !strings.Contains(ns.Report, want) || ns.Hint() != "use another interpreter" {
		t.Fatalf("got %v\nhint: %v", err, ns)
	}
}

// TestUnfitGroups: the reasons the caller gives for refusing files are
// grouped, each followed by its files.
func TestUnfitGroups(t *testing.T) {
	for _, tc := range []struct {
		names []string
		why   []Rejection
		want  string
	}{
		{[]string{"a-1.tar.gz"}, nil, "no file fits the target: a-1.tar.gz"},
		{[]string{"a-1.tar.gz", "a-1-cp3-cp3-win32.whl", "a-1-cp3-cp3-win_amd64.whl"},
			[]Rejection{{Why: "X"}, {Why: "T"}, {Why: "T"}},
			"no file fits the target: X (a-1.tar.gz); T (a-1-cp3-cp3-win32.whl, a-1-cp3-cp3-win_amd64.whl)"},
	} {
		if got, _ := unfit(tc.names, tc.why); got != tc.want {
			t.Errorf("unfit = %q, want %q", got, tc.want)
		}
	}
}
