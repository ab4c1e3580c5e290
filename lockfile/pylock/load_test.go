package pylock

import (
	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
	"path/filepath"
	"testing"
)

// A pylock.toml larger than the cap is refused by its size, before it is
// read.
func TestLoadIsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pylock.toml")
	boundedtest.Sparse(t, p, 65<<20)
	_, err := Load(p)
	if err == nil || err.Error() != p+": larger than 64 MiB, the most fwenv reads of a lock file" || err.(*Error).Hint() == "" {
		t.Errorf("err = %v", err)
	}
}
