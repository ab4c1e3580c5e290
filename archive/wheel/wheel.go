package wheel

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
)

// Wheel is an opened and fully validated wheel.
type Wheel struct {
	Filename    string          // base name of the file
	Name        wheelname.Wheel // the parsed filename
	DistInfo    string          // "pip-23.2.1.dist-info"
	DataDir     string          // "pip-23.2.1.data" (may be absent from the archive)
	Info        Info            // the WHEEL file
	Metadata    *metadata.Metadata
	Record      []record.Entry
	EntryPoints []entrypoints.EntryPoint // nil without entry_points.txt
	// Warnings are doubts that did not stop validation (a newer
	// Wheel-Version minor, WHEEL tags that differ from the filename's...).
	Warnings []string

	files  []File
	opts   Options
	closer io.Closer
}

// Files returns the wheel's files in archive order, folders and RECORD left
// out (an installer writes its own RECORD).
func (w *Wheel) Files() []File { return w.files }

// ReadDistInfo returns a file of the .dist-info folder, e.g. "METADATA"
// (verified against RECORD like every member; capped by MaxMetadataSize).
func (w *Wheel) ReadDistInfo(name string) ([]byte, error) {
	for _, f := range w.files {
		if f.DistInfo && f.Name == w.DistInfo+"/"+name {
			if f.Size > w.opts.MaxMetadataSize {
				return nil, w.errf(f.Name, ErrTooLarge, fmt.Sprintf("%d bytes, over the limit of %s for %s", f.Size, bounded.Size(w.opts.MaxMetadataSize), name), "", nil)
			}
			return w.readSmall(f.zf, f.Size, f.Hash)
		}
	}
	return nil, fs.ErrNotExist
}

// Close releases the file opened by Open (nothing for New).
func (w *Wheel) Close() error {
	if w.closer != nil {
		return w.closer.Close()
	}
	return nil
}

func (w *Wheel) errf(member string, kind error, reason, hint string, err error) *Error {
	return &Error{File: w.Filename, Member: member, Kind: kind, Reason: reason, Hint: hint, Err: err}
}

// wrap makes an Error from another package's error, its text as the reason
// and its "hint:" line as the hint.
func (w *Wheel) wrap(member string, kind error, err error) *Error {
	reason, hint, _ := strings.Cut(err.Error(), "\nhint: ")
	return &Error{File: w.Filename, Member: member, Kind: kind, Reason: reason, Hint: hint, Err: err, errInReason: true}
}

// Open opens and validates the wheel at path; Close it when done.
func Open(path string, opts *Options) (*Wheel, error) {
	f, size, err := bounded.OpenRegular(path)
	if nr := (*bounded.NotRegularError)(nil); errors.As(err, &nr) {
		return nil, &Error{File: filepath.Base(path), Kind: ErrZip, Reason: "not a regular file"}
	}
	if err != nil {
		return nil, err
	}
	w, err := New(f, size, filepath.Base(path), opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	w.closer = f
	return w, nil
}

// signatures are RECORD's own signature files, which RECORD cannot hash.
var signatures = map[string]bool{"RECORD.jws": true, "RECORD.p7s": true}

// New validates the wheel read from r (size bytes) named filename (a base
// name; it must be a valid wheel filename). Nothing is written anywhere.
func New(r io.ReaderAt, size int64, filename string, opts *Options) (*Wheel, error) {
	w := &Wheel{Filename: filename, opts: opts.withDefaults()}
	o := &w.opts
	wn, err := wheelname.ParseWheel(filename)
	if err != nil {
		return nil, w.wrap("", ErrFilename, err)
	}
	w.Name = wn

	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, w.errf("", ErrZip, "not a readable zip archive", "", err)
	}
	if len(zr.File) > o.MaxFiles {
		return nil, w.errf("", ErrTooLarge, fmt.Sprintf("%d members, more than the limit of %d", len(zr.File), o.MaxFiles),
			"raise the member limit if the wheel is trusted", nil)
	}
	offsets, err := headerOffsets(r, size)
	if err != nil {
		return nil, w.errf("", ErrZip, "unreadable central directory", "", err)
	}
	if len(offsets) != len(zr.File) {
		return nil, w.errf("", ErrZip, fmt.Sprintf("central directory lists %d members, the zip reader found %d", len(offsets), len(zr.File)), "", nil)
	}

	// 1. every member on its own, and against the others
	byName := make(map[string]*zip.File, len(zr.File))
	byFold := make(map[string]string, len(zr.File))
	isFile := make(map[string]bool, len(zr.File))
	var total, compressed uint64
	for i, zf := range zr.File {
		name := zf.Name
		dir, reason, hint := checkName(name)
		if reason != "" {
			return nil, w.errf(name, ErrUnsafePath, reason, hint, nil)
		}
		if zf.Flags&0x1 != 0 {
			return nil, w.errf(name, ErrZip, "member is encrypted", "", nil)
		}
		if zf.Method != zip.Store && zf.Method != zip.Deflate {
			return nil, w.errf(name, ErrZip, fmt.Sprintf("compression method %d is not supported (only stored and deflate)", zf.Method),
				"rebuild the wheel with a standard tool", nil)
		}
		if reason := checkLocalHeader(r, offsets[i], zf); reason != "" {
			return nil, w.errf(name, ErrZip, reason, "the archive was tampered with or is corrupt", nil)
		}
		mode := zf.Mode()
		unixType := (zf.ExternalAttrs >> 16) & 0o170000
		switch {
		case mode&fs.ModeSymlink != 0 || unixType == 0o120000:
			return nil, w.errf(name, ErrLink, "symbolic links are not allowed in wheels", "", nil)
		case dir:
			if zf.UncompressedSize64 != 0 {
				return nil, w.errf(name, ErrNotRegular, "folder entry with content", "", nil)
			}
		case mode.IsDir() || unixType == 0o040000:
			return nil, w.errf(name, ErrNotRegular, "folder entry whose name does not end with '/'", "", nil)
		case mode.Type() != 0 || unixType != 0 && unixType != 0o100000:
			return nil, w.errf(name, ErrNotRegular, fmt.Sprintf("member of type %v (device, FIFO, socket...)", mode.Type()), "", nil)
		}
		if _, dup := byName[name]; dup {
			return nil, w.errf(name, ErrDuplicate, "appears twice in the archive", "", nil)
		}
		byName[name] = zf
		key := foldKey(strings.TrimSuffix(name, "/"))
		if other, dup := byFold[key]; dup && strings.TrimSuffix(other, "/") == strings.TrimSuffix(name, "/") {
			return nil, w.errf(name, ErrDuplicate, fmt.Sprintf("%q is in the archive both as a file and as a folder", strings.TrimSuffix(name, "/")), "", nil)
		} else if dup {
			return nil, w.errf(name, ErrCaseCollision, fmt.Sprintf("differs from %q only by case; on a case-insensitive file system one would overwrite the other", other), "", nil)
		}
		byFold[key] = name
		if dir {
			continue
		}
		isFile[key] = true
		us, cs := zf.UncompressedSize64, zf.CompressedSize64
		if us > uint64(o.MaxFileSize) {
			return nil, w.errf(name, ErrTooLarge, fmt.Sprintf("uncompressed size %d is over the per-file limit of %d bytes", us, o.MaxFileSize),
				"raise the per-file limit if the wheel is trusted", nil)
		}
		total += us
		compressed += cs
		if total > uint64(o.MaxTotalSize) {
			return nil, w.errf(name, ErrTooLarge, fmt.Sprintf("the members so far unpack to more than the limit of %d bytes", o.MaxTotalSize),
				"raise the total size limit if the wheel is trusted", nil)
		}
		if us > uint64(o.RatioMinSize) && (cs == 0 || us/cs >= uint64(o.MaxRatio)) {
			return nil, w.errf(name, ErrRatio, fmt.Sprintf("compressed %d bytes would expand to %d (ratio over %d)", cs, us, o.MaxRatio),
				"this looks like a zip bomb; raise the ratio limit only if the wheel is trusted", nil)
		}
	}
	if compressed > uint64(size) {
		return nil, w.errf("", ErrZip, "members claim more compressed data than the archive holds (overlapping members)", "this looks like a zip bomb", nil)
	}
	// a name that is a file must not also be a folder of another member, and
	// a folder must be spelt the same way (case included) by every member
	folders := map[string]string{}
	for _, zf := range zr.File {
		name := strings.TrimSuffix(zf.Name, "/")
		ends := []int{}
		for i := strings.IndexByte(name, '/'); i >= 0; i = nextSlash(name, i) {
			ends = append(ends, i)
		}
		if strings.HasSuffix(zf.Name, "/") {
			ends = append(ends, len(name)) // a folder entry names a folder too
		}
		for _, i := range ends {
			key := foldKey(name[:i])
			if isFile[key] {
				return nil, w.errf(zf.Name, ErrDuplicate, fmt.Sprintf("lies inside %q, which is a file", byFold[key]), "", nil)
			}
			if spelt, ok := folders[key]; ok && spelt != name[:i] {
				return nil, w.errf(zf.Name, ErrCaseCollision, fmt.Sprintf("folder %q differs from %q only by case; a case-insensitive file system would merge them", name[:i], spelt), "", nil)
			} else if !ok {
				folders[key] = name[:i]
			}
		}
	}

	// 2. the .dist-info folder
	if err := w.findDistInfo(zr); err != nil {
		return nil, err
	}
	read := func(base string, required bool) ([]byte, error) {
		zf := byName[w.DistInfo+"/"+base]
		if zf == nil {
			if required {
				return nil, w.errf("", ErrDistInfo, fmt.Sprintf("%s/%s is missing", w.DistInfo, base), "", nil)
			}
			return nil, nil
		}
		limit := o.MaxMetadataSize
		if base == "RECORD" {
			limit = o.MaxRecordSize
		}
		if zf.UncompressedSize64 > uint64(limit) {
			return nil, w.errf(zf.Name, ErrTooLarge, fmt.Sprintf("%d bytes, over the limit of %s for %s", zf.UncompressedSize64, bounded.Size(limit), base), "", nil)
		}
		return w.readSmall(zf, int64(zf.UncompressedSize64), record.Hash{})
	}
	wheelData, err := read("WHEEL", true)
	if err != nil {
		return nil, err
	}
	info, warns, err := ParseInfo(wheelData)
	if err != nil {
		kind := ErrWheelFile
		hint := ""
		if errors.Is(err, ErrWheelVersion) {
			kind, hint = ErrWheelVersion, "this wheel needs a newer installer"
		}
		return nil, w.errf(w.DistInfo+"/WHEEL", kind, strings.TrimPrefix(strings.TrimPrefix(err.Error(), kind.Error()), ": "), hint, nil)
	}
	w.Info = info
	w.Warnings = append(w.Warnings, warns...)
	if len(info.Tags) > 0 && !sameTags(info.Tags, wn) {
		w.Warnings = append(w.Warnings, fmt.Sprintf("the WHEEL file's tags differ from the filename's (%s); the filename's are used", wn.TagString()))
	}

	metaData, err := read("METADATA", true)
	if err != nil {
		return nil, err
	}
	md, err := metadata.Parse(metaData)
	if err != nil {
		return nil, w.wrap(w.DistInfo+"/METADATA", ErrMetadata, err)
	}
	if !wheelname.SameName(md.Name, wn.Name) {
		return nil, w.errf(w.DistInfo+"/METADATA", ErrMetadata, fmt.Sprintf("Name %q does not match the filename's %q", md.Name, wn.Name), "", nil)
	}
	if !o.SameVersion(md.Version, wn.Version) {
		return nil, w.errf(w.DistInfo+"/METADATA", ErrMetadata, fmt.Sprintf("Version %q does not match the filename's %q", md.Version, wn.Version), "", nil)
	}
	w.Metadata = md
	for _, m := range md.Warnings {
		w.Warnings = append(w.Warnings, "METADATA: "+m)
	}

	// 3. RECORD against the members
	recordName := w.DistInfo + "/RECORD"
	recData, err := read("RECORD", true)
	if err != nil {
		return nil, err
	}
	entries, err := record.Parse(recData)
	if err != nil {
		return nil, w.wrap(recordName, ErrRecord, err)
	}
	w.Record = entries
	listed := make(map[string]record.Entry, len(entries))
	for _, e := range entries {
		if _, reason, hint := checkName(e.Path); reason != "" {
			return nil, w.errf(recordName, ErrUnsafePath, fmt.Sprintf("lists %q: %s", e.Path, reason), hint, nil)
		}
		if byName[e.Path] == nil {
			return nil, w.errf(recordName, ErrRecord, fmt.Sprintf("lists %q, which is not in the wheel", e.Path), "", nil)
		}
		listed[e.Path] = e
	}

	// 4. schemes, scripts and entry points
	root := Platlib
	if info.RootIsPurelib {
		root = Purelib
	}
	dest := make(map[string]string, len(zr.File))
	for _, zf := range zr.File {
		name := zf.Name
		if strings.HasSuffix(name, "/") {
			continue
		}
		f := File{Name: name, Size: int64(zf.UncompressedSize64), Mode: zf.Mode().Perm(), wheel: w, zf: zf}
		top, rest, _ := strings.Cut(name, "/")
		switch {
		case top == w.DistInfo:
			f.DistInfo, f.Scheme, f.Path = true, root, name
		case top == w.DataDir:
			s, sub, _ := strings.Cut(rest, "/")
			scheme, ok := schemes[s]
			if !ok || sub == "" {
				return nil, w.errf(name, ErrDataScheme, fmt.Sprintf("%s/%s is not one of the .data schemes", w.DataDir, s),
					"files under .data/ go in purelib/, platlib/, scripts/, headers/ or data/", nil)
			}
			if scheme == Scripts {
				if err := entrypoints.CheckScriptName(sub, md.Name); err != nil {
					e := w.wrap(name, ErrScriptName, err)
					e.Hint = "scripts go directly in the environment's bin/ folder and cannot replace its own files"
					return nil, e
				}
			}
			f.Scheme, f.Path = scheme, sub
		case strings.HasSuffix(strings.ToLower(top), ".data") && rest != "":
			return nil, w.errf(name, ErrDataScheme, fmt.Sprintf("%q is not this wheel's data folder %q", top, w.DataDir), "", nil)
		default:
			f.Scheme, f.Path = root, name
		}
		// purelib and platlib are one folder in a virtual environment
		ns := string(f.Scheme)
		if f.Scheme == Platlib {
			ns = string(Purelib)
		}
		key := ns + "/" + foldKey(f.Path)
		if other, dup := dest[key]; dup {
			return nil, w.errf(name, ErrDuplicate, fmt.Sprintf("installs to the same place as %q (%s/%s)", other, f.Scheme, f.Path), "", nil)
		}
		dest[key] = name
		if name == recordName {
			continue
		}
		e, ok := listed[name]
		if signatures[strings.TrimPrefix(name, w.DistInfo+"/")] && top == w.DistInfo {
			// signatures cannot be hashed in the file they sign
		} else if !ok {
			return nil, w.errf(name, ErrNotInRecord, "not listed in RECORD", "every file of a wheel must be listed in its RECORD with a hash; the wheel was built or modified incorrectly", nil)
		} else if e.Hash.IsZero() {
			return nil, w.errf(name, ErrNotInRecord, "listed in RECORD without a hash", "", nil)
		} else {
			f.Hash = e.Hash
			if e.Size >= 0 && e.Size != f.Size {
				return nil, w.errf(name, ErrHashMismatch, fmt.Sprintf("size is %d bytes, RECORD says %d", f.Size, e.Size), "", nil)
			}
		}
		w.files = append(w.files, f)
	}

	epData, err := read("entry_points.txt", false)
	if err != nil {
		return nil, err
	}
	if epData != nil {
		eps, err := entrypoints.Parse(epData)
		if err != nil {
			return nil, w.wrap(w.DistInfo+"/entry_points.txt", ErrEntryPoints, err)
		}
		for _, ep := range entrypoints.Scripts(eps) {
			if err := entrypoints.CheckScriptName(ep.Name, md.Name); err != nil {
				e := w.wrap(w.DistInfo+"/entry_points.txt", ErrScriptName, err)
				e.Reason = fmt.Sprintf("line %d: [%s] %s", ep.Line, ep.Group, e.Reason)
				return nil, e
			}
		}
		w.EntryPoints = eps
	}

	// 5. hash and size of every member, decompressed for real
	if !o.DeferContentCheck {
		if err := w.verifyAll(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func nextSlash(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// findDistInfo locates the one NAME-VERSION.dist-info folder and checks it
// against the filename.
func (w *Wheel) findDistInfo(zr *zip.Reader) error {
	found := map[string]bool{}
	var list []string
	for _, zf := range zr.File {
		top, _, _ := strings.Cut(zf.Name, "/")
		if strings.HasSuffix(top, ".dist-info") && !found[top] && top != zf.Name {
			found[top] = true
			list = append(list, top)
		}
	}
	switch len(list) {
	case 0:
		return w.errf("", ErrDistInfo, "no .dist-info folder", "a wheel holds its metadata in NAME-VERSION.dist-info/", nil)
	case 1:
	default:
		sort.Strings(list)
		return w.errf("", ErrDistInfo, fmt.Sprintf("several .dist-info folders: %s", strings.Join(list, ", ")), "", nil)
	}
	di := list[0]
	stem := strings.TrimSuffix(di, ".dist-info")
	i := strings.LastIndexByte(stem, '-')
	if i <= 0 {
		return w.errf(di+"/", ErrDistInfo, "folder name is not NAME-VERSION.dist-info", "", nil)
	}
	name, version := stem[:i], stem[i+1:]
	if !wheelname.SameName(name, w.Name.Name) || !w.opts.SameVersion(version, w.Name.Version) {
		return w.errf(di+"/", ErrDistInfo, fmt.Sprintf("folder is for %s %s, the filename for %s %s", name, version, w.Name.Name, w.Name.Version),
			"the wheel was renamed or built wrongly", nil)
	}
	w.DistInfo = di
	w.DataDir = stem + ".data"
	return nil
}

func sameTags(ts []tags.Tag, wn wheelname.Wheel) bool {
	want := map[tags.Tag]bool{}
	for _, t := range wn.Tags() {
		want[t] = true
	}
	have := map[tags.Tag]bool{}
	for _, t := range ts {
		have[t] = true
	}
	if len(want) != len(have) {
		return false
	}
	for t := range want {
		if !have[t] {
			return false
		}
	}
	return true
}

// readSmall reads a member fully (metadata files; size already capped).
func (w *Wheel) readSmall(zf *zip.File, size int64, h record.Hash) ([]byte, error) {
	rc, err := w.openMember(zf, size, h)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, 0, size)
	buf, err = readAll(rc, buf)
	if err != nil {
		return nil, err
	}
	return buf, nil
}

func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// verifyAll decompresses every file once, on several cores, checking sizes
// and hashes; the first failure in archive order is reported.
func (w *Wheel) verifyAll() error {
	errs := make([]error, len(w.files))
	workers := min(runtime.GOMAXPROCS(0), len(w.files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			for i := range next {
				errs[i] = w.verifyOne(w.files[i], buf)
			}
		}()
	}
	for i := range w.files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *Wheel) verifyOne(f File, buf []byte) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.CopyBuffer(io.Discard, struct{ io.Reader }{rc}, buf)
	return err
}
