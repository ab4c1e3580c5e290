package wheel

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/wheelname"
)

// ReadMetadata reads only the core metadata (METADATA) of the wheel at path:
// the filename, the one .dist-info folder and METADATA are checked as New
// checks them, nothing else. It is for a resolver that needs a local wheel's
// name, version and requirements before deciding to install it; whatever is
// installed later goes through Open or New, which validate every member.
func ReadMetadata(path string, opts *Options) (*metadata.Metadata, error) {
	w := &Wheel{Filename: filepath.Base(path), opts: opts.withDefaults()}
	wn, err := wheelname.ParseWheel(w.Filename)
	if err != nil {
		return nil, w.wrap("", ErrFilename, err)
	}
	w.Name = wn
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{File: w.Filename, Kind: ErrZip, Reason: "not a regular file"}
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, w.errf("", ErrZip, "not a readable zip archive", "", err)
	}
	if len(zr.File) > w.opts.MaxFiles {
		return nil, w.errf("", ErrTooLarge, fmt.Sprintf("%d members, more than the limit of %d", len(zr.File), w.opts.MaxFiles),
			"raise the member limit if the wheel is trusted", nil)
	}
	if err := w.findDistInfo(zr); err != nil {
		return nil, err
	}
	name := w.DistInfo + "/METADATA"
	var zf *zip.File
	for _, m := range zr.File {
		if m.Name == name {
			if zf != nil {
				return nil, w.errf(name, ErrDuplicate, "appears twice in the archive", "", nil)
			}
			zf = m
		}
	}
	if zf == nil {
		return nil, w.errf("", ErrDistInfo, name+" is missing", "", nil)
	}
	if zf.Method != zip.Store && zf.Method != zip.Deflate {
		return nil, w.errf(name, ErrZip, fmt.Sprintf("compression method %d is not supported (only stored and deflate)", zf.Method),
			"rebuild the wheel with a standard tool", nil)
	}
	if zf.UncompressedSize64 > uint64(w.opts.MaxMetadataSize) {
		return nil, w.errf(name, ErrTooLarge, fmt.Sprintf("%d bytes, over the limit of %d for metadata files", zf.UncompressedSize64, w.opts.MaxMetadataSize), "", nil)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, w.errf(name, ErrZip, "cannot read", "", err)
	}
	defer rc.Close()
	// Never more than the header promised: a lying header is a bomb.
	data, err := io.ReadAll(io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err != nil {
		return nil, w.errf(name, ErrZip, "cannot read", "", err)
	}
	if uint64(len(data)) != zf.UncompressedSize64 {
		return nil, w.errf(name, ErrZip, fmt.Sprintf("%d bytes where the header says %d", len(data), zf.UncompressedSize64), "the archive was tampered with or is corrupt", nil)
	}
	md, err := metadata.Parse(data)
	if err != nil {
		return nil, w.wrap(name, ErrMetadata, err)
	}
	if !wheelname.SameName(md.Name, wn.Name) {
		return nil, w.errf(name, ErrMetadata, fmt.Sprintf("Name %q does not match the filename's %q", md.Name, wn.Name), "", nil)
	}
	if !w.opts.SameVersion(md.Version, wn.Version) {
		return nil, w.errf(name, ErrMetadata, fmt.Sprintf("Version %q does not match the filename's %q", md.Version, wn.Version), "", nil)
	}
	return md, nil
}
