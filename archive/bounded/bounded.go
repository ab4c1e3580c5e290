package bounded

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// The caps. Each is far above what real files need (the largest of each
// kind among the 92 real distributions of ../shared/tools/make_wheelhouse.py
// is given, measured 2026-12-07) and far below what would hurt a small
// machine.
const (
	// Metadata caps one core-metadata file (METADATA, PKG-INFO), an
	// entry_points.txt, a direct_url.json, a pyvenv.cfg or a WHEEL file,
	// in an environment and in the wheel or sdist it comes from (the same
	// cap, so that what fwenv installs it can read back), and a PEP 658
	// .metadata file an index serves.
	// Largest among the 92 wheels of make_wheelhouse.py: 107 KiB
	// (pydantic 2.13.4's METADATA); entry_points.txt: 244 bytes.
	Metadata int64 = 16 << 20
	// Record caps one RECORD file. Largest among the same wheels, installed:
	// 1.0 MiB (cfn_lint 1.51.0, about 9,000 lines with its bytecode).
	Record int64 = 64 << 20
	// WheelRecord caps the RECORD inside a wheel (archive/wheel), a quarter
	// of Record: the RECORD fwenv writes when it installs a wheel is larger
	// than the wheel's (a __pycache__ row per module with --compile, which
	// can be longer than the module's own row, longer paths for .data
	// files, rows for INSTALLER, REQUESTED and direct_url.json), up to about
	// two and a half times for a wheel of tiny modules with short names. A
	// wheel whose RECORD passes this cap installs a RECORD that Record lets
	// fwenv read back. Largest wheel RECORD among the 92 wheels: under
	// 1 MiB.
	WheelRecord int64 = Record / 4
	// Requirements caps one requirements or constraints file.
	Requirements int64 = 16 << 20
	// Lock caps one fwenv.lock or pylock.toml.
	Lock int64 = 64 << 20
	// Settings caps one file of settings: a configuration file
	// (config.yaml, fwenv.yaml), a netrc, a --cert bundle of CA
	// certificates, or a project's pyproject.toml read for its
	// [build-system] table. Measured on the development machine
	// (2026-12-07): the system's whole CA bundle is 214 KiB; the largest of
	// its 11 pyproject.toml files is 4.1 KiB (urllib3's); a netrc entry is
	// one line of about 60 bytes. 4 MiB is some twenty times the CA bundle.
	Settings int64 = 4 << 20
	// Interpreter caps an interpreter binary that `fwenv create --copies`
	// copies into an environment (read whole, then written). On this
	// project's machines pyenv's CPython executables are 17 KiB (the
	// library is shared) and Debian's statically linked /usr/bin/python3.11
	// is under 7 MiB.
	Interpreter int64 = 256 << 20
	// ProcessOutput caps what a short helper process may print, stdout and
	// stderr together (env/proc). An interpreter probe answers with about
	// 1.4 KB (CPython 3.8 to 3.13; 0.4 KB for 2.7 to 3.7).
	ProcessOutput int64 = 1 << 20
	// Journal caps an install's journal (env/install), read back to finish
	// or undo an interrupted command: about 100 bytes an operation, so some
	// two million files in one command.
	Journal int64 = 256 << 20
	// CacheRef caps a URL reference file of the download cache (a URL and
	// the digest of the file it names; under 1 KiB).
	CacheRef int64 = 64 << 10
)

// TooLargeError says a file or stream was larger than its cap.
type TooLargeError struct {
	Path  string // the file, or a description of the stream
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s, the most fwenv reads of such a file", e.Path, Size(e.Limit))
}

// Hint says what to do.
func (e *TooLargeError) Hint() string {
	return "the file is damaged or not what its name says; remove or replace it"
}

// NotRegularError says a file that must be a regular file is something else.
type NotRegularError struct {
	Path string
	Kind string // "a folder", "a FIFO", "a device", ...
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: is %s, not a regular file", e.Path, e.Kind)
}

// Hint says what to do.
func (e *NotRegularError) Hint() string {
	return "fwenv reads only regular files here; replace it with the file it stands for"
}

// Kind names the type of a file mode for a message: "a folder", "a FIFO",
// "a device", "a socket", "a regular file", ...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// Size renders n bytes for a message: "16 MiB", "512 KiB", "100 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// OpenRegular opens path for reading when it is a regular file (links are
// followed). Anything else is refused with a *NotRegularError and nothing
// stays open; the open never blocks on a FIFO. size is the file's size at
// open time.
func OpenRegular(path string) (f *os.File, size int64, err error) {
	f, err = os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, &NotRegularError{Path: path, Kind: Kind(st.Mode())}
	}
	return f, st.Size(), nil
}

// ReadRegular reads the whole regular file at path, at most limit bytes.
// A file of another type is refused before reading (*NotRegularError); a
// larger one is refused without reading it whole (*TooLargeError), also
// when it grows while being read.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, size, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return readCapped(f, size, limit, path)
}

// ReadNamed reads the file the user named at path, at most limit bytes.
// Regular files, pipes and character devices are read (`-r /dev/stdin`,
// `-r <(...)`); a folder, socket or other device is refused by type.
// Reading stops with a *TooLargeError at the cap, so /dev/zero or an endless
// pipe cannot exhaust memory.
func ReadNamed(path string, limit int64) ([]byte, error) {
	// A pipe is opened blocking: its writer may not be there yet.
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	m := st.Mode()
	if !m.IsRegular() && m&fs.ModeNamedPipe == 0 && m&fs.ModeCharDevice == 0 {
		return nil, &NotRegularError{Path: path, Kind: Kind(m)}
	}
	size := int64(-1)
	if m.IsRegular() {
		if st.Size() > limit {
			return nil, &TooLargeError{Path: path, Limit: limit}
		}
		size = st.Size()
	}
	return readCapped(f, size, limit, path)
}

// ReadAll reads r to its end, at most limit bytes; name describes the stream
// in the error ("output of /usr/bin/python3").
func ReadAll(r io.Reader, limit int64, name string) ([]byte, error) {
	return readCapped(r, -1, limit, name)
}

func readCapped(r io.Reader, size, limit int64, name string) ([]byte, error) {
	n := size
	if n < 0 || n > limit {
		n = 512
	}
	buf := make([]byte, 0, n+1) // +1: see the end without a second grow
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if int64(len(buf)) > limit {
			return nil, &TooLargeError{Path: name, Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			if errors.Is(err, syscall.EAGAIN) {
				// A non-blocking descriptor with nothing to read: the end.
				return buf, nil
			}
			return nil, err
		}
	}
}
