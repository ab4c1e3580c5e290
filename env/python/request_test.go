package python

import (
	"strings"
	"testing"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		raw     string
		kind    RequestKind
		impl    string
		version []int
		err     string
	}{
		{"", AnyPython, "", nil, ""},
		{"/usr/bin/python3", PathRequest, "", nil, ""},
		{"./venv/bin/python", PathRequest, "", nil, ""},
		{"python3.12", CommandRequest, "", nil, ""},
		{"python3", CommandRequest, "", nil, ""},
		{"python", CommandRequest, "", nil, ""},
		{"pypy3", VersionRequest, "pypy", []int{3}, ""},
		{"3", VersionRequest, "", []int{3}, ""},
		{"3.12", VersionRequest, "", []int{3, 12}, ""},
		{"3.11.7", VersionRequest, "", []int{3, 11, 7}, ""},
		{"cpython3.11", VersionRequest, "cpython", []int{3, 11}, ""},
		{"cpython-3.11.7", VersionRequest, "cpython", []int{3, 11, 7}, ""},
		{"CPython3.11", VersionRequest, "cpython", []int{3, 11}, ""},
		{"cp311", VersionRequest, "cpython", []int{311}, ""},
		{"pypy3.10", VersionRequest, "pypy", []int{3, 10}, ""},
		{"py3.9", VersionRequest, "", []int{3, 9}, ""},
		{"3.x; rm -rf", 0, "", nil, "not a path, command name, version"},
		{"3.99999", 0, "", nil, "out of range"},
		{">=3.9,<3.13", RangeRequest, "", nil, ""},
		{"~=3.11", RangeRequest, "", nil, ""},
		{">=3.9,<", 0, "", nil, "invalid interpreter request"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			r, err := ParseRequest(tt.raw)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != tt.kind || r.Impl != tt.impl || !equalInts(r.Version, tt.version) {
				t.Fatalf("got kind=%v impl=%q version=%v", r.Kind, r.Impl, r.Version)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMatches(t *testing.T) {
	info := &Info{Implementation: "cpython", VersionInfo: []int{3, 11, 7}}
	for raw, want := range map[string]bool{
		"3": true, "3.11": true, "3.11.7": true, "3.11.6": false, "3.12": false,
		"cpython3.11": true, "pypy3.11": false, "2": false,
		">=3.9,<3.13": true, ">=3.12": false, "~=3.10": true, "==3.11.*": true, "!=3.11.7": false,
	} {
		r, err := ParseRequest(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Matches(info); got != want {
			t.Errorf("%s matches 3.11.7 = %v, want %v", raw, got, want)
		}
	}
	r, _ := ParseRequest("python3.12")
	vr, ok := r.versionFallback()
	if !ok || !equalInts(vr.Version, []int{3, 12}) {
		t.Fatalf("fallback of python3.12 = %+v %v", vr, ok)
	}
}
