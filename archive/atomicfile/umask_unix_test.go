//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// NewFileMode and a file written with Perm 0o666 agree with the process
// umask, which NewFileMode reads without changing.
func TestNewFileModeFollowsUmask(t *testing.T) {
	for _, c := range []struct {
		mask int
		want fs.FileMode
	}{{0o022, 0o644}, {0o027, 0o640}, {0o002, 0o664}} {
		old := syscall.Umask(c.mask)
		got := NewFileMode(0o666)
		p := filepath.Join(t.TempDir(), "f")
		err := WriteFile(p, []byte("x"), Options{Perm: 0o666})
		after := syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("umask %03o: NewFileMode(0666) = %03o, want %03o", c.mask, got, c.want)
		}
		if after != c.mask {
			t.Errorf("umask %03o: NewFileMode changed it to %03o", c.mask, after)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != c.want {
			t.Errorf("umask %03o: written file is %03o, want %03o", c.mask, st.Mode().Perm(), c.want)
		}
	}
}
