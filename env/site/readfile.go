package site

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/fwenv/fwenv/archive/bounded"

	"github.com/fwenv/fwenv/env/rawio"
)

// metaDir reads the files of one metadata folder, relative to the folder's
// descriptor when it could be opened, with env/rawio's bare reads: an
// environment has hundreds of metadata files, and system calls are most of
// the cost of reading one.
type metaDir struct {
	dir string
	d   *rawio.Dir // nil: by path
}

func openMetaDir(dir string) metaDir {
	d, err := rawio.OpenDir(dir)
	if err != nil {
		d = nil
	}
	return metaDir{dir: dir, d: d}
}

func (m metaDir) path(name string) string { return filepath.Join(m.dir, name) }

func (m metaDir) close() {
	if m.d != nil {
		m.d.Close()
	}
}

// read reads the regular file name, at most limit bytes (archive/bounded's
// caps): anything else is refused by type before reading.
func (m metaDir) read(name string, limit int64) ([]byte, error) {
	if m.d == nil {
		return rawio.ReadFileLimit(m.path(name), limit)
	}
	return m.d.ReadFileLimit(name, limit)
}

// readProblem words a refused or failed read of a metadata file for a
// warning or a check problem: the file, and for a refusal its type or the
// cap.
func readProblem(path string, err error) string {
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	switch {
	case errors.As(err, &tl):
		return fmt.Sprintf("%s is larger than %s, the most fwenv reads of such a file; it was not read", path, bounded.Size(tl.Limit))
	case errors.As(err, &nr):
		return fmt.Sprintf("%s is %s, not a regular file; it was not read", path, nr.Kind)
	}
	return fmt.Sprintf("%s cannot be read: %v", path, unwrapPath(err))
}

// refused reports whether err is a refusal by type or size (not a missing
// file or a permission problem).
func refused(err error) bool {
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	return errors.As(err, &tl) || errors.As(err, &nr)
}

// exists reports whether the folder holds name (REQUESTED).
func (m metaDir) exists(name string) bool {
	if m.d == nil {
		return rawio.Exists(m.path(name))
	}
	return m.d.Exists(name)
}
