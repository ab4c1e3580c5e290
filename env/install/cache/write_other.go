//go:build !linux && !darwin

package cache

import (
	"io"
	"os"
	"time"
)

// createStamped writes r to a new file dst with mode perm and modification
// time mtime.
func createStamped(dst string, perm os.FileMode, mtime time.Time, r io.Reader) error {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, mtime, mtime)
}
