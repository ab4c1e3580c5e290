package lock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Options tune Acquire. The zero value waits for ever without a message.
type Options struct {
	// Timeout bounds the wait; 0 waits until ctx is done.
	Timeout time.Duration
	// Waiting is called once when the lock is held by someone else: at
	// once when the wait has no bound (Timeout 0), else when it has lasted
	// AnnounceAfter. Holder(path) says who holds the lock, when known.
	Waiting func(path string)
	// Poll is the interval between attempts; default 50ms.
	Poll time.Duration
}

// AnnounceAfter is how long a bounded wait lasts before Waiting is called.
const AnnounceAfter = time.Second

// Lock is a held lock. Release it when done.
type Lock struct {
	path string
	f    *os.File
	// wrote: the holder record was written and is cleared on release.
	wrote bool
}

// Error reports a lock that could not be taken.
type Error struct {
	Path   string
	Reason string
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("lock %s: %s\nhint: %s", e.Path, e.Reason, e.Hint())
}

// Hint is advice for the user.
func (e *Error) Hint() string {
	if errors.Is(e.Err, ErrTimeout) {
		return "another fwenv is changing this environment; wait for it to finish or raise the lock timeout"
	}
	if errors.Is(e.Err, ErrNotFolder) {
		return "fwenv never follows a link there: remove " + filepath.Dir(e.Path) + " (it is made again as a real folder) and run the command again"
	}
	return "check that the environment folder is writable"
}

func (e *Error) Unwrap() error { return e.Err }

// ErrTimeout is wrapped by the Error returned when the wait timed out.
var ErrTimeout = errors.New("timed out waiting for the lock")

// ErrNotFolder is wrapped by the Error returned when the lock's folder is
// a symbolic link or a file.
var ErrNotFolder = errors.New("not a real folder")

// Acquire takes the exclusive lock at path, creating the file and its
// folder when needed. The folder (ENV/.fwenv) is made with mkdir and
// checked with lstat: a symbolic link or a file there is refused, never
// followed. The lock file is created only as a new file of that folder
// (O_NOFOLLOW): an existing link at path is locked through but never
// created through, and its target never written (see writeHolder).
func Acquire(ctx context.Context, path string, o Options) (*Lock, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ownFolder(filepath.Dir(path)); err != nil {
		return nil, &Error{Path: path, Reason: err.Error(), Err: err}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if errors.Is(err, syscall.ELOOP) {
		f, err = os.OpenFile(path, os.O_RDWR, 0) // an existing link: its target must exist
	}
	if err != nil {
		return nil, &Error{Path: path, Reason: "cannot open", Err: err}
	}
	poll := o.Poll
	if poll <= 0 {
		poll = 50 * time.Millisecond
	}
	var deadline time.Time
	if o.Timeout > 0 {
		deadline = time.Now().Add(o.Timeout)
	}
	told := false
	start := time.Now()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			l := &Lock{path: path, f: f}
			l.wrote = writeHolder(path, f)
			return l, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, &Error{Path: path, Reason: "flock failed", Err: err}
		}
		if !told && o.Waiting != nil && (o.Timeout <= 0 || time.Since(start) >= AnnounceAfter) {
			told = true
			o.Waiting(path)
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			f.Close()
			return nil, &Error{Path: path, Reason: fmt.Sprintf("still held after %s", o.Timeout), Err: ErrTimeout}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, &Error{Path: path, Reason: "cancelled while waiting", Err: ctx.Err()}
		case <-time.After(poll):
		}
	}
}

// Path is the lock file's path.
func (l *Lock) Path() string { return l.path }

// Release drops the lock. The file stays (removing it would race with a
// process that just opened it).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	if l.wrote {
		l.f.Truncate(0) // the holder record goes with the holder
	}
	err := l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
	return err
}

// ownFolder makes the lock's folder d, or checks the one there, without
// following a link.
func ownFolder(d string) error {
	fi, err := os.Lstat(d)
	if errors.Is(err, os.ErrNotExist) {
		if err = os.Mkdir(d, 0o755); err == nil {
			return nil
		}
		if !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("cannot create its folder %s: %w", d, err)
		}
		fi, err = os.Lstat(d) // made meanwhile: judge what is there
	}
	switch {
	case err != nil:
		return fmt.Errorf("cannot inspect its folder %s: %w", d, err)
	case fi.Mode()&os.ModeSymlink != 0:
		target, _ := os.Readlink(d)
		return fmt.Errorf("its folder %s is a symbolic link (to %s): %w", d, target, ErrNotFolder)
	case !fi.IsDir():
		return fmt.Errorf("its folder %s is a file: %w", d, ErrNotFolder)
	}
	return nil
}
