package cache

import (
	"os"

	"golang.org/x/sys/unix"
)

// cloneFile makes dst a copy-on-write clone of src (clonefile(2) on APFS).
func cloneFile(src, dst string, perm os.FileMode) error {
	if err := unix.Clonefile(src, dst, unix.CLONE_NOFOLLOW); err != nil {
		return err
	}
	return os.Chmod(dst, perm)
}
