package lock

import (
	"testing"

	"github.com/fwenv/fwenv/resolver/pep508"
)

func TestSetMarkers(t *testing.T) {
	env, err := pep508.SyntheticEnvironment("3.11", "linux_x86_64")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		marker         string
		extras, groups []string
		want           bool
	}{
		{"'a' in extras", []string{"a"}, nil, true},
		{"'a' in extras", nil, nil, false},
		{"\"A_b\" in extras", []string{"a-b"}, nil, true},
		{"'a' not in extras", []string{"a"}, nil, false},
		{"'a' not in extras", nil, nil, true},
		{"'dev' in dependency_groups or 'x' in extras", nil, []string{"dev"}, true},
		{"('dev' in dependency_groups) and sys_platform == 'linux'", nil, []string{"dev"}, true},
		{"'dev' in dependency_groups and sys_platform == 'win32'", nil, []string{"dev"}, false},
		{"'linux' in sys_platform", nil, nil, true},
	}
	for _, tt := range tests {
		m, err := compileMarker(tt.marker)
		if err != nil {
			t.Errorf("%s: %v", tt.marker, err)
			continue
		}
		got, err := m.evaluate(env, tt.extras, tt.groups)
		if err != nil || got != tt.want {
			t.Errorf("%s with extras %v groups %v: %v %v, want %v", tt.marker, tt.extras, tt.groups, got, err, tt.want)
		}
	}
	for _, bad := range []string{"extras == 'a'", "'a' == extras", "extras in 'abc'", "'a b' in extras", "dependency_groups", "'a' in extras and"} {
		if _, err := compileMarker(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
