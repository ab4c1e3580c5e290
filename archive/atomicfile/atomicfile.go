package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Options say how the new file is made.
type Options struct {
	// Perm is the new file's permission bits; 0 is 0o644. The process
	// umask is taken from them, as for any new file, unless Exact.
	Perm fs.FileMode
	// Exact gives the file Perm whatever the umask (a chmod).
	Exact bool
	// Sync flushes the file to disk before the rename, and then its folder
	// where the system allows it (an error syncing the folder is
	// ignored: the file is in place by then).
	Sync bool
	// Temp is the temporary file's name in the destination's folder, a
	// pattern as os.CreateTemp takes: the last '*' is replaced by a random
	// string, or one is appended when there is no '*'. "" is
	// ".NAME.*.tmp", NAME being the destination's.
	Temp string
	// ModTime, when not zero, is the new file's modification time (set
	// before the rename; a file system that refuses it keeps the time of
	// the write).
	ModTime time.Time
}

// WriteFile writes data to path.
func WriteFile(path string, data []byte, o Options) error {
	return write(path, o, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// Write writes what r yields, to its end, to path. An error reading r is
// returned as r gave it.
func Write(path string, r io.Reader, o Options) error {
	return write(path, o, func(f *os.File) error {
		_, err := io.Copy(f, r)
		return err
	})
}

func write(path string, o Options, fill func(*os.File) error) (err error) {
	perm := o.Perm.Perm()
	if o.Perm == 0 {
		perm = 0o644
	}
	pattern := o.Temp
	if pattern == "" {
		pattern = "." + filepath.Base(path) + ".*.tmp"
	}
	dir := filepath.Dir(path)
	f, err := createTemp(dir, pattern, perm)
	if err != nil {
		return err
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
	}()
	if err := fill(f); err != nil {
		return err
	}
	if o.Exact {
		if err := f.Chmod(perm); err != nil {
			return err
		}
	}
	if !o.ModTime.IsZero() {
		_ = os.Chtimes(tmp, o.ModTime, o.ModTime)
	}
	if o.Sync {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	closed = true
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if o.Sync {
		if d, err := os.Open(dir); err == nil {
			_ = d.Sync()
			d.Close()
		}
	}
	return nil
}

// createTemp is os.CreateTemp with the permission bits perm (less the
// umask) instead of 0600.
func createTemp(dir, pattern string, perm fs.FileMode) (*os.File, error) {
	if strings.ContainsRune(pattern, os.PathSeparator) {
		return nil, &fs.PathError{Op: "createtemp", Path: pattern, Err: errors.New("pattern contains path separator")}
	}
	prefix, suffix := pattern, ""
	if i := strings.LastIndexByte(pattern, '*'); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	prefix = filepath.Join(dir, prefix)
	for try := 0; ; try++ {
		name := prefix + strconv.FormatUint(uint64(rand.Uint32()), 10) + suffix
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && try < 10000 {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "createtemp", Path: prefix + "*" + suffix, Err: unwrapPath(err)}
		}
		return f, nil
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
