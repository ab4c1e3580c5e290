package tags

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type oracle struct {
	generator string
	target    Target
	tags      []string
}

func readOracle(t *testing.T, path string) oracle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var o oracle
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# generator: "):
			o.generator = strings.TrimPrefix(line, "# generator: ")
		case strings.HasPrefix(line, "# target: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "# target: ")), &o.target); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		case line != "":
			o.tags = append(o.tags, line)
		}
	}
	if o.generator == "" || o.target.Major == 0 || len(o.tags) == 0 {
		t.Fatalf("%s: not a tag oracle file", path)
	}
	return o
}

// TestAgainstPackaging compares Target.Tags with packaging.tags for every
// target recorded by testdata/gen_tags.py: made-up targets (packaging 24.1,
// its machine readers patched with the target's facts) and the real
// interpreters of this machine (unpatched sys_tags()).
func TestAgainstPackaging(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.tags")
	if len(files) < 10 {
		t.Fatalf("expected the oracle files in testdata, found %d", len(files))
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".tags")
		t.Run(name, func(t *testing.T) {
			o := readOracle(t, path)
			var got []string
			for _, tag := range o.target.Tags() {
				s := tag.String()
				// packaging < 22 (pip 23.2's vendored 21.3) did not yet list
				// cpXY-none-any; everything else is the same algorithm.
				if strings.Contains(o.generator, "packaging 21.") && s == "cp"+nodot(o.target.Major, o.target.Minor)+"-none-any" {
					continue
				}
				got = append(got, s)
			}
			if len(got) != len(o.tags) {
				t.Errorf("got %d tags, packaging has %d", len(got), len(o.tags))
			}
			for i := 0; i < len(got) && i < len(o.tags); i++ {
				if got[i] != o.tags[i] {
					t.Fatalf("tag %d: got %s, packaging has %s (generator: %s)", i, got[i], o.tags[i], o.generator)
				}
			}
		})
	}
}

func linuxTarget(minor, lmaj, lmin int, libc, plat string) Target {
	return Target{Implementation: "cpython", Major: 3, Minor: minor, Platform: plat,
		Libc: libc, LibcMajor: lmaj, LibcMinor: lmin, Is64Bit: true,
		SOABI: "cpython-3" + string(rune('0'+minor/10)) + string(rune('0'+minor%10)) + "-x86_64-linux-gnu"}
}

func TestSupportedTable(t *testing.T) {
	glibc217 := linuxTarget(11, 2, 17, "glibc", "linux-x86_64").Tags()
	glibc236 := linuxTarget(11, 2, 36, "glibc", "linux-x86_64").Tags()
	musl12 := linuxTarget(11, 1, 2, "musl", "linux-x86_64").Tags()
	arm := linuxTarget(12, 2, 28, "glibc", "linux-aarch64").Tags()
	ft := Target{Implementation: "cpython", Major: 3, Minor: 13, ABIFlags: "t", SOABI: "cpython-313t-x86_64-linux-gnu",
		Platform: "linux-x86_64", Libc: "glibc", LibcMajor: 2, LibcMinor: 36, Is64Bit: true}.Tags()
	macArm := Target{Implementation: "cpython", Major: 3, Minor: 12, Platform: "macosx-11.0-arm64", Machine: "arm64",
		MacOSMajor: 14, MacOSMinor: 0, Is64Bit: true}.Tags()
	macX86 := Target{Implementation: "cpython", Major: 3, Minor: 12, Platform: "macosx-10.9-universal2", Machine: "x86_64",
		MacOSMajor: 12, MacOSMinor: 6, Is64Bit: true}.Tags()
	tests := []struct {
		name      string
		wheel     string
		supported []Tag
		ok        bool
	}{
		{"pure py3", "py3-none-any", glibc217, true},
		{"compressed py2.py3", "py2.py3-none-any", musl12, true},
		{"py2 only", "py2-none-any", glibc236, false},
		{"manylinux2014 on 2.17", "cp311-cp311-manylinux2014_x86_64", glibc217, true},
		{"manylinux_2_28 on 2.17", "cp311-cp311-manylinux_2_28_x86_64", glibc217, false},
		{"manylinux_2_28 on 2.36", "cp311-cp311-manylinux_2_28_x86_64", glibc236, true},
		{"manylinux1 on 2.36", "cp311-cp311-manylinux1_x86_64", glibc236, true},
		{"manylinux2010 on 2.17", "cp311-cp311-manylinux2010_x86_64", glibc217, true},
		{"manylinux on musl", "cp311-cp311-manylinux2014_x86_64", musl12, false},
		{"musllinux_1_1 on musl 1.2", "cp311-cp311-musllinux_1_1_x86_64", musl12, true},
		{"musllinux_1_2 on glibc", "cp311-cp311-musllinux_1_2_x86_64", glibc236, false},
		{"abi3 from 3.8 on 3.11", "cp38-abi3-manylinux_2_17_x86_64", glibc236, true},
		{"abi3 newer than interpreter", "cp312-abi3-manylinux_2_17_x86_64", glibc236, false},
		{"other python version", "cp310-cp310-manylinux_2_17_x86_64", glibc236, false},
		{"wrong arch", "cp312-cp312-manylinux_2_17_x86_64", arm, false},
		{"aarch64", "cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64", arm, true},
		{"aarch64 has no manylinux1", "cp312-cp312-manylinux1_aarch64", arm, false},
		{"free-threaded refuses abi3", "cp39-abi3-manylinux_2_17_x86_64", ft, false},
		{"free-threaded refuses cp313", "cp313-cp313-manylinux_2_17_x86_64", ft, false},
		{"free-threaded takes cp313t", "cp313-cp313t-manylinux_2_17_x86_64", ft, true},
		{"mac arm64 universal2", "cp312-cp312-macosx_10_9_universal2", macArm, true},
		{"mac arm64 refuses x86_64", "cp312-cp312-macosx_10_9_x86_64", macArm, false},
		{"mac arm64 11.0", "cp312-cp312-macosx_11_0_arm64", macArm, true},
		{"mac arm64 too new", "cp312-cp312-macosx_15_0_arm64", macArm, false},
		{"mac x86_64 old release", "cp312-cp312-macosx_10_9_x86_64", macX86, true},
		{"mac x86_64 intel", "cp312-cp312-macosx_10_6_intel", macX86, true},
		{"mac x86_64 refuses arm64", "cp312-cp312-macosx_11_0_arm64", macX86, false},
		{"cp-none-any", "cp311-none-any", glibc236, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wt, err := Parse(tt.wheel)
			if err != nil {
				t.Fatal(err)
			}
			rank, ok := Supported(wt, tt.supported)
			if ok != tt.ok {
				t.Fatalf("Supported(%s) = %d, %v; want ok=%v", tt.wheel, rank, ok, tt.ok)
			}
			if r2, ok2 := NewRanker(tt.supported).Rank(wt); r2 != rank || ok2 != ok {
				t.Fatalf("Ranker.Rank = %d,%v; Supported = %d,%v", r2, ok2, rank, ok)
			}
		})
	}
}

func TestRankOrder(t *testing.T) {
	sup := linuxTarget(11, 2, 36, "glibc", "linux-x86_64").Tags()
	order := []string{ // best first
		"cp311-cp311-manylinux_2_36_x86_64",
		"cp311-cp311-manylinux_2_17_x86_64",
		"cp311-cp311-manylinux1_x86_64",
		"cp311-cp311-linux_x86_64",
		"cp311-abi3-manylinux_2_28_x86_64",
		"cp311-none-linux_x86_64",
		"cp38-abi3-manylinux_2_17_x86_64",
		"py311-none-manylinux_2_17_x86_64",
		"py3-none-linux_x86_64",
		"cp311-none-any",
		"py311-none-any",
		"py3-none-any",
		"py30-none-any",
	}
	prev := -1
	for _, s := range order {
		wt, _ := Parse(s)
		r, ok := Supported(wt, sup)
		if !ok || r <= prev {
			t.Fatalf("%s: rank %d ok=%v, want > %d", s, r, ok, prev)
		}
		prev = r
	}
}

func TestBest(t *testing.T) {
	tests := []struct {
		target Target
		want   string
	}{
		{linuxTarget(11, 2, 36, "glibc", "linux-x86_64"), "cp311-cp311-manylinux_2_36_x86_64"},
		{linuxTarget(11, 1, 2, "musl", "linux-x86_64"), "cp311-cp311-musllinux_1_2_x86_64"},
		{linuxTarget(11, 0, 0, "", "linux-x86_64"), "cp311-cp311-linux_x86_64"},
		{Target{Implementation: "cpython", Major: 3, Minor: 13, ABIFlags: "t", Platform: "linux-x86_64", Libc: "glibc", LibcMajor: 2, LibcMinor: 39, Is64Bit: true}, "cp313-cp313t-manylinux_2_39_x86_64"},
		{Target{Implementation: "cpython", Major: 3, Minor: 12, Platform: "macosx-11.0-arm64", Machine: "arm64", MacOSMajor: 14, Is64Bit: true}, "cp312-cp312-macosx_14_0_arm64"},
		{Target{Implementation: "cpython", Major: 3, Minor: 12, Platform: "macosx-11.0-arm64", Machine: "arm64", Is64Bit: true}, "cp312-cp312-macosx_11_0_arm64"},
		{Target{Implementation: "cpython", Major: 3, Minor: 9, Platform: "macosx-10.9-x86_64", Is64Bit: true}, "cp39-cp39-macosx_10_9_x86_64"},
		{Target{Implementation: "pypy", Major: 3, Minor: 10, SOABI: "pypy310-pp73", Platform: "linux-x86_64", Libc: "glibc", LibcMajor: 2, LibcMinor: 31, Is64Bit: true}, "pp310-pypy310_pp73-manylinux_2_31_x86_64"},
	}
	for _, tt := range tests {
		if got := tt.target.Best().String(); got != tt.want {
			t.Errorf("%s: Best() = %s, want %s", tt.target, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{"py3-none-any", []string{"py3-none-any"}, false},
		{"py2.py3-none-any", []string{"py2-none-any", "py3-none-any"}, false},
		{"CP311-CP311-Manylinux_2_17_X86_64", []string{"cp311-cp311-manylinux_2_17_x86_64"}, false},
		{"cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", []string{"cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"}, false},
		{"py3-none", nil, true},
		{"py3-none-any-x", nil, true},
		{"py3..py2-none-any", nil, true},
		{"py3-no ne-any", nil, true},
		{"", nil, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("Parse(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		var s []string
		for _, g := range got {
			s = append(s, g.String())
		}
		if strings.Join(s, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, s, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"py3-none-any", "py2.py3-none-any", "cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64", "-", ".-.-."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags, err := Parse(s)
		if err == nil && len(tags) == 0 {
			t.Fatalf("Parse(%q): no error and no tags", s)
		}
	})
}

func TestCheck(t *testing.T) {
	target := linuxTarget(11, 2, 17, "glibc", "linux-x86_64")
	sup := target.Tags()
	wt, _ := Parse("cp311-cp311-manylinux_2_28_x86_64.musllinux_1_1_x86_64")
	_, err := target.Check("x-1.0-cp311-cp311-manylinux_2_28_x86_64.musllinux_1_1_x86_64.whl", wt, sup)
	var ie *IncompatibleError
	if !errors.As(err, &ie) {
		t.Fatalf("Check = %v, want *IncompatibleError", err)
	}
	for _, want := range []string{"x-1.0-cp311", "cp311-cp311-manylinux_2_28_x86_64, cp311-cp311-musllinux_1_1_x86_64",
		"best tag is cp311-cp311-manylinux_2_17_x86_64", "glibc 2.17", "\nhint: "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	ok, _ := Parse("py3-none-any")
	if r, err := target.Check("y-1.0-py3-none-any.whl", ok, sup); err != nil || r != len(sup)-len(target.pyRange())+1 {
		t.Fatalf("Check(py3-none-any) = %d, %v", r, err)
	}
}
