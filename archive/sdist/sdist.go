package sdist

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/wheelname"
)

// Format is the container and compression of an sdist, from its file name
// (the content must agree).
type Format string

const (
	TarGz  Format = "tar.gz" // .tar.gz and .tgz
	TarBz2 Format = "tar.bz2"
	Tar    Format = "tar"
	Zip    Format = "zip"
)

// Type is the kind of a member.
type Type uint8

const (
	File     Type = iota // regular file
	Dir                  // folder
	Symlink              // symbolic link to a regular file of the sdist
	Hardlink             // tar hard link to an earlier regular file of the sdist
)

func (t Type) String() string {
	switch t {
	case File:
		return "file"
	case Dir:
		return "folder"
	case Symlink:
		return "symbolic link"
	case Hardlink:
		return "hard link"
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// Member is one validated member of an sdist.
type Member struct {
	Name string // as the archive names it (PAX and GNU long names applied, "./" stripped), e.g. "demo-1.0/src/demo/x.py"
	Path string // below the top-level folder, '/'-separated: "src/demo/x.py"; "" for the folder itself
	Type Type
	Size int64 // content size of a File; 0 for the others
	// Mode is the permission the member is extracted with: 0755 for
	// folders and for files with any execute bit, 0644 for other files
	// (setuid, setgid and sticky bits are dropped; the umask applies).
	// A link gets its target's.
	Mode    fs.FileMode
	ModTime time.Time
	// Link is the Path of a link's target, resolved and checked to be a
	// regular file of the sdist ("" for files and folders).
	Link string
}

// entry is a member with what validating and re-reading it needs.
type entry struct {
	Member
	rawLink string    // link target as written
	target  int       // index of a link's target entry
	zf      *zip.File // zip member
}

// Sdist is an opened and fully validated source distribution.
type Sdist struct {
	Filename string // base name of the file
	Format   Format
	// Name and Version come from the filename when it parses as
	// NAME-VERSION (PEP 625 or legacy), otherwise from the top-level folder.
	Name, Version string
	// Root is the single top-level folder, e.g. "demo-1.0".
	Root string
	// What the top-level folder holds (as a regular file or a link to one).
	HasPKGINFO, HasPyproject, HasSetupPy, HasSetupCfg bool
	// Warnings are doubts that did not stop validation (a legacy filename,
	// a top-level folder named unlike the file...).
	Warnings []string

	r      io.ReaderAt
	size   int64
	opts   Options
	closer io.Closer

	entries []entry
	byPath  map[string]int // exact Path -> index
	digest  [32]byte       // sha256 of the raw file as the validation pass read it (tar)
	zr      *zip.Reader
	small   map[string][]byte // PKG-INFO and pyproject.toml, read during validation (tar)
}

func (s *Sdist) errf(member string, kind error, reason, hint string, err error) *Error {
	return &Error{File: s.Filename, Member: member, Kind: kind, Reason: reason, Hint: hint, Err: err}
}

// Members returns the members in archive order (the root folder entry and
// "./" entries left out).
func (s *Sdist) Members() []Member {
	out := make([]Member, len(s.entries))
	for i := range s.entries {
		out[i] = s.entries[i].Member
	}
	return out
}

// Close releases the file opened by Open (nothing for New).
func (s *Sdist) Close() error {
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

// Open opens and validates the sdist at path; Close it when done.
func Open(path string, opts *Options) (*Sdist, error) {
	f, size, err := bounded.OpenRegular(path)
	if nr := (*bounded.NotRegularError)(nil); errors.As(err, &nr) {
		return nil, &Error{File: filepath.Base(path), Kind: ErrFormat, Reason: "not a regular file"}
	}
	if err != nil {
		return nil, err
	}
	s, err := New(f, size, filepath.Base(path), opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.closer = f
	return s, nil
}

// New validates the sdist read from r (size bytes) named filename (a base
// name: its extension gives the format). Every member is read and checked;
// nothing is written anywhere. r must stay readable and unchanged until the
// Sdist is no longer used.
func New(r io.ReaderAt, size int64, filename string, opts *Options) (*Sdist, error) {
	s := &Sdist{Filename: filename, r: r, size: size, opts: opts.withDefaults(), byPath: map[string]int{}}
	stem, err := s.parseFilename()
	if err != nil {
		return nil, err
	}
	if err := s.checkMagic(); err != nil {
		return nil, err
	}
	if s.Format == Zip {
		err = s.readZip()
	} else {
		s.small = map[string][]byte{}
		var d [32]byte
		d, err = s.scanTar(s.validateTar)
		s.digest = d
	}
	if err != nil {
		return nil, err
	}
	if s.Root == "" {
		return nil, s.errf("", ErrLayout, "the archive is empty", "an sdist holds one folder NAME-VERSION/ with the project in it", nil)
	}
	if err := s.checkTree(); err != nil {
		return nil, err
	}
	s.nameFromRoot(stem)
	for _, f := range []struct {
		name string
		has  *bool
	}{{"PKG-INFO", &s.HasPKGINFO}, {"pyproject.toml", &s.HasPyproject}, {"setup.py", &s.HasSetupPy}, {"setup.cfg", &s.HasSetupCfg}} {
		if i, ok := s.byPath[f.name]; ok && s.entries[i].Type != Dir {
			*f.has = true
		}
	}
	return s, nil
}

// parseFilename sets Format, and Name and Version when the name parses;
// it returns the name without its extension.
func (s *Sdist) parseFilename() (string, error) {
	fn := s.Filename
	if fn == "" || strings.ContainsAny(fn, "/\\") {
		return "", s.errf("", ErrFilename, "a file name, not a path, is expected", "", nil)
	}
	lower := strings.ToLower(fn)
	var ext string
	for _, c := range []struct {
		ext string
		f   Format
	}{{".tar.gz", TarGz}, {".tgz", TarGz}, {".tar.bz2", TarBz2}, {".tar", Tar}, {".zip", Zip}} {
		if strings.HasSuffix(lower, c.ext) {
			ext, s.Format = c.ext, c.f
			break
		}
	}
	if ext == "" {
		hint := "an sdist is a .tar.gz (or a legacy .zip, .tgz, .tar.bz2 or .tar)"
		for _, x := range []string{".tar.xz", ".txz", ".tar.zst", ".tar.lz", ".tar.z", ".tar.lzma"} {
			if strings.HasSuffix(lower, x) {
				hint = "this compression is not supported (fwenv reads gzip, bzip2 and zip); repack the sdist as .tar.gz"
			}
		}
		return "", s.errf("", ErrFilename, "not a source distribution file name", hint, nil)
	}
	stem := fn[:len(fn)-len(ext)]
	if sd, err := wheelname.ParseSdist(stem + ".tar.gz"); err == nil {
		s.Name, s.Version = sd.Name, sd.Version
	} else {
		s.Warnings = append(s.Warnings, fmt.Sprintf("the file name is not NAME-VERSION%s; the name and version are taken from the top-level folder", ext))
	}
	return stem, nil
}

// checkMagic compares the first bytes with the format the name promises.
func (s *Sdist) checkMagic() error {
	head := make([]byte, 512)
	n, err := s.r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return s.errf("", ErrFormat, "cannot read the file", "", err)
	}
	head = head[:n]
	var found Format
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		found = TarGz
	case bytes.HasPrefix(head, []byte("BZh")):
		found = TarBz2
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		found = Zip
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return s.errf("", ErrFormat, "the file is xz-compressed", "fwenv reads gzip, bzip2 and zip; repack the sdist as .tar.gz", nil)
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return s.errf("", ErrFormat, "the file is zstd-compressed", "fwenv reads gzip, bzip2 and zip; repack the sdist as .tar.gz", nil)
	default:
		found = Tar // judged by the tar reader
	}
	if found != s.Format {
		return s.errf("", ErrFormat, fmt.Sprintf("the file's name says %s but its content is %s", s.Format, describe(found)),
			"rename the file after what it holds, or rebuild it", nil)
	}
	return nil
}

func describe(f Format) string {
	switch f {
	case TarGz:
		return "gzip-compressed"
	case TarBz2:
		return "bzip2-compressed"
	case Zip:
		return "a zip archive"
	}
	return "neither gzip, bzip2 nor zip"
}

// nameFromRoot fills Name and Version from the top-level folder when the
// filename did not give them, and warns when the two disagree.
func (s *Sdist) nameFromRoot(stem string) {
	i := strings.LastIndexByte(s.Root, '-')
	if i <= 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf("the top-level folder %q is not NAME-VERSION", s.Root))
		return
	}
	name, version := s.Root[:i], s.Root[i+1:]
	if s.Name == "" {
		s.Name, s.Version = name, version
		return
	}
	if !wheelname.SameName(name, s.Name) || !s.opts.SameVersion(version, s.Version) {
		s.Warnings = append(s.Warnings, fmt.Sprintf("the top-level folder %q does not match the file name %q", s.Root, stem))
	}
}

// ReadFile returns the content of a file of the sdist by its Path below the
// top-level folder ("PKG-INFO", "src/demo/__init__.py"); a link gives its
// target's content. Capped by Options.MaxMetadataSize. A missing file is an
// error matching fs.ErrNotExist.
func (s *Sdist) ReadFile(path string) ([]byte, error) {
	i, ok := s.byPath[path]
	if !ok || s.entries[i].Type == Dir {
		return nil, s.errf(s.Root+"/"+path, ErrMissing, "", "", fs.ErrNotExist)
	}
	if t := s.entries[i].Type; t == Symlink || t == Hardlink {
		i = s.entries[i].target
	}
	e := &s.entries[i]
	if e.Size > s.opts.MaxMetadataSize {
		return nil, s.errf(e.Name, ErrTooLarge, fmt.Sprintf("%d bytes, over the limit of %d for files read into memory", e.Size, s.opts.MaxMetadataSize), "", nil)
	}
	if data, ok := s.small[e.Path]; ok {
		return bytes.Clone(data), nil
	}
	if e.zf != nil {
		rc, err := e.zf.Open()
		if err != nil {
			return nil, s.errf(e.Name, ErrFormat, "cannot read the member", "", err)
		}
		defer rc.Close()
		return s.readExact(e, rc)
	}
	var out []byte
	k := 0
	_, err := s.scanTar(func(hdr *headerInfo, r io.Reader) error {
		if hdr.skip {
			return nil
		}
		if k == i {
			if hdr.Name != e.Name || hdr.Size != e.Size {
				return s.errf(hdr.Name, ErrChanged, "the archive changed after it was validated", "", nil)
			}
			data, err := s.readExact(e, r)
			out = data
			if err != nil {
				return err
			}
			return errStop
		}
		k++
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readExact reads e's content, which must be e.Size bytes.
func (s *Sdist) readExact(e *entry, r io.Reader) ([]byte, error) {
	buf := make([]byte, e.Size)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, s.readErr(e.Name, err)
	}
	if n, _ := r.Read(make([]byte, 1)); n != 0 {
		return nil, s.errf(e.Name, ErrFormat, "member is longer than its header says", "", nil)
	}
	return buf, nil
}

// PKGINFO parses the top-level PKG-INFO (core metadata) and checks its Name
// and Version against the sdist's. Without PKG-INFO it returns an *Error
// matching both ErrMetadata and fs.ErrNotExist.
func (s *Sdist) PKGINFO() (*metadata.Metadata, error) {
	if !s.HasPKGINFO {
		return nil, s.errf("", ErrMetadata, fmt.Sprintf("no %s/PKG-INFO", s.Root), "the sdist was not made by a standard build backend; its metadata come from building it", fs.ErrNotExist)
	}
	data, err := s.ReadFile("PKG-INFO")
	if err != nil {
		return nil, err
	}
	member := s.Root + "/PKG-INFO"
	md, err := metadata.Parse(data)
	if err != nil {
		reason, hint, _ := strings.Cut(err.Error(), "\nhint: ")
		return nil, &Error{File: s.Filename, Member: member, Kind: ErrMetadata, Reason: reason, Hint: hint, Err: err}
	}
	if s.Name != "" && !wheelname.SameName(md.Name, s.Name) {
		return nil, s.errf(member, ErrMetadata, fmt.Sprintf("Name %q does not match the sdist's %q", md.Name, s.Name), "the sdist was renamed or built wrongly", nil)
	}
	if s.Version != "" && !s.opts.SameVersion(md.Version, s.Version) {
		return nil, s.errf(member, ErrMetadata, fmt.Sprintf("Version %q does not match the sdist's %q", md.Version, s.Version), "the sdist was renamed or built wrongly", nil)
	}
	return md, nil
}

var errStop = errors.New("stop")
