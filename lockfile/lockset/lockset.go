package lockset

import (
	"fmt"

	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/pylock"
)

// Load reads the lock file at path, a file the user named (at most 64 MiB,
// from a regular file or a pipe), in the format its name says.
func Load(path string) (*lock.Lock, error) {
	return load(path, lockio.ReadNamed)
}

// LoadFound is Load for a lock file fwenv found itself (a bundle's
// manifest): anything but a regular file is refused before it is read.
func LoadFound(path string) (*lock.Lock, error) {
	return load(path, lockio.ReadRegular)
}

func load(path string, read func(string) ([]byte, error)) (*lock.Lock, error) {
	format, _ := lock.FormatOf(path)
	data, err := read(path)
	if err != nil {
		msg, hint, _ := lockio.ReadProblem(err)
		if hint == "" {
			hint = "check the path; a bundle's lock file is DIR/" + lock.Fwenv.FileName() + ", written by `fwenv download -d DIR`"
			if format == lock.Pylock {
				hint = "check the path; `fwenv lock -o pylock.toml` writes one"
			}
		}
		return nil, &lock.Error{File: path, Msg: msg, Fix: hint, Err: err}
	}
	if format == lock.Pylock {
		return pylock.Parse(data, path)
	}
	return fwlock.Parse(data, path)
}

// Marshal writes l in the given format.
func Marshal(l *lock.Lock, format lock.Format) ([]byte, error) {
	switch format {
	case lock.Fwenv:
		return fwlock.Marshal(l)
	case lock.Pylock:
		return pylock.Marshal(l)
	}
	return nil, fmt.Errorf("unknown lock format %v", format)
}

// Save writes l to path in the given format, atomically: a temporary file
// in the same folder, flushed to disk, then renamed over path, so a reader
// sees the old file or the new one, never a part. The file is readable by
// everyone (0644). A lock the format refuses is not written and path is
// left alone.
func Save(l *lock.Lock, path string, format lock.Format) error {
	data, err := Marshal(l, format)
	if err != nil {
		if e, ok := err.(*lock.Error); ok && e.File == "" {
			e.File = path
		}
		return err
	}
	if err := lockio.WriteAtomic(path, data); err != nil {
		return &lock.Error{File: path, Msg: "cannot write the lock file: " + err.Error(),
			Fix: "check that the folder exists, is writable and the disk is not full", Err: err}
	}
	return nil
}

// Read reads the lock at path (Load) and picks its entries for the
// interpreter in (lock.Lock.Select). extras and groups select a
// pylock.toml's optional parts. The warnings are the lock's own (a
// pylock.toml's unknown keys and the like).
func Read(path string, in lock.Interpreter, extras, groups []string) ([]lock.Entry, []string, error) {
	l, err := Load(path)
	if err != nil {
		return nil, nil, err
	}
	es, err := l.Select(path, in, extras, groups)
	if err != nil {
		return nil, nil, err
	}
	return es, l.Warnings, nil
}
