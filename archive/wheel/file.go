package wheel

import (
	"archive/zip"
	"fmt"
	"hash"
	"io"
	"io/fs"

	"github.com/fwenv/fwenv/archive/record"
)

// Scheme is an install scheme of the wheel spec: where a file goes.
type Scheme string

// The five schemes a wheel may use.
const (
	Purelib Scheme = "purelib"
	Platlib Scheme = "platlib"
	Scripts Scheme = "scripts"
	Headers Scheme = "headers"
	Data    Scheme = "data"
)

var schemes = map[string]Scheme{"purelib": Purelib, "platlib": Platlib, "scripts": Scripts, "headers": Headers, "data": Data}

// File is one validated member of a wheel and where it goes.
type File struct {
	Name     string      // the member's name in the archive
	Scheme   Scheme      // the scheme it is installed into
	Path     string      // '/'-separated path within the scheme, never empty, never escaping
	Size     int64       // uncompressed size, verified
	Hash     record.Hash // from RECORD, verified; zero for RECORD signatures
	Mode     fs.FileMode // permission bits recorded in the archive (0 when none)
	DistInfo bool        // the member is in the .dist-info folder

	wheel *Wheel
	zf    *zip.File
}

// Executable reports whether the archive marks the member executable.
func (f File) Executable() bool { return f.Mode&0o111 != 0 }

// Open streams the member's content. The reader fails with ErrTooLarge if
// more bytes come than validated, and, at the end, with ErrHashMismatch if
// the size or hash differ from what was validated (the file changed since).
func (f File) Open() (io.ReadCloser, error) {
	return f.wheel.openMember(f.zf, f.Size, f.Hash)
}

// verifyingReader counts and hashes a member while it is read.
type verifyingReader struct {
	rc       io.ReadCloser
	w        *Wheel
	name     string
	want     int64 // expected size
	wantHash record.Hash
	h        hash.Hash
	n        int64
	done     bool
}

func (w *Wheel) openMember(zf *zip.File, size int64, want record.Hash) (io.ReadCloser, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, w.errf(zf.Name, ErrZip, "cannot be read", "", err)
	}
	v := &verifyingReader{rc: rc, w: w, name: zf.Name, want: size, wantHash: want}
	if !want.IsZero() {
		v.h, _ = record.NewHasher(want.Algorithm)
	}
	return v, nil
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.done {
		return 0, io.EOF
	}
	n, err := v.rc.Read(p)
	v.n += int64(n)
	if v.n > v.want {
		return 0, v.w.errf(v.name, ErrTooLarge, fmt.Sprintf("decompresses to more than the %d bytes validated", v.want), "", nil)
	}
	if v.h != nil {
		v.h.Write(p[:n])
	}
	if err == io.EOF {
		if v.n != v.want {
			return n, v.w.errf(v.name, ErrHashMismatch, fmt.Sprintf("size is %d bytes, expected %d", v.n, v.want), "", nil)
		}
		if v.h != nil {
			got := record.Hash{Algorithm: v.wantHash.Algorithm, Digest: v.h.Sum(nil)}
			if !got.Equal(v.wantHash) {
				return n, v.w.errf(v.name, ErrHashMismatch, fmt.Sprintf("hash is %s, RECORD says %s", got, v.wantHash),
					"the wheel is corrupt or was modified after it was built; download or rebuild it", nil)
			}
		}
		v.done = true
		return n, io.EOF
	}
	if err != nil {
		return n, v.w.errf(v.name, ErrZip, "cannot be decompressed", "", err)
	}
	return n, nil
}

func (v *verifyingReader) Close() error { return v.rc.Close() }
