package sdist

import (
	"archive/tar"
	"compress/bzip2"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
)

// headerInfo is one tar header judged on its own.
type headerInfo struct {
	entry
	skip bool // the "./" entry of the archive's root: not a member
}

// rawReader counts and hashes the bytes of the file as they are read.
type rawReader struct {
	r io.Reader
	n int64
	h hash.Hash
}

func (r *rawReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	r.h.Write(p[:n])
	return n, err
}

// meter enforces the total size and ratio caps on the decompressed stream
// as it is read: nothing a header says is trusted for these.
type meter struct {
	s      *Sdist
	r      io.Reader
	raw    *rawReader
	n      int64
	member string // the member being read, for errors
	err    error  // sticky: the cap that was hit
}

func (m *meter) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.r.Read(p)
	m.n += int64(n)
	o := &m.s.opts
	switch {
	case m.n > o.MaxTotalSize:
		m.err = m.s.errf(m.member, ErrTooLarge, fmt.Sprintf("the archive unpacks to more than the limit of %d bytes", o.MaxTotalSize),
			"raise the total size limit if the sdist is trusted", nil)
	case m.n > o.RatioMinSize && m.n/o.MaxRatio > m.raw.n:
		m.err = m.s.errf(m.member, ErrRatio, fmt.Sprintf("%d compressed bytes expanded to %d (ratio over %d)", m.raw.n, m.n, o.MaxRatio),
			"this looks like a decompression bomb; raise the ratio limit only if the sdist is trusted", nil)
	}
	if m.err != nil {
		return 0, m.err
	}
	return n, err
}

// capErr passes the meter's errors on, so a read that failed because of a
// cap reports the cap.
type capErr struct {
	r io.Reader
	m *meter
}

func (c capErr) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && c.m.err != nil {
		return n, c.m.err
	}
	return n, err
}

// readErr turns an error met while reading a member into an *Error.
func (s *Sdist) readErr(member string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return s.errf(member, ErrFormat, "cannot read the member: the archive is truncated or corrupt", "", err)
}

// scanTar reads the tar stream once from the start, judges each header on
// its own (tarHeader) and hands each to visit with a reader of its content.
// It enforces the member count and, through the meter, the size and ratio
// caps. Unless visit returns errStop, it then checks that nothing but zeros
// follows the end-of-archive marker, reads the file to its end and returns
// the sha256 of all of it.
func (s *Sdist) scanTar(visit func(h *headerInfo, r io.Reader) error) ([32]byte, error) {
	var digest [32]byte
	raw := &rawReader{r: io.NewSectionReader(s.r, 0, s.size), h: sha256.New()}
	var dec io.Reader
	switch s.Format {
	case TarGz:
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return digest, s.errf("", ErrFormat, "not a readable gzip file", "", err)
		}
		dec = zr
	case TarBz2:
		dec = bzip2.NewReader(raw)
	default:
		dec = raw
	}
	m := &meter{s: s, r: dec, raw: raw}
	tr := tar.NewReader(m)
	content := capErr{r: tr, m: m}
	count := 0
	last := ""
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil && !(errors.Is(err, tar.ErrInsecurePath) && hdr != nil) {
			if m.err != nil {
				return digest, m.err
			}
			reason := "unreadable tar header"
			if last != "" {
				reason = fmt.Sprintf("unreadable tar header after member %q", last)
			}
			return digest, s.errf("", ErrFormat, reason, "the archive is truncated or corrupt", err)
		}
		count++
		if count > s.opts.MaxFiles {
			return digest, s.errf(hdr.Name, ErrTooLarge, fmt.Sprintf("more than the limit of %d members", s.opts.MaxFiles),
				"raise the member limit if the sdist is trusted", nil)
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			if err := s.checkGlobal(hdr); err != nil {
				return digest, err
			}
			continue
		}
		h, err := s.tarHeader(hdr)
		if err != nil {
			return digest, err
		}
		m.member, last = h.Name, h.Name
		if err := visit(h, content); err != nil {
			if err == errStop {
				return digest, nil
			}
			return digest, err
		}
	}
	// After the end-of-archive marker only zero padding may follow: tools
	// that read on past the marker (tar --ignore-zeros) would find members
	// nobody validated.
	m.member = ""
	buf := make([]byte, 32<<10)
	for {
		n, err := m.Read(buf)
		for _, c := range buf[:n] {
			if c != 0 {
				return digest, s.errf("", ErrFormat, "data after the tar end-of-archive marker",
					"something was appended to the archive; some tools would unpack it, so fwenv refuses it", nil)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			if m.err != nil {
				return digest, m.err
			}
			return digest, s.errf("", ErrFormat, fmt.Sprintf("the compressed stream is corrupt or followed by other data after the end of the archive"), "", err)
		}
	}
	if _, err := io.CopyBuffer(io.Discard, raw, buf); err != nil {
		return digest, s.errf("", ErrFormat, "cannot read the file", "", err)
	}
	raw.h.Sum(digest[:0])
	return digest, nil
}

// checkGlobal refuses PAX global headers that would change later members:
// Python's tarfile applies their path, linkpath and size to the members
// that follow (through their own PAX headers), Go's archive/tar does not,
// so the two would see different archives.
func (s *Sdist) checkGlobal(hdr *tar.Header) error {
	for k := range hdr.PAXRecords {
		if k == "path" || k == "linkpath" || k == "size" || strings.HasPrefix(k, "GNU.sparse.") {
			return s.errf(hdr.Name, ErrPAX, fmt.Sprintf("a PAX global header sets %q for the members that follow", k),
				"tar readers disagree on what global headers change, so the archive could unpack differently elsewhere; rebuild it without them", nil)
		}
	}
	return nil
}

// tarHeader judges a header on its own: name form, type, sparse files and
// the per-member size cap. The name is checked in addEntry.
func (s *Sdist) tarHeader(hdr *tar.Header) (*headerInfo, error) {
	h := &headerInfo{}
	name, slash := cleanName(hdr.Name)
	h.Name = name
	if hdr.Typeflag == tar.TypeGNUSparse {
		return nil, s.errf(hdr.Name, ErrPAX, "GNU sparse file", "sparse files are refused: tar readers disagree on them; rebuild the sdist with a standard tool", nil)
	}
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return nil, s.errf(hdr.Name, ErrPAX, fmt.Sprintf("GNU sparse file (PAX record %q)", k), "sparse files are refused: tar readers disagree on them; rebuild the sdist with a standard tool", nil)
		}
	}
	headerOnly := func() error {
		if hdr.Size != 0 {
			return s.errf(hdr.Name, ErrFormat, fmt.Sprintf("%s member with a size (%d bytes)", h.Type, hdr.Size), "tar readers disagree on whether such data is skipped", nil)
		}
		if slash {
			return s.errf(hdr.Name, ErrUnsafePath, fmt.Sprintf("%s member whose name ends with '/'", h.Type), "", nil)
		}
		return nil
	}
	switch hdr.Typeflag {
	case tar.TypeReg, '\x00':
		h.Type = File
		if slash {
			return nil, s.errf(hdr.Name, ErrUnsafePath, "file member whose name ends with '/'", "", nil)
		}
		if hdr.Size > s.opts.MaxFileSize {
			return nil, s.errf(hdr.Name, ErrTooLarge, fmt.Sprintf("size %d is over the per-file limit of %d bytes", hdr.Size, s.opts.MaxFileSize),
				"raise the per-file limit if the sdist is trusted", nil)
		}
		h.Size = hdr.Size
		h.Mode = 0o644
		if hdr.Mode&0o111 != 0 {
			h.Mode = 0o755
		}
	case tar.TypeDir:
		h.Type, h.Mode = Dir, 0o755
		if hdr.Size != 0 {
			return nil, s.errf(hdr.Name, ErrFormat, fmt.Sprintf("folder member with a size (%d bytes)", hdr.Size), "tar readers disagree on whether such data is skipped", nil)
		}
	case tar.TypeSymlink:
		h.Type, h.rawLink = Symlink, hdr.Linkname
		if err := headerOnly(); err != nil {
			return nil, err
		}
	case tar.TypeLink:
		h.Type, h.rawLink = Hardlink, hdr.Linkname
		if err := headerOnly(); err != nil {
			return nil, err
		}
	case tar.TypeChar, tar.TypeBlock:
		return nil, s.errf(hdr.Name, ErrNotRegular, "device file", "an sdist holds files, folders and links only", nil)
	case tar.TypeFifo:
		return nil, s.errf(hdr.Name, ErrNotRegular, "named pipe (FIFO)", "an sdist holds files, folders and links only", nil)
	case tar.TypeCont:
		return nil, s.errf(hdr.Name, ErrNotRegular, "contiguous file (type '7')", "rebuild the sdist with a standard tool", nil)
	default:
		return nil, s.errf(hdr.Name, ErrNotRegular, fmt.Sprintf("tar member of type %q", hdr.Typeflag), "an sdist holds files, folders and links only", nil)
	}
	if name == "" {
		if h.Type != Dir {
			return nil, s.errf(hdr.Name, ErrUnsafePath, "empty member name", "", nil)
		}
		h.skip = true
	}
	h.ModTime = hdr.ModTime
	return h, nil
}

// validateTar is the visit of the validation pass.
func (s *Sdist) validateTar(h *headerInfo, r io.Reader) error {
	if h.skip {
		return nil
	}
	e := h.entry
	if err := s.addEntry(&e); err != nil {
		return err
	}
	if e.Type != File {
		return nil
	}
	if (e.Path == "PKG-INFO" || e.Path == "pyproject.toml") && e.Size <= s.opts.MaxMetadataSize {
		data, err := s.readExact(&e, r)
		if err != nil {
			return err
		}
		s.small[e.Path] = data
		return nil
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return s.readErr(e.Name, err)
	}
	if n != e.Size {
		return s.errf(e.Name, ErrFormat, fmt.Sprintf("read %d bytes, the header says %d", n, e.Size), "", nil)
	}
	return nil
}
