package site

import (
	"io/fs"
	"sync"
	"syscall"
)

var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// readSmall reads a whole file with open, read and close only (os.ReadFile
// adds two fstat calls and a final empty read). Metadata files are small
// and an environment has hundreds of them, so system calls are most of the
// cost of Open. It loops until read returns 0 when the file fills the
// buffer; a short read of a regular file is its end. O_NONBLOCK keeps a
// FIFO planted under a metadata name from blocking Open.
func readSmall(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
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
