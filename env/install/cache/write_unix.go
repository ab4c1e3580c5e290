//go:build linux || darwin

package cache

import (
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// createStamped writes r to a new file dst (which must not exist) with
// mode perm and modification time mtime, through the raw file descriptor:
// an unpack creates tens of thousands of files, and os.File's bookkeeping
// (poller registration, flag fcntls, a path lookup for the times) costs
// several system calls per file that a write-once file does not need.
func createStamped(dst string, perm os.FileMode, mtime time.Time, r io.Reader) error {
	fd, err := unix.Open(dst, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return &os.PathError{Op: "open", Path: dst, Err: err}
	}
	w := fdWriter(fd)
	if _, err := io.Copy(w, r); err != nil {
		unix.Close(fd)
		return err
	}
	if err := setTimes(fd, dst, mtime); err != nil {
		unix.Close(fd)
		return err
	}
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: dst, Err: err}
	}
	return nil
}

type fdWriter int

func (w fdWriter) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := unix.Write(int(w), p[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}
