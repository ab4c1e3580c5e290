//go:build linux || darwin

package cache

import (
	"golang.org/x/sys/unix"
)

// lstatFile is what the quick check needs of a cached file, without
// following a link (and without os.Lstat's allocations: it runs once per
// file of every entry an install uses).
func lstatFile(path string) (fileState, error) {
	var st unix.Stat_t
	for {
		err := unix.Lstat(path, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fileState{}, err
		}
		break
	}
	return fileState{
		regular:  st.Mode&unix.S_IFMT == unix.S_IFREG,
		size:     st.Size,
		perm:     st.Mode & 0o7777,
		mtime:    st.Mtim.Nano(),
		ctime:    st.Ctim.Nano(),
		hasCtime: true,
	}, nil
}
