package sdist

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// readZip validates a zip sdist from its central directory (which is what
// Python's zipfile reads too). Sizes are checked from the headers, then
// every file is decompressed once: archive/zip refuses a member that
// decompresses to more or less than its header says, or to the wrong CRC.
// Symbolic links (Unix mode S_IFLNK in the external attributes) are read
// here: their content is the target.
func (s *Sdist) readZip() error {
	zr, err := zip.NewReader(s.r, s.size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return s.errf("", ErrFormat, "not a readable zip archive", "", err)
	}
	s.zr = zr
	o := &s.opts
	if len(zr.File) > o.MaxFiles {
		return s.errf("", ErrTooLarge, fmt.Sprintf("%d members, more than the limit of %d", len(zr.File), o.MaxFiles),
			"raise the member limit if the sdist is trusted", nil)
	}
	var total, compressed uint64
	for _, zf := range zr.File {
		name, slash := cleanName(zf.Name)
		e := entry{Member: Member{Name: name, ModTime: zf.Modified}, zf: zf}
		if zf.Flags&0x1 != 0 {
			return s.errf(zf.Name, ErrFormat, "member is encrypted", "", nil)
		}
		if zf.Method != zip.Store && zf.Method != zip.Deflate {
			return s.errf(zf.Name, ErrFormat, fmt.Sprintf("compression method %d is not supported (only stored and deflate)", zf.Method),
				"repack the sdist as .tar.gz", nil)
		}
		mode := zf.Mode()
		unixType := (zf.ExternalAttrs >> 16) & 0o170000
		switch {
		case mode&fs.ModeSymlink != 0 || unixType == 0o120000:
			e.Type = Symlink
			if slash {
				return s.errf(zf.Name, ErrUnsafePath, "symbolic link whose name ends with '/'", "", nil)
			}
		case slash || mode.IsDir() || unixType == 0o040000:
			e.Type, e.Mode = Dir, 0o755
			if zf.UncompressedSize64 != 0 {
				return s.errf(zf.Name, ErrFormat, "folder entry with content", "", nil)
			}
		case mode.Type() != 0 || unixType != 0 && unixType != 0o100000:
			return s.errf(zf.Name, ErrNotRegular, fmt.Sprintf("member of type %v (device, FIFO, socket...)", mode.Type()),
				"an sdist holds files, folders and links only", nil)
		default:
			e.Type, e.Mode = File, 0o644
			if mode&0o111 != 0 {
				e.Mode = 0o755
			}
		}
		if name == "" {
			if e.Type == Dir {
				continue
			}
			return s.errf(zf.Name, ErrUnsafePath, "empty member name", "", nil)
		}
		us, cs := zf.UncompressedSize64, zf.CompressedSize64
		if us > uint64(o.MaxFileSize) {
			return s.errf(zf.Name, ErrTooLarge, fmt.Sprintf("uncompressed size %d is over the per-file limit of %d bytes", us, o.MaxFileSize),
				"raise the per-file limit if the sdist is trusted", nil)
		}
		total += us
		compressed += cs
		if total > uint64(o.MaxTotalSize) {
			return s.errf(zf.Name, ErrTooLarge, fmt.Sprintf("the members so far unpack to more than the limit of %d bytes", o.MaxTotalSize),
				"raise the total size limit if the sdist is trusted", nil)
		}
		if us > uint64(o.RatioMinSize) && (cs == 0 || us/cs >= uint64(o.MaxRatio)) {
			return s.errf(zf.Name, ErrRatio, fmt.Sprintf("%d compressed bytes would expand to %d (ratio over %d)", cs, us, o.MaxRatio),
				"this looks like a zip bomb; raise the ratio limit only if the sdist is trusted", nil)
		}
		if e.Type == File {
			e.Size = int64(us)
		}
		if err := s.addEntry(&e); err != nil {
			return err
		}
		if e.Type == Symlink {
			last := &s.entries[len(s.entries)-1]
			if us > maxLinkTarget {
				return s.errf(zf.Name, ErrLink, fmt.Sprintf("symbolic link target of %d bytes", us), linkHint, nil)
			}
			rc, err := zf.Open()
			if err != nil {
				return s.errf(zf.Name, ErrFormat, "cannot read the member", "", err)
			}
			t, err := io.ReadAll(io.LimitReader(rc, maxLinkTarget+1))
			rc.Close()
			if err != nil {
				return s.readErr(zf.Name, err)
			}
			last.rawLink = string(t)
		}
	}
	if compressed > uint64(s.size) {
		return s.errf("", ErrFormat, "members claim more compressed data than the archive holds (overlapping members)", "this looks like a zip bomb", nil)
	}
	if total > uint64(o.RatioMinSize) && total/uint64(o.MaxRatio) > uint64(s.size) {
		return s.errf("", ErrRatio, fmt.Sprintf("%d bytes would expand to %d (ratio over %d)", s.size, total, o.MaxRatio),
			"this looks like a zip bomb; raise the ratio limit only if the sdist is trusted", nil)
	}
	// decompress every file once: a corrupt member, a wrong size or CRC is
	// refused here rather than half-way through Extract
	buf := make([]byte, 64<<10)
	for i := range s.entries {
		e := &s.entries[i]
		if e.Type != File {
			continue
		}
		rc, err := e.zf.Open()
		if err != nil {
			return s.errf(e.zf.Name, ErrFormat, "cannot read the member", "", err)
		}
		n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{rc}, buf)
		rc.Close()
		if err != nil {
			return s.readErr(e.zf.Name, err)
		}
		if n != e.Size {
			return s.errf(e.zf.Name, ErrFormat, fmt.Sprintf("read %d bytes, the header says %d", n, e.Size), "", nil)
		}
	}
	return nil
}
