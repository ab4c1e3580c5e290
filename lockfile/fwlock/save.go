package fwlock

import (
	"os"
	"path/filepath"
)

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
	fail := func(err error) error {
		return &Error{File: path, Msg: "cannot write the lock file: " + err.Error(),
			hint: "check that the folder exists, is writable and the disk is not full", err: err}
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	done = true
	// Make the rename itself durable; not every system can sync a folder.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
