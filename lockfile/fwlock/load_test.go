package fwlock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A lock file larger than the cap is refused by its size, with the file,
// the cap and a hint, before it is read.
func TestLoadIsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), FileName)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(65 << 20) // sparse
	f.Close()
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
