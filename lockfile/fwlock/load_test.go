package fwlock

import (
	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
	"path/filepath"
	"strings"
	"testing"
)

// A lock file larger than the cap is refused by its size, with the file,
// the cap and a hint, before it is read.
func TestLoadIsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), FileName)
	boundedtest.Sparse(t, p, 65<<20)
	for _, load := range []func(string) (*Lock, error){Load, LoadFound} {
		_, err := load(p)
		if err == nil || err.Error() != p+": larger than 64 MiB, the most fwenv reads of a lock file" {
			t.Errorf("err = %v", err)
			continue
		}
		if h := err.(*Error).Hint(); !strings.Contains(h, "not a device") {
			t.Errorf("hint %q", h)
		}
	}
}
