package site

import (
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/env/python"
)

func TestLayoutFor(t *testing.T) {
	tests := []struct {
		name   string
		info   *python.Info
		want   Layout
		python string
	}{
		{"posix_prefix", &python.Info{VersionInfo: []int{3, 11, 7}, Scheme: map[string]string{
			"purelib": "lib/python3.11/site-packages", "platlib": "lib64/python3.11/site-packages",
			"scripts": "bin", "data": ".", "include": "include/python3.11"}},
			Layout{Root: "/e", Purelib: "/e/lib/python3.11/site-packages", Platlib: "/e/lib64/python3.11/site-packages",
				Scripts: "/e/bin", Data: "/e", Headers: "/e/include/site/python3.11"}, "3.11"},
		{"no platlib", &python.Info{VersionInfo: []int{3, 12, 1}, Scheme: map[string]string{"purelib": "lib/python3.12/site-packages"}},
			Layout{Root: "/e", Purelib: "/e/lib/python3.12/site-packages", Platlib: "/e/lib/python3.12/site-packages",
				Scripts: "/e/bin", Data: "/e", Headers: "/e/include/site/python3.12"}, "3.12"},
		{"free-threaded", &python.Info{VersionInfo: []int{3, 13, 0}, Scheme: map[string]string{"purelib": "lib/python3.13t/site-packages"}},
			Layout{Root: "/e", Purelib: "/e/lib/python3.13t/site-packages", Platlib: "/e/lib/python3.13t/site-packages",
				Scripts: "/e/bin", Data: "/e", Headers: "/e/include/site/python3.13"}, "3.13"},
	}
	for _, tt := range tests {
		got := LayoutFor("/e/", tt.info)
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
		if v := got.pythonVersion(); v != tt.python {
			t.Errorf("%s: python version %q, want %q", tt.name, v, tt.python)
		}
	}
	rel := LayoutFor("relative/env", nil)
	if !filepath.IsAbs(rel.Root) || !filepath.IsAbs(rel.Purelib) {
		t.Errorf("relative dir: %+v", rel)
	}
}
