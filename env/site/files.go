package site

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/env/rawio"
)

// File is one file a distribution's RECORD (or installed-files.txt) lists.
type File struct {
	Rel  string      // as written in RECORD
	Abs  string      // cleaned absolute path; "" when Outside
	Hash record.Hash // zero when the row has no hash (RECORD itself, .pyc files)
	Size int64       // -1 when the row has no size
	// Outside is set when the path would land outside the environment's
	// root (by "..", an absolute path elsewhere, or the root itself). Such
	// a file is never usable: Abs is empty and uninstall leaves it alone.
	Outside bool
}

// Files returns the files the distribution's RECORD lists, in RECORD order,
// with paths resolved against the folder holding the .dist-info. For
// egg-info folders it reads installed-files.txt, whose paths are relative
// to the .egg-info folder itself. The result is read once and cached.
func (d *Dist) Files() ([]File, error) {
	d.filesOnce.Do(func() { d.files, d.filesErr = d.readFiles() })
	return d.files, d.filesErr
}

// HasFileList reports whether the distribution has a RECORD (dist-info)
// or installed-files.txt (egg-info).
func (d *Dist) HasFileList() bool {
	_, err := os.Stat(d.fileListPath())
	return err == nil
}

func (d *Dist) fileListPath() string {
	if d.Legacy {
		return filepath.Join(d.Dir, "installed-files.txt")
	}
	return filepath.Join(d.Dir, "RECORD")
}

func (d *Dist) root() string {
	if d.db != nil {
		return d.db.Layout.Root
	}
	return ""
}

func (d *Dist) readFiles() ([]File, error) {
	path := d.fileListPath()
	data, err := rawio.ReadFileLimit(path, bounded.Record)
	if err != nil {
		if refused(err) {
			return nil, newError(d.Name, path, "the file list is damaged; reinstall the distribution (fwenv install --force-reinstall)",
				"%s", readProblem(path, err))
		}
		if errors.Is(err, fs.ErrNotExist) {
			if d.Legacy {
				return nil, newError(d.Name, d.Dir, "it was installed by an old setuptools/distutils that kept no file list; fwenv cannot tell which files are its own",
					"no installed-files.txt")
			}
			return nil, newError(d.Name, d.Dir, "the installer did not record its files; reinstall the distribution (fwenv install --force-reinstall) so a RECORD is written, or remove its files by hand",
				"no RECORD file")
		}
		return nil, newError(d.Name, path, "check the file's permissions", "cannot read: %v", unwrapPath(err))
	}
	root := d.root()
	var files []File
	if d.Legacy {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			rel := strings.TrimSpace(sc.Text())
			if rel == "" {
				continue
			}
			files = append(files, resolveFile(root, d.Dir, rel, record.Hash{}, -1))
		}
		return files, nil
	}
	entries, err := record.Parse(data)
	if err != nil {
		return nil, newError(d.Name, path, "the RECORD file is damaged; reinstall the distribution", "%v", err)
	}
	base := filepath.Dir(d.Dir)
	files = make([]File, len(entries))
	for i, e := range entries {
		files[i] = resolveFile(root, base, e.Path, e.Hash, e.Size)
	}
	return files, nil
}

// resolveFile resolves a RECORD path against base and checks it stays
// inside root.
func resolveFile(root, base, rel string, h record.Hash, size int64) File {
	f := File{Rel: rel, Hash: h, Size: size}
	p := filepath.FromSlash(rel)
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	p = filepath.Clean(p)
	if root == "" || inside(root, p) {
		f.Abs = p
	} else {
		f.Outside = true
	}
	return f
}

// OutsideError describes a RECORD row whose path leaves the environment.
func (d *Dist) OutsideError(f File) *Error {
	return newError(d.Name, d.fileListPath(), "fwenv never touches files outside the environment; remove it by hand if it is yours",
		"RECORD row %q points outside the environment %s", f.Rel, d.root())
}
