package rawio

import (
	"errors"
	"io/fs"
	"sync"
)

// errNotLocal refuses a name that would leave a Dir.
var errNotLocal = errors.New("name is not inside the folder")

// bufPool holds read buffers, grown by doubling for a bigger file. Fresh
// memory is not cleared: only the pages a read fills are touched.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// readAll reads to the end with read, which returns a short count at the
// end of a regular file, so a file smaller than the buffer takes one call.
func readAll(read func([]byte) (int, error), path string) ([]byte, error) {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	buf := *bp
	n := 0
	for {
		m, err := read(buf[n:])
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
