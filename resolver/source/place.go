package source

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fwenv/fwenv/archive/atomicfile"
)

// PlaceFile puts a copy of the distribution file src at dst, replacing
// what is there, through a temporary sibling and a rename, so a reader never
// sees half a file. With link, a hard link is tried first (for files nobody
// changes in place) when src has the mode a new file gets (0666 less the
// umask): a link shares src's mode, and dst must be what cp would make. A
// copy (archive/atomicfile, mode 0666 less the umask, as cp) keeps src's
// modification time.
func PlaceFile(src, dst string, link bool) error {
	if link {
		st, err := os.Stat(src)
		link = err == nil && st.Mode().Perm() == atomicfile.NewFileMode(0o666)
	}
	if link {
		tmp := filepath.Join(filepath.Dir(dst), fmt.Sprintf(".%s.tmp-%d", filepath.Base(dst), os.Getpid()))
		os.Remove(tmp)
		if os.Link(src, tmp) == nil {
			if err := os.Rename(tmp, dst); err != nil {
				os.Remove(tmp)
				return err
			}
			return nil
		}
	}
	in, err := openRegular(src)
	if err != nil {
		return err
	}
	defer in.Close()
	var mtime time.Time
	if st, err := in.Stat(); err == nil {
		mtime = st.ModTime()
	}
	return atomicfile.Write(dst, in, atomicfile.Options{Perm: 0o666, ModTime: mtime})
}
