package site

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/rawio"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// DB is a snapshot of an environment's installed distributions.
type DB struct {
	Layout Layout
	// Problems lists what was found but not usable: metadata folders that
	// could not be read, and distributions shadowed by an earlier one of the
	// same name (as pip and importlib.metadata, the first one found wins).
	Problems []error

	dists []*Dist
	byKey map[string]*Dist

	ownersOnce sync.Once
	owners     map[string][]*Dist
}

// Dist is one installed distribution.
type Dist struct {
	Name, Key, Version string             // Name as in METADATA; Key normalised (PEP 503)
	Dir                string             // absolute path of the .dist-info / .egg-info folder (or file)
	Legacy             bool               // egg-info: read-only
	Metadata           *metadata.Metadata // header fields only; see FullMetadata
	Installer          string             // INSTALLER, trimmed
	Requested          bool               // REQUESTED exists
	DirectURL          *DirectURL         // direct_url.json (PEP 610), nil if absent or invalid
	EntryPoints        []entrypoints.EntryPoint
	// Damaged lists the distribution's metadata files fwenv refused to read
	// (not a regular file, larger than its cap) or could not read, and an
	// entry_points.txt the environment's importlib.metadata raises on (see
	// epfile.go), each naming the file. Check reports each as a problem.
	Damaged []string
	// EntryPointsError is set (also in Damaged) when entry_points.txt could
	// not be used: refused, unreadable, or raised on by importlib.metadata.
	EntryPointsError string
	// Warnings lists what was wrong but not fatal (an invalid
	// direct_url.json, an entry_points.txt importlib.metadata reads but the
	// entry points specification does not allow).
	Warnings []string

	db        *DB
	filesOnce sync.Once
	files     []File
	filesErr  error
}

// Open reads the distributions installed in purelib and platlib (once when
// they are the same folder; relative layout paths are made absolute): every *.dist-info folder, and every *.egg-info
// folder or file (read-only). A missing site-packages folder is an empty
// environment, not an error.
func Open(l Layout) (*DB, error) { return OpenWith(l, OpenOptions{}) }

// OpenOptions chooses how much Open reads.
type OpenOptions struct {
	// EntryPointsOnly reads only what listing entry points needs, for
	// speed in big environments: each distribution's name and version from
	// the header of METADATA, and entry_points.txt. Dist.Metadata then holds
	// only Name, Version and MetadataVersion; Installer, Requested and
	// DirectURL are not read. Egg-info is read in full.
	EntryPointsOnly bool
}

// OpenWith is Open with options.
func OpenWith(l Layout, o OpenOptions) (*DB, error) {
	for _, p := range []*string{&l.Root, &l.Purelib, &l.Platlib, &l.Scripts, &l.Data, &l.Headers} {
		if *p != "" {
			if abs, err := filepath.Abs(*p); err == nil {
				*p = abs
			}
		}
	}
	if l.Root == "" {
		return nil, newError("", l.Purelib, "pass the environment's layout (site.LayoutFor)", "no environment root given")
	}
	db := &DB{Layout: l, byKey: map[string]*Dist{}}
	pyVersion := l.pythonVersion()
	dirs := []string{l.Purelib}
	if l.Platlib != "" && !sameDir(l.Platlib, l.Purelib) {
		dirs = append(dirs, l.Platlib)
	}
	type cand struct {
		path   string
		legacy bool
		isDir  bool
	}
	var cands []cand
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, newError("", dir, "check the environment's path and permissions", "cannot read site-packages: %v", err)
		}
		var infos, eggs []cand
		for _, e := range entries {
			name := e.Name()
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
					isDir = st.IsDir()
				}
			}
			switch {
			case strings.HasSuffix(name, ".dist-info") && isDir:
				infos = append(infos, cand{filepath.Join(dir, name), false, true})
			case strings.HasSuffix(name, ".egg-info"):
				eggs = append(eggs, cand{filepath.Join(dir, name), true, isDir})
			}
		}
		cands = append(cands, infos...)
		cands = append(cands, eggs...)
	}

	results := make([]*Dist, len(cands))
	errs := make([]error, len(cands))
	read := func(i int) {
		c := cands[i]
		if c.legacy {
			results[i], errs[i] = readEggInfo(c.path, c.isDir, pyVersion)
		} else {
			results[i], errs[i] = readDistInfo(c.path, o.EntryPointsOnly, pyVersion)
		}
	}
	// A few workers, each taking the next folder: goroutines per folder
	// cost more in scheduling than they save on small machines.
	workers := min(runtime.GOMAXPROCS(0), 4, (len(cands)+31)/32)
	if workers <= 1 {
		for i := range cands {
			read(i)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1) - 1); i < len(cands); i = int(next.Add(1) - 1) {
					read(i)
				}
			}()
		}
		wg.Wait()
	}

	for i, d := range results {
		if errs[i] != nil {
			db.Problems = append(db.Problems, errs[i])
			continue
		}
		if prev := db.byKey[d.Key]; prev != nil {
			db.Problems = append(db.Problems, newError(d.Name, d.Dir,
				"the first one found is used, as in pip; if the other one was left by an interrupted install or upgrade, remove it",
				"version %s is shadowed by %s %s (%s)", d.Version, prev.Name, prev.Version, prev.Dir))
			continue
		}
		d.db = db
		db.byKey[d.Key] = d
		db.dists = append(db.dists, d)
	}
	sort.Slice(db.dists, func(i, j int) bool { return db.dists[i].Key < db.dists[j].Key })
	return db, nil
}

// Dists returns the installed distributions sorted by Key.
func (db *DB) Dists() []*Dist { return db.dists }

// Get finds a distribution by any spelling of its name (PEP 503), nil if
// it is not installed.
func (db *DB) Get(name string) *Dist { return db.byKey[wheelname.Normalize(name)] }

// Owners returns every distribution whose RECORD (or installed-files.txt)
// lists the file at absPath, sorted by Key. Distributions whose file list
// cannot be read are left out.
func (db *DB) Owners(absPath string) []*Dist {
	db.ownersOnce.Do(db.buildOwners)
	return db.owners[filepath.Clean(absPath)]
}

func (db *DB) buildOwners() {
	db.owners = map[string][]*Dist{}
	var wg sync.WaitGroup
	for _, d := range db.dists {
		wg.Add(1)
		go func() { defer wg.Done(); d.Files() }()
	}
	wg.Wait()
	for _, d := range db.dists { // sorted by Key, so each owner list is too
		files, err := d.Files()
		if err != nil {
			continue
		}
		for _, f := range files {
			if f.Abs != "" {
				db.owners[f.Abs] = append(db.owners[f.Abs], d)
			}
		}
	}
}

// Location is the folder holding the metadata folder (site-packages).
func (d *Dist) Location() string { return filepath.Dir(d.Dir) }

// Editable returns the source folder of an editable install (direct_url.json
// with dir_info.editable and a file: URL).
func (d *Dist) Editable() (string, bool) { return d.DirectURL.Editable() }

// InstalledFromGit reports whether d was installed, not editable, from the
// git repository repo (without credentials, as direct_url.json records it)
// at commit, from its folder subdir ("" for the repository's root).
func (d *Dist) InstalledFromGit(repo, subdir, commit string) bool {
	du := d.DirectURL
	if du == nil || du.VCSInfo == nil || du.VCSInfo.VCS != "git" || du.VCSInfo.CommitID != commit {
		return false
	}
	if _, editable := d.Editable(); editable {
		return false
	}
	return strings.TrimPrefix(du.URL, "git+") == repo && du.Subdirectory == subdir
}

// String is "name version".
func (d *Dist) String() string { return d.Name + " " + d.Version }

func readDistInfo(dir string, light bool, pyVersion string) (*Dist, error) {
	m := openMetaDir(dir)
	defer m.close()
	data, err := m.read("METADATA", bounded.Metadata)
	if err != nil {
		if refused(err) {
			return nil, newError("", m.path("METADATA"), "the distribution is damaged; remove the folder "+dir+" or reinstall the distribution (fwenv lists the others)",
				"%s", strings.TrimPrefix(readProblem(m.path("METADATA"), err), m.path("METADATA")+" "))
		}
		return nil, newError("", dir, "the folder is probably left over from an interrupted install; remove it or reinstall the distribution",
			"cannot read METADATA: %v", unwrapPath(err))
	}
	if light {
		if md := nameVersion(headerBlock(data)); md != nil {
			d := &Dist{Name: md.Name, Key: wheelname.Normalize(md.Name), Version: md.Version, Dir: dir, Metadata: md}
			d.readEntryPoints(m, "entry_points.txt", pyVersion)
			return d, nil
		}
		// Anything unusual: the full parser says what is wrong.
	}
	md, err := metadata.Parse(headerBlock(data))
	if err != nil {
		return nil, newError("", m.path("METADATA"), "reinstall the distribution", "%v", err)
	}
	d := &Dist{Name: md.Name, Key: wheelname.Normalize(md.Name), Version: md.Version, Dir: dir, Metadata: md}
	if b, ok := d.readOptional(m, "INSTALLER", bounded.Metadata); ok {
		d.Installer = strings.TrimSpace(string(b))
	}
	d.Requested = m.exists("REQUESTED")
	if b, ok := d.readOptional(m, "direct_url.json", bounded.Metadata); ok {
		if du, err := ParseDirectURL(b); err == nil {
			d.DirectURL = du
		} else {
			d.Warnings = append(d.Warnings, m.path("direct_url.json")+": "+strings.TrimPrefix(err.Error(), "direct_url.json: "))
		}
	}
	d.readEntryPoints(m, "entry_points.txt", pyVersion)
	return d, nil
}

// readOptional reads a metadata file that may be absent: a missing file is
// nothing; a refused or unreadable one is recorded in d.Damaged.
func (d *Dist) readOptional(m metaDir, name string, limit int64) ([]byte, bool) {
	b, err := m.read(name, limit)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			d.Damaged = append(d.Damaged, readProblem(m.path(name), err))
		}
		return nil, false
	}
	return b, true
}

// nameVersion scans a header block for Metadata-Version, Name and Version
// only; nil when one is missing, given twice, folded, or the name is
// invalid.
func nameVersion(h []byte) *metadata.Metadata {
	md := &metadata.Metadata{}
	for len(h) > 0 {
		line := h
		if i := bytes.IndexByte(h, '\n'); i >= 0 {
			line, h = h[:i], h[i+1:]
		} else {
			h = nil
		}
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			continue // a continuation line of a field not read here
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		var dst *string
		switch {
		case asciiEqualFold(name, "name"):
			dst = &md.Name
		case asciiEqualFold(name, "version"):
			dst = &md.Version
		case asciiEqualFold(name, "metadata-version"):
			dst = &md.MetadataVersion
		default:
			continue
		}
		if *dst != "" {
			return nil
		}
		*dst = string(bytes.TrimSpace(value))
		if len(h) > 0 && (h[0] == ' ' || h[0] == '\t') {
			return nil // a folded name or version: leave it to the parser
		}
	}
	if md.Name == "" || md.Version == "" || md.MetadataVersion == "" || !wheelname.ValidName(md.Name) {
		return nil
	}
	return md
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// headerBlock cuts core metadata after its header block: the body (the
// long description of metadata 2.1+) is most of the bytes of most
// METADATA files and nothing here needs it. FullMetadata reads it.
func headerBlock(data []byte) []byte {
	if i := bytes.Index(data, []byte("\n\n")); i >= 0 {
		return data[:i+1]
	}
	if i := bytes.Index(data, []byte("\r\n\r\n")); i >= 0 {
		return data[:i+2]
	}
	return data
}

// FullMetadata reads and parses the distribution's METADATA (PKG-INFO for
// egg-info) again, with the body: Dist.Metadata holds the header fields
// only, so its Description is empty when the description is in the body.
func (d *Dist) FullMetadata() (*metadata.Metadata, error) {
	p := filepath.Join(d.Dir, "METADATA")
	if d.Legacy {
		p = d.Dir
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			p = filepath.Join(p, "PKG-INFO")
		}
	}
	data, err := rawio.ReadFileLimit(p, bounded.Metadata)
	if err != nil {
		return nil, newError(d.Name, p, "reinstall the distribution", "%s", strings.TrimPrefix(readProblem(p, err), p+" "))
	}
	return metadata.Parse(data)
}

// readEntryPoints reads entry_points.txt as the environment's
// importlib.metadata does (epfile.go). A file it raises on, or one fwenv
// refuses to read, leaves the distribution without entry points and is
// recorded in d.Damaged; a file it reads but the specification does not
// allow is listed as read, with a warning.
// entryPointsFailure says who fails on a damaged entry_points.txt in an
// environment of Python pyVersion: importlib.metadata from 3.8 on; below,
// where frameworks read entry points with pkg_resources, fwenv applies the
// configparser rules, which are the stricter ones.
func entryPointsFailure(pyVersion string) string {
	if major, minor, ok := majorMinor(pyVersion); ok && (major < 3 || major == 3 && minor < 8) {
		return "Python " + pyVersion + " has no importlib.metadata: pkg_resources, which frameworks use there, refuses most such files, and fwenv checks them by the stricter configparser rules"
	}
	return "importlib.metadata.entry_points() fails while this file is installed"
}

func (d *Dist) readEntryPoints(m metaDir, name, pyVersion string) {
	path := m.path(name)
	b, ok := d.readOptional(m, name, bounded.Metadata)
	if !ok {
		if n := len(d.Damaged); n > 0 && strings.HasPrefix(d.Damaged[n-1], path) {
			d.EntryPointsError = d.Damaged[n-1]
		}
		return
	}
	eps, perr := readInstalledEntryPoints(b, pyVersion)
	if perr != nil {
		d.EntryPointsError = fmt.Sprintf("%s %v; %s", path, perr, entryPointsFailure(pyVersion))
		d.Damaged = append(d.Damaged, d.EntryPointsError)
		return
	}
	d.EntryPoints = eps
	if _, err := entrypoints.Parse(b); err != nil {
		var ee *entrypoints.Error
		if errors.As(err, &ee) {
			d.Warnings = append(d.Warnings, fmt.Sprintf("%s line %d: %s (importlib.metadata reads it; loading it may fail)", path, ee.Line, ee.Reason))
		} else {
			d.Warnings = append(d.Warnings, fmt.Sprintf("%s: %v", path, err))
		}
	}
}

func readEggInfo(path string, isDir bool, pyVersion string) (*Dist, error) {
	pkgInfo := path
	if isDir {
		pkgInfo = filepath.Join(path, "PKG-INFO")
	}
	data, err := rawio.ReadFileLimit(pkgInfo, bounded.Metadata)
	if err != nil {
		if refused(err) {
			return nil, newError("", pkgInfo, "the distribution is damaged; remove "+path+" or reinstall the distribution (fwenv lists the others)",
				"%s", strings.TrimPrefix(readProblem(pkgInfo, err), pkgInfo+" "))
		}
		return nil, newError("", path, "remove the stale .egg-info or reinstall the distribution", "cannot read PKG-INFO: %v", unwrapPath(err))
	}
	md, err := metadata.Parse(headerBlock(data))
	if err != nil {
		return nil, newError("", pkgInfo, "reinstall the distribution", "%v", err)
	}
	d := &Dist{Name: md.Name, Key: wheelname.Normalize(md.Name), Version: md.Version, Dir: path, Legacy: true, Metadata: md}
	if !isDir {
		return d, nil
	}
	m := metaDir{dir: path}
	if b, ok := d.readOptional(m, "INSTALLER", bounded.Metadata); ok {
		d.Installer = strings.TrimSpace(string(b))
	}
	if len(md.RequiresDist) == 0 {
		if b, ok := d.readOptional(m, "requires.txt", bounded.Metadata); ok {
			md.RequiresDist = requiresTxt(b)
		}
	}
	d.readEntryPoints(m, "entry_points.txt", pyVersion)
	return d, nil
}

// requiresTxt converts setuptools' requires.txt (sections "[extra]",
// "[:marker]" or "[extra:marker]") into Requires-Dist strings.
func requiresTxt(data []byte) []string {
	var out []string
	marker := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			sec := strings.TrimSpace(line[1 : len(line)-1])
			extra, cond, _ := strings.Cut(sec, ":")
			extra, cond = strings.TrimSpace(extra), strings.TrimSpace(cond)
			switch {
			case extra != "" && cond != "":
				marker = "(" + cond + `) and extra == "` + extra + `"`
			case extra != "":
				marker = `extra == "` + extra + `"`
			default:
				marker = cond
			}
			continue
		}
		if marker != "" {
			line += " ; " + marker
		}
		out = append(out, line)
	}
	return out
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func normalize(name string) string { return wheelname.Normalize(name) }

// DisplayVersion is the version as pip shows it: normalised by PEP 440
// ("1.0.01" -> "1.0.1", "1.0-1" -> "1.0.post1"), or as written when it is
// not a PEP 440 version.
func (d *Dist) DisplayVersion() string {
	if v, err := pep440.Parse(d.Version); err == nil {
		return v.String()
	}
	return d.Version
}

// sameDir reports whether two paths name the same folder, also through
// symbolic links (a venv's lib64 is a link to lib where platlib uses it).
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// Nothing is the installed set of an environment that has nothing
// installed: what a resolution for a bundle or a lock starts from.
func Nothing() *DB { return &DB{} }
