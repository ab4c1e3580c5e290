package fwlock

import "github.com/fwenv/fwenv/lockfile/internal/lockio"

// Save writes l to path atomically: Marshal, a temporary file in the same
// folder, fsync, then rename over path, so a reader sees the old file or the
// new one, never a part. The file is readable by everyone (0644).
func (l *Lock) Save(path string) error {
	data, err := l.Marshal()
	if err != nil {
		if e, ok := err.(*Error); ok && e.File == "" {
			e.File = path
		}
		return err
	}
	if err := lockio.WriteAtomic(path, data); err != nil {
		return &Error{File: path, Msg: "cannot write the lock file: " + err.Error(),
			hint: "check that the folder exists, is writable and the disk is not full", err: err}
	}
	return nil
}
