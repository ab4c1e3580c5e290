package indexer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/simple"
)

// Options are the choices of Build.
type Options struct {
	// Progress, when set, is called once for each distribution read, with
	// "" or the reason it is left out.
	Progress func(filename, skipped string)
}

// Summary is what Build did.
type Summary struct {
	Out      string   // the output folder
	Projects []string // normalised names, sorted
	Files    int      // distributions listed
	Skipped  []Skipped
	// Copied are the distributions hard-linked or copied into Out (only
	// when Out is not the folder of distributions).
	Copied []string
	// Removed are the paths (relative to Out) of pages, metadata files and
	// copies of distributions that are gone from the folder.
	Removed []string
}

// WriteError is an output that cannot be written.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string {
	return fmt.Sprintf("writing the index: %s: %v", e.Path, pathless(e.Err))
}
func (e *WriteError) Unwrap() error { return e.Err }
func (e *WriteError) Hint() string {
	return "check that the output folder (-o) is writable and has free space"
}

// manifestName is Build's record of what it copied into Out.
const manifestName = ".fwenv-index.json"

type manifest struct {
	Copied []string `json:"copied"`
}

// Build writes a static PEP 503 + PEP 691 index for the distributions
// (wheels, .tar.gz/.zip sdists) in dir into out (out may equal dir):
// out/simple/index.html, out/simple/index.json, out/simple/<name>/index.html
// and index.json, with #sha256 fragments, hashes, requires-python, sizes,
// and the PEP 658 file "<wheel>.metadata" beside each wheel. Links are
// relative. Re-running updates the tree, removing what belonged to
// distributions no longer in dir.
func Build(dir, out string, o Options) (*Summary, error) {
	sc := &scanner{onRead: o.Progress}
	dists, skipped, err := sc.scan(dir)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Out: out, Skipped: skipped, Files: len(dists)}
	if err := os.MkdirAll(out, 0o777); err != nil { // less the umask, as mkdir
		return nil, &WriteError{Path: out, Err: err}
	}
	if err := ownDir(filepath.Join(out, "simple")); err != nil {
		return nil, err
	}
	same, err := sameDir(dir, out)
	if err != nil {
		return nil, err
	}

	// The distributions themselves, when out is elsewhere.
	old := readManifest(out)
	var m manifest
	if !same {
		for _, d := range dists {
			copied, err := place(d, filepath.Join(out, d.filename))
			if err != nil {
				return nil, err
			}
			if copied {
				sum.Copied = append(sum.Copied, d.filename)
			}
			m.Copied = append(m.Copied, d.filename)
		}
	}
	present := map[string]bool{}
	for _, d := range dists {
		present[d.filename] = true
	}
	for _, name := range old.Copied {
		if present[name] || strings.ContainsAny(name, `/\`) || name == "" || name[0] == '.' {
			continue
		}
		if err := os.Remove(filepath.Join(out, name)); err == nil {
			sum.Removed = append(sum.Removed, name)
		}
	}

	// PEP 658 files beside the wheels; stale ones of gone wheels removed.
	for _, d := range dists {
		if d.metadata != nil {
			if err := writeIfChanged(filepath.Join(out, d.filename+".metadata"), d.metadata); err != nil {
				return nil, err
			}
		}
	}
	if entries, err := os.ReadDir(out); err == nil {
		for _, e := range entries {
			whl, ok := strings.CutSuffix(e.Name(), ".whl.metadata")
			if !ok || e.IsDir() || present[whl+".whl"] {
				continue
			}
			if _, err := wheelname.ParseWheel(whl + ".whl"); err != nil {
				continue
			}
			if err := os.Remove(filepath.Join(out, e.Name())); err == nil {
				sum.Removed = append(sum.Removed, e.Name())
			}
		}
	}

	// The pages.
	names, by := group(dists)
	sum.Projects = names
	simpleDir := filepath.Join(out, "simple")
	for _, name := range names {
		p := project(name, by[name], func(f string) string { return "../../" + escape(f) })
		pd := filepath.Join(simpleDir, name)
		if err := ownDir(pd); err != nil {
			return nil, err
		}
		if err := writePage(filepath.Join(pd, "index.html"), func(w io.Writer) error { return simple.WriteProjectHTML(w, p) }); err != nil {
			return nil, err
		}
		if err := writePage(filepath.Join(pd, "index.json"), func(w io.Writer) error { return simple.WriteProjectJSON(w, p) }); err != nil {
			return nil, err
		}
	}
	if err := writePage(filepath.Join(simpleDir, "index.html"), func(w io.Writer) error { return simple.WriteIndexHTML(w, names) }); err != nil {
		return nil, err
	}
	if err := writePage(filepath.Join(simpleDir, "index.json"), func(w io.Writer) error { return simple.WriteIndexJSON(w, names) }); err != nil {
		return nil, err
	}
	removed, err := removeStalePages(simpleDir, names)
	if err != nil {
		return nil, err
	}
	sum.Removed = append(sum.Removed, removed...)
	if len(m.Copied) > 0 || len(old.Copied) > 0 {
		data, _ := json.MarshalIndent(m, "", " ")
		if err := writeIfChanged(filepath.Join(simpleDir, manifestName), append(data, '\n')); err != nil {
			return nil, err
		}
	}
	sort.Strings(sum.Removed)
	return sum, nil
}

// LinkError is a folder below the output folder that is a symbolic link:
// Build does not write through it (out itself may be reached through a link).
type LinkError struct {
	Path   string // the link
	Target string // where it points, as it says
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("writing the index: %s is a symbolic link (to %s), not a folder; the index is not written through it", e.Path, e.Target)
}
func (e *LinkError) Hint() string {
	return "remove the link (Build makes the folder itself), or give the real folder as the output (-o)"
}

// ownDir makes the folder path (its parent exists) and checks that it is a
// folder of its own: a symbolic link in its place, even to a folder, is
// refused, so that nothing is written outside the output folder.
func ownDir(path string) error {
	if err := os.Mkdir(path, 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
		return &WriteError{Path: path, Err: err}
	}
	st, err := os.Lstat(path)
	if err != nil {
		return &WriteError{Path: path, Err: err}
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(path)
		return &LinkError{Path: path, Target: target}
	}
	if !st.IsDir() {
		return &WriteError{Path: path, Err: errors.New("not a folder")}
	}
	return nil
}

// sameDir says whether a and b are one folder.
func sameDir(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, &DirError{Dir: a, Err: err}
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, &WriteError{Path: b, Err: err}
	}
	return os.SameFile(sa, sb), nil
}

func readManifest(out string) manifest {
	var m manifest
	// A regular file of bounded size only: a FIFO or a link to /dev/zero in
	// its place is treated as no manifest, like an unreadable one.
	data, err := bounded.ReadRegular(filepath.Join(out, "simple", manifestName), bounded.Lock)
	if err == nil {
		_ = json.Unmarshal(data, &m)
	}
	return m
}

// removeStalePages removes out/simple/NAME folders of projects not in
// names, when they hold nothing but the pages Build writes.
func removeStalePages(simpleDir string, names []string) ([]string, error) {
	keep := map[string]bool{}
	for _, n := range names {
		keep[n] = true
	}
	entries, err := os.ReadDir(simpleDir)
	if err != nil {
		return nil, &WriteError{Path: simpleDir, Err: err}
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || keep[e.Name()] {
			continue
		}
		pd := filepath.Join(simpleDir, e.Name())
		inner, err := os.ReadDir(pd)
		if err != nil {
			continue
		}
		ours := true
		for _, f := range inner {
			if f.Name() != "index.html" && f.Name() != "index.json" {
				ours = false
			}
		}
		if !ours {
			continue
		}
		for _, f := range inner {
			if err := os.Remove(filepath.Join(pd, f.Name())); err != nil {
				return removed, &WriteError{Path: filepath.Join(pd, f.Name()), Err: err}
			}
			removed = append(removed, filepath.ToSlash(filepath.Join("simple", e.Name(), f.Name())))
		}
		if err := os.Remove(pd); err != nil {
			return removed, &WriteError{Path: pd, Err: err}
		}
	}
	return removed, nil
}

// writePage renders a page and writes it if it changed.
func writePage(path string, render func(io.Writer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return &WriteError{Path: path, Err: err}
	}
	return writeIfChanged(path, b.Bytes())
}

// writeIfChanged writes data to path (archive/atomicfile: a temporary
// sibling renamed into place, mode 0666 less the umask, as cp makes a
// file), unless the
// file already holds exactly data.
func writeIfChanged(path string, data []byte) error {
	// The old file is read only when it is a regular file, and no further
	// than data's length: a larger one differs anyway, and a FIFO or a link
	// to /dev/zero in its place is replaced by the rename.
	if old, err := bounded.ReadRegular(path, int64(len(data))); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := atomicfile.WriteFile(path, data, atomicfile.Options{Perm: 0o666}); err != nil {
		return &WriteError{Path: path, Err: err}
	}
	return nil
}

// place puts distribution d at dst: nothing when dst is the same file or
// has the same size and hash, else a hard link, else a copy (through a
// temporary sibling and a rename). It says whether it linked or copied.
func place(d *dist, dst string) (bool, error) {
	if st, err := os.Stat(dst); err == nil {
		if src, err := os.Stat(d.path); err == nil && os.SameFile(st, src) {
			return false, nil
		}
		if st.Mode().IsRegular() && st.Size() == d.size {
			if h, err := source.FileSHA256(dst); err == nil && h == d.sha256 {
				return false, nil
			}
		}
	}
	if err := source.PlaceFile(d.path, dst, true); err != nil {
		return false, &WriteError{Path: dst, Err: err}
	}
	return true, nil
}
