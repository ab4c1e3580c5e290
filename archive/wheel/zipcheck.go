package wheel

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"io"
)

// The zip reader of the standard library trusts the central directory and
// only skips over local file headers. Other tools read the local headers; a
// wheel whose two views differ could install one thing and verify another,
// so the local header of every member is read here and compared.

const (
	sigEOCD      = 0x06054b50
	sigEOCD64Loc = 0x07064b50
	sigEOCD64    = 0x06064b50
	sigCentral   = 0x02014b50
	sigLocal     = 0x04034b50
)

// headerOffsets returns the local header offset of every central directory
// entry, in directory order (the order of zip.Reader.File).
func headerOffsets(r io.ReaderAt, size int64) ([]int64, error) {
	tailLen := int64(22 + 65535)
	if tailLen > size {
		tailLen = size
	}
	tail := make([]byte, tailLen)
	if _, err := r.ReadAt(tail, size-tailLen); err != nil && err != io.EOF {
		return nil, err
	}
	eocd := -1
	for i := len(tail) - 22; i >= 0; i-- {
		if binary.LittleEndian.Uint32(tail[i:]) == sigEOCD && i+22+int(binary.LittleEndian.Uint16(tail[i+20:])) <= len(tail) {
			eocd = i
			break
		}
	}
	if eocd < 0 {
		return nil, fmt.Errorf("no end of central directory record")
	}
	endOff := size - tailLen + int64(eocd)
	e := tail[eocd:]
	count := uint64(binary.LittleEndian.Uint16(e[10:]))
	cdSize := uint64(binary.LittleEndian.Uint32(e[12:]))
	cdOff := uint64(binary.LittleEndian.Uint32(e[16:]))
	if count == 0xffff || cdSize == 0xffffffff || cdOff == 0xffffffff {
		if endOff < 20 {
			return nil, fmt.Errorf("zip64 locator missing")
		}
		loc := make([]byte, 20)
		if _, err := r.ReadAt(loc, endOff-20); err != nil {
			return nil, err
		}
		if binary.LittleEndian.Uint32(loc) == sigEOCD64Loc {
			off := int64(binary.LittleEndian.Uint64(loc[8:]))
			e64 := make([]byte, 56)
			if off < 0 || off > size-56 {
				return nil, fmt.Errorf("zip64 end of central directory out of range")
			}
			if _, err := r.ReadAt(e64, off); err != nil {
				return nil, err
			}
			if binary.LittleEndian.Uint32(e64) != sigEOCD64 {
				return nil, fmt.Errorf("bad zip64 end of central directory")
			}
			count = binary.LittleEndian.Uint64(e64[32:])
			cdSize = binary.LittleEndian.Uint64(e64[40:])
			cdOff = binary.LittleEndian.Uint64(e64[48:])
			endOff = off
		}
	}
	if cdOff+cdSize != uint64(endOff) {
		return nil, fmt.Errorf("the central directory does not end where the end record starts (data prepended to or inside the archive)")
	}
	if cdSize > 1<<31 || count > cdSize/46 {
		return nil, fmt.Errorf("central directory size %d cannot hold %d entries", cdSize, count)
	}
	cd := make([]byte, cdSize)
	if _, err := r.ReadAt(cd, int64(cdOff)); err != nil && err != io.EOF {
		return nil, err
	}
	offsets := make([]int64, 0, count)
	for p := 0; p < len(cd); {
		if p+46 > len(cd) || binary.LittleEndian.Uint32(cd[p:]) != sigCentral {
			return nil, fmt.Errorf("bad central directory entry at offset %d", int(cdOff)+p)
		}
		n := int(binary.LittleEndian.Uint16(cd[p+28:]))
		m := int(binary.LittleEndian.Uint16(cd[p+30:]))
		k := int(binary.LittleEndian.Uint16(cd[p+32:]))
		if p+46+n+m+k > len(cd) {
			return nil, fmt.Errorf("central directory entry overruns the directory")
		}
		usize := binary.LittleEndian.Uint32(cd[p+24:])
		csize := binary.LittleEndian.Uint32(cd[p+20:])
		off := uint64(binary.LittleEndian.Uint32(cd[p+42:]))
		if off == 0xffffffff {
			// zip64 extra: uncompressed, compressed, offset, each only if its
			// 32-bit field is saturated
			extra := cd[p+46+n : p+46+n+m]
			found := false
			for len(extra) >= 4 {
				id := binary.LittleEndian.Uint16(extra)
				l := int(binary.LittleEndian.Uint16(extra[2:]))
				if 4+l > len(extra) {
					break
				}
				if id == 0x0001 {
					f := extra[4 : 4+l]
					if usize == 0xffffffff && len(f) >= 8 {
						f = f[8:]
					}
					if csize == 0xffffffff && len(f) >= 8 {
						f = f[8:]
					}
					if len(f) >= 8 {
						off, found = binary.LittleEndian.Uint64(f), true
					}
				}
				extra = extra[4+l:]
			}
			if !found {
				return nil, fmt.Errorf("zip64 entry without its header offset")
			}
		}
		offsets = append(offsets, int64(off))
		p += 46 + n + m + k
	}
	if uint64(len(offsets)) != count {
		return nil, fmt.Errorf("central directory has %d entries, the end record says %d", len(offsets), count)
	}
	return offsets, nil
}

// checkLocalHeader compares a member's local header with its central entry.
func checkLocalHeader(r io.ReaderAt, off int64, f *zip.File) string {
	h := make([]byte, 30+len(f.Name))
	if _, err := r.ReadAt(h, off); err != nil {
		return "local file header cannot be read"
	}
	if binary.LittleEndian.Uint32(h) != sigLocal {
		return "no local file header where the central directory points"
	}
	flags := binary.LittleEndian.Uint16(h[6:])
	method := binary.LittleEndian.Uint16(h[8:])
	n := int(binary.LittleEndian.Uint16(h[26:]))
	m := int(binary.LittleEndian.Uint16(h[28:]))
	if n != len(f.Name) || string(h[30:30+n]) != f.Name {
		return fmt.Sprintf("local file header names %q, the central directory %q", string(h[30:min(30+n, len(h))]), f.Name)
	}
	if method != f.Method {
		return fmt.Sprintf("local file header says compression method %d, the central directory %d", method, f.Method)
	}
	if flags&0x8 == 0 { // sizes and CRC are in the local header, not a data descriptor
		crc := binary.LittleEndian.Uint32(h[14:])
		cs := binary.LittleEndian.Uint32(h[18:])
		us := binary.LittleEndian.Uint32(h[22:])
		if crc != f.CRC32 {
			return "local file header CRC differs from the central directory"
		}
		if cs != 0xffffffff && uint64(cs) != f.CompressedSize64 || us != 0xffffffff && uint64(us) != f.UncompressedSize64 {
			return "local file header sizes differ from the central directory"
		}
	}
	if d, err := f.DataOffset(); err != nil || d != off+30+int64(n)+int64(m) {
		return "member data is not where its local file header says"
	}
	return ""
}
