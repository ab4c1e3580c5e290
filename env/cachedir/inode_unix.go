//go:build unix

package cachedir

import (
	"io/fs"
	"syscall"
)

type fileID struct{ dev, ino uint64 }

// inode returns a file's identity and link count.
func inode(info fs.FileInfo) (fileID, uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, 0, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, uint64(st.Nlink), true
}

// tryLock takes the exclusive flock(2) on an existing lock file without
// waiting; ok is false when the file is missing or someone holds it.
func tryLock(path string) (release func(), ok bool) {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return func() {}, isNotExist(err)
	}
	if err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		syscall.Close(fd)
		return nil, false
	}
	return func() { syscall.Close(fd) }, true
}

func isNotExist(err error) bool { return err == syscall.ENOENT }
