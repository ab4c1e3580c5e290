package source

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// PlaceFile puts a copy of the distribution file src at dst, replacing
// what is there, through a temporary sibling and a rename, so a reader never
// sees half a file. With link, a hard link is tried first (for files nobody
// changes in place); a copy keeps src's modification time.
func PlaceFile(src, dst string, link bool) error {
	tmp := filepath.Join(filepath.Dir(dst), fmt.Sprintf(".%s.tmp-%d", filepath.Base(dst), os.Getpid()))
	os.Remove(tmp)
	if !link || os.Link(src, tmp) != nil {
		if err := copyNew(src, tmp); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// copyNew writes a new file dst (which must not exist) with src's contents
// and modification time.
func copyNew(src, dst string) error {
	in, err := openRegular(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if st, err := in.Stat(); err == nil {
		_ = os.Chtimes(dst, st.ModTime(), st.ModTime())
	}
	return nil
}
