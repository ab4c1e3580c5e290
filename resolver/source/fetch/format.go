package fetch

import (
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/wheel"
)

// maxGzipCheck bounds how much of a .tar.gz is decompressed to check that
// its stream is complete: past it, the file is taken as it is (the sdist
// reader has its own caps).
const maxGzipCheck = 4 << 30

// archiveKind is the format a file name promises: "zip" for wheels, zip
// sdists and eggs, "gzip" for .tar.gz and .tgz, "" for anything else (a
// PEP 658 .metadata file, other formats).
func archiveKind(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".whl"), strings.HasSuffix(n, ".zip"), strings.HasSuffix(n, ".egg"):
		return "zip"
	case strings.HasSuffix(n, ".tar.gz"), strings.HasSuffix(n, ".tgz"):
		return "gzip"
	}
	return ""
}

// checkFormat checks that the file at p is a complete archive of the kind
// its name promises: a ZIP file must have its central directory (which a
// truncated or cut-short download loses: it is at the end), a gzip stream
// must decompress to its end with its checksum. It reads no more than it
// needs (a ZIP directory; a gzip stream up to maxGzipCheck). nil for names
// that promise no archive format.
func checkFormat(p, name string) error {
	kind := archiveKind(name)
	if kind == "" {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	switch kind {
	case "zip":
		if _, err := zip.NewReader(f, st.Size()); err != nil {
			return err
		}
		if strings.HasSuffix(strings.ToLower(name), ".whl") {
			// A complete ZIP that is not a wheel fwenv accepts (a
			// broken RECORD, a hostile member) must not stay either:
			// when the server is fixed, the next run must fetch again.
			// Every member is decompressed and hashed once, for files no
			// digest vouches for only.
			if _, err := wheel.New(f, st.Size(), filepath.Base(name), nil); err != nil {
				return &refusedError{err}
			}
		}
	case "gzip":
		zr, err := gzip.NewReader(f)
		if err == nil {
			_, err = io.Copy(io.Discard, io.LimitReader(zr, maxGzipCheck))
			zr.Close()
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return errors.New("gzip: the compressed stream ends early")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// DamagedError is a downloaded file that is not what its name promises (a
// wheel that is not a complete ZIP archive, a .tar.gz that ends early) or
// that is shorter than the server announced. Nothing of it is kept in the
// cache, and no reference to it: the next run fetches it again.
type DamagedError struct {
	URL  string // without credentials
	File string // the file's name
	Got  int64  // bytes received
	Want int64  // bytes announced (Content-Length), -1 when unknown
	Err  error  // what the format check found
}

// refusedError is a complete archive that fwenv refuses as what its name
// says (a wheel whose RECORD does not match): not retried, since the same
// bytes would come again.
type refusedError struct{ err error }

func (e *refusedError) Error() string { return e.err.Error() }
func (e *refusedError) Unwrap() error { return e.err }

func (e *DamagedError) refused() bool {
	var r *refusedError
	return errors.As(e.Err, &r)
}

func (e *DamagedError) Error() string {
	if e.refused() {
		return fmt.Sprintf("%s: the downloaded file %s is refused: %s", e.URL, e.File, e.Err)
	}
	s := fmt.Sprintf("%s: the downloaded file %s is damaged", e.URL, e.File)
	if e.Want >= 0 && e.Got != e.Want {
		return s + fmt.Sprintf(": %d of %d bytes arrived", e.Got, e.Want)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s + fmt.Sprintf(" (%d bytes)", e.Got)
}

func (e *DamagedError) Unwrap() error { return e.Err }

func (e *DamagedError) Hint() string {
	if e.refused() {
		h := "the server sent a complete file that fwenv refuses"
		var hr interface{ Hint() string }
		if errors.As(e.Err, &hr) && hr.Hint() != "" {
			h += " (" + hr.Hint() + ")"
		}
		return h + "; nothing was kept in the cache: once the file on the server is fixed, run the command again"
	}
	if e.Want >= 0 && e.Got != e.Want {
		return fmt.Sprintf("the server sent %d of %d bytes; nothing was kept in the cache: run the command again", e.Got, e.Want)
	}
	return fmt.Sprintf("the server sent %d bytes that are not a complete %s (cut short on the way, or damaged on the server); nothing was kept in the cache: run the command again, and if it fails the same way, the file on the server is damaged", e.Got, kindName(e.File))
}

func kindName(name string) string {
	switch archiveKind(name) {
	case "zip":
		return "ZIP archive"
	case "gzip":
		return "gzip archive"
	}
	return "file"
}
