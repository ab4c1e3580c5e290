package build

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A built artifact placed in the output folder is 0644 less the umask, as
// pip wheel leaves it, replacing a file of the same name.
func TestPlaceFileMode(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	src := filepath.Join(t.TempDir(), "demo-1.0-py3-none-any.whl")
	if err := os.WriteFile(src, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, filepath.Base(src)), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	dst, err := placeFile(src, out)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if data, _ := os.ReadFile(dst); string(data) != "new" {
		t.Errorf("content %q, want the new file", data)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 1 {
		t.Errorf("output folder holds %d entries, want 1", len(ents))
	}
}
