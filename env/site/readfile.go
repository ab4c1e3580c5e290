package site

import (
	"path/filepath"

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

func (m metaDir) read(name string) ([]byte, error) {
	if m.d == nil {
		return rawio.ReadFile(m.path(name))
	}
	return m.d.ReadFile(name)
}

// exists reports whether the folder holds name (REQUESTED).
func (m metaDir) exists(name string) bool {
	if m.d == nil {
		return rawio.Exists(m.path(name))
	}
	return m.d.Exists(name)
}
