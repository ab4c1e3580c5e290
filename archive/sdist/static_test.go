package sdist

import (
	"strings"
	"testing"
)

// TestStaticMetadata: PKG-INFO's dependencies are used without a build only
// when PEP 643 makes them static.
func TestStaticMetadata(t *testing.T) {
	members := func(pkgInfo string) []tm {
		ms := []tm{tdir("demo-1.0/"), texec("demo-1.0/setup.py", "from setuptools import setup\nsetup()\n")}
		if pkgInfo != "" {
			ms = append(ms, tfile("demo-1.0/PKG-INFO", pkgInfo))
		}
		return ms
	}
	tests := []struct {
		name, pkgInfo string
		requires      []string
		why           string
	}{
		{"2.2, static", "Metadata-Version: 2.2\nName: demo\nVersion: 1.0\nRequires-Dist: dep>=1\nRequires-Dist: other; extra == 'x'\nRequires-Python: >=3.8\n", []string{"dep>=1", "other; extra == 'x'"}, ""},
		{"2.4, only other fields dynamic", "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nDynamic: Description\n", nil, ""},
		{"2.1", pkgInfo, nil, "before 2.2"},
		{"Requires-Dist dynamic", "Metadata-Version: 2.2\nName: demo\nVersion: 1.0\nDynamic: Requires-Dist\n", nil, "marks Requires-Dist as Dynamic"},
		{"Requires-Python dynamic", "Metadata-Version: 2.3\nName: demo\nVersion: 1.0\nDynamic: Requires-Python\n", nil, "marks Requires-Python as Dynamic"},
		{"no PKG-INFO", "", nil, "no PKG-INFO"},
		{"PKG-INFO of another project", "Metadata-Version: 2.2\nName: other\nVersion: 1.0\n", nil, "cannot be read"},
		{"PKG-INFO without a version", "Metadata-Version: 2.2\nName: demo\n", nil, "cannot be read"},
	}
	for _, tt := range tests {
		s, err := open(t, "demo-1.0.tar.gz", tgz(t, members(tt.pkgInfo)...), nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		md, why := s.StaticMetadata()
		if tt.why != "" {
			if md != nil || !strings.Contains(why, tt.why) {
				t.Errorf("%s: %v %q, want no metadata and %q", tt.name, md, why, tt.why)
			}
			continue
		}
		if md == nil || why != "" || strings.Join(md.RequiresDist, "|") != strings.Join(tt.requires, "|") {
			t.Errorf("%s: %+v %q, want requires %q", tt.name, md, why, tt.requires)
		}
	}
}
