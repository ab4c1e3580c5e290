//go:build linux || darwin

package rawio

import (
	"io"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/fwenv/fwenv/archive/bounded"
)

// readFlags open for reading; O_NONBLOCK keeps a FIFO planted under a
// file's name from blocking the reader.
const readFlags = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK

// ReadFile reads the whole regular file at path, at most DefaultLimit
// bytes (see ReadFileLimit).
func ReadFile(path string) ([]byte, error) {
	return readAt(unix.AT_FDCWD, path, path, DefaultLimit)
}

// ReadFileLimit reads the whole regular file at path, at most limit bytes.
// Anything but a regular file (a FIFO, a device such as /dev/zero, a
// folder, or a link to one) is refused by its type after the open, with a
// *bounded.NotRegularError, before a byte is read; a file larger than limit
// is refused with a *bounded.TooLargeError, also when it grows while it is
// read.
func ReadFileLimit(path string, limit int64) ([]byte, error) {
	return readAt(unix.AT_FDCWD, path, path, limit)
}

// Exists reports whether path exists; a link counts when its target does.
func Exists(path string) bool {
	var st unix.Stat_t
	return unix.Stat(path, &st) == nil
}

// ReadFD reads the open descriptor fd to its end, at most limit bytes;
// path names it in errors. It reads whatever fd is: callers that need a
// regular file check its type first (ReadFileLimit does).
func ReadFD(fd int, path string, limit int64) ([]byte, error) {
	return readAll(func(b []byte) (int, error) { return retry(func() (int, error) { return unix.Read(fd, b) }) }, path, limit)
}

// ReadHead reads at most the first n bytes of the file at path, with one
// read.
func ReadHead(path string, n int) ([]byte, error) {
	fd, err := retry(func() (int, error) { return unix.Open(path, readFlags, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	buf := make([]byte, n)
	m, err := retry(func() (int, error) { return unix.Read(fd, buf) })
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return buf[:m], nil
}

// readAt opens name under dirfd (links followed), refuses anything but a
// regular file by one fstat on the descriptor, and reads it whole, at most
// limit bytes.
func readAt(dirfd int, name, path string, limit int64) ([]byte, error) {
	fd, err := retry(func() (int, error) { return unix.Openat(dirfd, name, readFlags, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, &bounded.NotRegularError{Path: path, Kind: bounded.Kind(modeType(uint32(st.Mode)))}
	}
	if st.Size > limit {
		return nil, &bounded.TooLargeError{Path: path, Limit: limit}
	}
	return ReadFD(fd, path, limit)
}

// modeType is the fs.FileMode type bits of a stat mode.
func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}

// retry repeats a system call interrupted by a signal.
func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != unix.EINTR {
			return n, err
		}
	}
}

// Dir is an open folder. Names given to its methods are relative to it and
// stay inside it: an absolute name, one with a ".." element or an empty
// one is refused (links inside the folder are the caller's business).
type Dir struct {
	path string
	fd   int
}

// OpenDir opens the folder at path.
func OpenDir(path string) (*Dir, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return &Dir{path: path, fd: fd}, nil
}

// Path is the folder's path as given to OpenDir.
func (d *Dir) Path() string { return d.path }

func (d *Dir) join(name string) string { return filepath.Join(d.path, name) }

// local refuses a name that would leave the folder.
func (d *Dir) local(op, name string) error {
	if !filepath.IsLocal(name) {
		return &fs.PathError{Op: op, Path: d.join(name), Err: errNotLocal}
	}
	return nil
}

// Close releases the folder's descriptor.
func (d *Dir) Close() error { return unix.Close(d.fd) }

// ReadFile reads the whole regular file name, at most DefaultLimit bytes
// (see ReadFileLimit).
func (d *Dir) ReadFile(name string) ([]byte, error) {
	return d.ReadFileLimit(name, DefaultLimit)
}

// ReadFileLimit reads the whole regular file name, at most limit bytes,
// with the rules of the package's ReadFileLimit.
func (d *Dir) ReadFileLimit(name string, limit int64) ([]byte, error) {
	if err := d.local("open", name); err != nil {
		return nil, err
	}
	return readAt(d.fd, name, d.join(name), limit)
}

// Exists reports whether name exists; a link counts when its target does.
func (d *Dir) Exists(name string) bool {
	var st unix.Stat_t
	return filepath.IsLocal(name) && unix.Fstatat(d.fd, name, &st, 0) == nil
}

// Mkdir makes the folder name with perm (filtered by the umask, as mkdir
// is). A folder already there is fine.
func (d *Dir) Mkdir(name string, perm fs.FileMode) error {
	if err := d.local("mkdir", name); err != nil {
		return err
	}
	err := unix.Mkdirat(d.fd, name, uint32(perm.Perm()))
	if err == unix.EEXIST {
		var st unix.Stat_t
		if unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR {
			return nil
		}
	}
	if err != nil {
		return &fs.PathError{Op: "mkdir", Path: d.join(name), Err: err}
	}
	return nil
}

// WriteNew creates the file name, which must not exist yet (a link there
// is not followed), writes data and gives it exactly perm, whatever the
// umask. A failed write leaves the partial file: callers write into a
// staging folder they remove on failure.
func (d *Dir) WriteNew(name string, data []byte, perm fs.FileMode) error {
	if err := d.local("open", name); err != nil {
		return err
	}
	fd, err := retry(func() (int, error) {
		return unix.Openat(d.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, uint32(perm.Perm()))
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: d.join(name), Err: err}
	}
	for len(data) > 0 {
		n, werr := retry(func() (int, error) { return unix.Write(fd, data) })
		if werr == nil && n <= 0 {
			werr = io.ErrShortWrite
		}
		if werr != nil {
			err = werr
			break
		}
		data = data[n:]
	}
	if err == nil {
		err = unix.Fchmod(fd, uint32(perm.Perm()))
	}
	if cerr := unix.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: d.join(name), Err: err}
	}
	return nil
}

// Symlink makes name a symbolic link to target.
func (d *Dir) Symlink(target, name string) error {
	if err := d.local("symlink", name); err != nil {
		return err
	}
	if err := unix.Symlinkat(target, d.fd, name); err != nil {
		return &fs.PathError{Op: "symlink", Path: d.join(name), Err: err}
	}
	return nil
}
