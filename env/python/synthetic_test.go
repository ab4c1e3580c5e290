package python

import (
	"strings"
	"testing"
)

func TestForHost(t *testing.T) {
	base := &Info{VersionInfo: []int{3, 11, 7}, Implementation: "cpython", SOABI: "cpython-311-x86_64-linux-gnu",
		Platform: "linux-x86_64", Machine: "x86_64", Is64: true, Libc: []any{"glibc", 2.0, 36.0},
		Markers: map[string]string{"python_version": "3.11", "sys_platform": "linux", "platform_machine": "x86_64"}}
	for _, c := range []struct {
		spec    HostSpec
		best    string
		has     []string
		lacks   []string
		markers map[string]string
	}{
		{HostSpec{PythonVersion: "3.12", Platform: "manylinux2014_x86_64"}, "cp312-cp312-manylinux_2_17_x86_64",
			[]string{"cp312-abi3-manylinux2014_x86_64", "py3-none-any", "cp312-cp312-manylinux1_x86_64"}, []string{"cp311-cp311-manylinux_2_17_x86_64", "cp312-cp312-manylinux_2_28_x86_64"},
			map[string]string{"python_version": "3.12", "python_full_version": "3.12.0"}},
		{HostSpec{PythonVersion: "310", Platform: "musllinux_1_2_aarch64"}, "cp310-cp310-musllinux_1_2_aarch64",
			[]string{"py3-none-any"}, []string{"cp310-cp310-manylinux_2_17_aarch64"}, map[string]string{"platform_machine": "aarch64"}},
		{HostSpec{PythonVersion: "3.13", ABI: "cp313t", Platform: "linux_x86_64"}, "cp313-cp313t-linux_x86_64", nil, []string{"cp313-cp313-linux_x86_64"}, nil},
		{HostSpec{Platform: "macosx_11_0_arm64"}, "cp311-cp311-macosx_11_0_arm64", []string{"py3-none-any"}, nil,
			map[string]string{"sys_platform": "darwin", "platform_system": "Darwin"}},
		{HostSpec{Platform: "win_amd64"}, "cp311-cp311-win_amd64", nil, nil, map[string]string{"sys_platform": "win32", "os_name": "nt"}},
		{HostSpec{PythonVersion: "2.7", Platform: "manylinux1_x86_64"}, "cp27-cp27mu-manylinux_2_5_x86_64",
			[]string{"cp27-cp27mu-manylinux1_x86_64", "py2-none-any", "cp27-none-manylinux1_x86_64"}, []string{"cp27-abi3-manylinux1_x86_64", "py3-none-any"},
			map[string]string{"python_version": "2.7", "implementation_name": "", "implementation_version": "0", "sys_platform": "linux2"}},
		{HostSpec{PythonVersion: "2.7", ABI: "cp27m", Platform: "manylinux1_x86_64"}, "cp27-cp27m-manylinux_2_5_x86_64", nil, []string{"cp27-cp27mu-manylinux1_x86_64"}, nil},
		{HostSpec{PythonVersion: "3.6", Platform: "manylinux2014_x86_64"}, "cp36-cp36m-manylinux_2_17_x86_64",
			[]string{"cp36-abi3-manylinux2014_x86_64", "py3-none-any"}, []string{"cp36-cp36-manylinux2014_x86_64"}, map[string]string{"implementation_version": "3.6.0"}},
		{HostSpec{PythonVersion: "3.7"}, "cp37-cp37m-manylinux_2_36_x86_64", nil, nil, nil},
	} {
		in, err := ForHost(base, c.spec)
		if err != nil {
			t.Fatalf("%+v: %v", c.spec, err)
		}
		tags := map[string]bool{}
		for _, tg := range in.Tags() {
			tags[tg.String()] = true
		}
		if got := in.TagTarget().Best().String(); got != c.best {
			t.Errorf("%+v: best tag %s, want %s", c.spec, got, c.best)
		}
		for _, h := range c.has {
			if !tags[h] {
				t.Errorf("%+v: no tag %s", c.spec, h)
			}
		}
		for _, h := range c.lacks {
			if tags[h] {
				t.Errorf("%+v: has tag %s", c.spec, h)
			}
		}
		for k, v := range c.markers {
			if in.Markers[k] != v {
				t.Errorf("%+v: marker %s = %q, want %q", c.spec, k, in.Markers[k], v)
			}
		}
	}
	if base.Markers["python_version"] != "3.11" {
		t.Fatal("ForHost changed its base")
	}
	for _, bad := range []HostSpec{{PythonVersion: "three"}, {Platform: "amiga_68k"}, {Implementation: "jython"}, {ABI: "cp27mu"}} {
		_, err := ForHost(base, bad)
		if err == nil || !strings.Contains(err.Error(), "--") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
