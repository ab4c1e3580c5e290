package rawio

import (
	"errors"
	"io/fs"
	"sync"

	"github.com/fwenv/fwenv/archive/bounded"
)

// DefaultLimit caps ReadFile and Dir.ReadFile: the cap of a metadata file
// (bounded.Metadata). Callers reading bigger kinds of file (a RECORD) use
// ReadFileLimit with their cap.
const DefaultLimit = bounded.Metadata

// errNotLocal refuses a name that would leave a Dir.
var errNotLocal = errors.New("name is not inside the folder")

// bufPool holds read buffers, grown by doubling for a bigger file. Fresh
// memory is not cleared: only the pages a read fills are touched.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// readAll reads to the end with read, which returns a short count at the
// end of a regular file, so a file smaller than the buffer takes one call.
// More than limit bytes is a *bounded.TooLargeError: at most limit+1 bytes
// are read.
func readAll(read func([]byte) (int, error), path string, limit int64) ([]byte, error) {
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
		if int64(n) > limit {
			return nil, &bounded.TooLargeError{Path: path, Limit: limit}
		}
		if m == 0 || n < len(buf) {
			break
		}
		grow := 2 * len(buf)
		if int64(grow) > limit+1 {
			grow = int(limit + 1) // room to see one byte past the cap
		}
		bigger := make([]byte, grow)
		copy(bigger, buf)
		buf = bigger
	}
	out := make([]byte, n)
	copy(out, buf[:n])
	return out, nil
}
