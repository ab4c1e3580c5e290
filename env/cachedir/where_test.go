package cachedir

import (
	"errors"
	"os"
	"testing"
)

func TestUserDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tt := range []struct {
		explicit string
		vars     map[string]string
		want     string
	}{
		{"/c", map[string]string{"XDG_CACHE_HOME": "/x"}, "/c"},
		{"rel/c", nil, "/work/rel/c"},
		{"", map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/x/fwenv"},
		{"", map[string]string{"HOME": "/h"}, "/h/.cache/fwenv"},
		{"", nil, ""},
	} {
		if got := UserDir(tt.explicit, "/work", env(tt.vars)); got != tt.want {
			t.Errorf("UserDir(%q, %v) = %q, want %q", tt.explicit, tt.vars, got, tt.want)
		}
	}
}

func TestTempIsATaggedCacheRemovedWhole(t *testing.T) {
	d, remove, err := Temp()
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(d); err != nil {
		t.Errorf("a temporary cache is not taken as a cache: %v", err)
	}
	os.MkdirAll(d+"/wheels/x", 0o755)
	os.Chmod(d+"/wheels/x", 0o555) // the wheel cache makes entries read-only
	if err := remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("left behind: %v", err)
	}
}
