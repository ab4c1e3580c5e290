package site

import (
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"
)

var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

const openFlags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK

// readSmall reads a whole file with open, read and close only (os.ReadFile
// adds two fstat calls and a final empty read). Metadata files are small
// and an environment has hundreds of them, so system calls are most of the
// cost of Open. O_NONBLOCK keeps a FIFO planted under a metadata name from
// blocking.
func readSmall(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, openFlags, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	return readFD(fd, path)
}

// readFD reads fd to its end. A short read of a regular file is its end, so
// a file smaller than the buffer takes one read call.
func readFD(fd int, path string) ([]byte, error) {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	buf := *bp
	n := 0
	for {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		n += m
		if m == 0 || n < len(buf) {
			break
		}
		bigger := make([]byte, 2*len(buf))
		copy(bigger, buf)
		buf = bigger
	}
	out := make([]byte, n)
	copy(out, buf[:n])
	return out, nil
}

// metaDir reads the files of one metadata folder.
type metaDir struct {
	dir string
	fd  int // an open descriptor of dir where openat is available, else -1
}

func (m metaDir) path(name string) string { return filepath.Join(m.dir, name) }
