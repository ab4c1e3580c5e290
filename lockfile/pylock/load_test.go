package pylock

import (
	"os"
	"path/filepath"
	"testing"
)

// A pylock.toml larger than the cap is refused by its size, before it is
// read.
func TestLoadIsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pylock.toml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(65 << 20) // sparse
	f.Close()
	_, err = Load(p)
	if err == nil || err.Error() != p+": larger than 64 MiB, the most fwenv reads of a lock file" || err.(*Error).Hint() == "" {
		t.Errorf("err = %v", err)
	}
}
