package pep508

import (
	"slices"
	"testing"
)

func TestCutExtras(t *testing.T) {
	for _, c := range []struct {
		in, base string
		extras   []string
		ok       bool
	}{
		{"./proj[dev]", "./proj", []string{"dev"}, true},
		{"pkgs/x-1.0-py3-none-any.whl[test, cli,test]", "pkgs/x-1.0-py3-none-any.whl", []string{"cli", "test"}, true},
		{"./proj", "./proj", nil, false},
		{"./proj[]", "./proj[]", nil, false},
		{"./proj[a b]", "./proj[a b]", nil, false},
		{"[dev]", "[dev]", nil, false},
		{"./proj[dev", "./proj[dev", nil, false},
	} {
		base, extras, ok := CutExtras(c.in)
		if base != c.base || !slices.Equal(extras, c.extras) || ok != c.ok {
			t.Errorf("CutExtras(%q) = %q, %q, %v; want %q, %q, %v", c.in, base, extras, ok, c.base, c.extras, c.ok)
		}
	}
}
