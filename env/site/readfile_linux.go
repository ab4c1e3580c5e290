package site

import (
	"io/fs"
	"syscall"
)

// openMetaDir opens the folder once so that each file is opened relative
// to it: the kernel does not walk the whole absolute path again for every
// file.
func openMetaDir(dir string) metaDir {
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		fd = -1
	}
	return metaDir{dir: dir, fd: fd}
}

func (m metaDir) close() {
	if m.fd >= 0 {
		syscall.Close(m.fd)
	}
}

func (m metaDir) read(name string) ([]byte, error) {
	if m.fd < 0 {
		return readSmall(m.path(name))
	}
	var fd int
	var err error
	for {
		fd, err = syscall.Openat(m.fd, name, openFlags, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: m.path(name), Err: err}
	}
	defer syscall.Close(fd)
	return readFD(fd, m.path(name))
}

// exists reports whether the folder holds name (REQUESTED).
func (m metaDir) exists(name string) bool {
	if m.fd < 0 {
		var st syscall.Stat_t
		return syscall.Lstat(m.path(name), &st) == nil
	}
	return syscall.Faccessat(m.fd, name, 0, 0) == nil
}
