//go:build !linux && !darwin

package rawio

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fwenv/fwenv/archive/bounded"
)

// ReadFile reads the whole regular file at path, at most DefaultLimit bytes.
func ReadFile(path string) ([]byte, error) { return bounded.ReadRegular(path, DefaultLimit) }

// ReadFileLimit reads the whole regular file at path, at most limit bytes;
// anything else is refused by type (bounded.ReadRegular).
func ReadFileLimit(path string, limit int64) ([]byte, error) {
	return bounded.ReadRegular(path, limit)
}

// Exists reports whether path exists; a link counts when its target does.
func Exists(path string) bool { _, err := os.Stat(path); return err == nil }

// ReadHead reads at most the first n bytes of the file at path.
func ReadHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := f.Read(buf)
	if err != nil && m == 0 && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:m], nil
}

// Dir is an open folder; names given to its methods are relative to it.
type Dir struct{ path string }

// OpenDir opens the folder at path.
func OpenDir(path string) (*Dir, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: errors.New("not a directory")}
	}
	return &Dir{path: path}, nil
}

func (d *Dir) Path() string            { return d.path }
func (d *Dir) join(name string) string { return filepath.Join(d.path, filepath.FromSlash(name)) }
func (d *Dir) Close() error            { return nil }

func (d *Dir) local(op, name string) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return &fs.PathError{Op: op, Path: d.join(name), Err: errNotLocal}
	}
	return nil
}

func (d *Dir) Exists(name string) bool {
	_, err := os.Stat(d.join(name))
	return d.local("stat", name) == nil && err == nil
}

func (d *Dir) ReadFile(name string) ([]byte, error) { return d.ReadFileLimit(name, DefaultLimit) }

func (d *Dir) ReadFileLimit(name string, limit int64) ([]byte, error) {
	if err := d.local("open", name); err != nil {
		return nil, err
	}
	return bounded.ReadRegular(d.join(name), limit)
}

func (d *Dir) Symlink(target, name string) error {
	if err := d.local("symlink", name); err != nil {
		return err
	}
	return os.Symlink(target, d.join(name))
}

func (d *Dir) Mkdir(name string, perm fs.FileMode) error {
	if err := d.local("mkdir", name); err != nil {
		return err
	}
	err := os.Mkdir(d.join(name), perm)
	if err != nil && errors.Is(err, fs.ErrExist) {
		if st, serr := os.Lstat(d.join(name)); serr == nil && st.IsDir() {
			return nil
		}
	}
	return err
}

func (d *Dir) WriteNew(name string, data []byte, perm fs.FileMode) error {
	if err := d.local("open", name); err != nil {
		return err
	}
	f, err := os.OpenFile(d.join(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
