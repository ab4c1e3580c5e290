package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fwenv/fwenv/archive/sdist"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/simple"
)

// Skipped is a distribution left out of the index, with why.
type Skipped struct {
	File   string // base name in the folder
	Reason string
}

func (s Skipped) String() string { return s.File + ": " + s.Reason }

// dist is one distribution of the folder as the index lists it.
type dist struct {
	filename string
	path     string
	project  string // normalised
	version  pep440.Version
	wheel    bool
	size     int64
	modTime  time.Time
	sha256   string
	// requiresPython comes from METADATA / PKG-INFO.
	requiresPython string
	// metadata is a wheel's METADATA (the PEP 658 file), nil for sdists.
	metadata       []byte
	metadataSHA256 string
}

// legacySdist are sdist suffixes that archive/sdist reads but an index
// should not list (PEP 625 allows only .tar.gz; pip and PyPI accept .zip).
var legacySdist = []string{".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".tar.Z"}

// cached is what the scanner remembers of a file: the result of reading
// it, valid while its size and time are the same.
type cached struct {
	size    int64
	modTime time.Time
	d       *dist
	skip    string
}

// scanner reads a folder's distributions, remembering each file until it
// changes.
type scanner struct {
	mu    sync.Mutex
	files map[string]cached
	// onRead is told about every file actually read (not a cache hit).
	onRead func(filename, skipped string)
}

// DirError is a folder of distributions that cannot be read.
type DirError struct {
	Dir string
	Err error
}

func (e *DirError) Error() string {
	return fmt.Sprintf("folder of distributions %s: %v", e.Dir, pathless(e.Err))
}
func (e *DirError) Unwrap() error { return e.Err }
func (e *DirError) Hint() string {
	if errors.Is(e.Err, fs.ErrNotExist) {
		return "give the folder that holds the wheels and sdists (for example the -d folder of `fwenv download` or the output of `fwenv build`)"
	}
	return "check that the path is a folder you can read"
}

// scan lists the folder's distributions, sorted by filename, and the files
// left out.
func (s *scanner) scan(dir string) ([]*dist, []Skipped, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, &DirError{Dir: dir, Err: err}
	}
	if !st.IsDir() {
		return nil, nil, &DirError{Dir: dir, Err: errors.New("not a folder")}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, &DirError{Dir: dir, Err: err}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string]cached{}
	}
	seen := map[string]bool{}
	var dists []*dist
	var skipped []Skipped
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		f, ok, why := source.ParseFilename(name)
		why, _, _ = strings.Cut(why, "\nhint: ")
		if !ok && why == "" {
			for _, suf := range legacySdist {
				if strings.HasSuffix(name, suf) {
					why = "only wheels, .tar.gz and .zip sdists are listed in an index"
				}
			}
			if why == "" {
				continue // not a distribution (README, .metadata, ...)
			}
		}
		seen[name] = true
		path := filepath.Join(dir, name)
		st, err := os.Stat(path) // follows links
		switch {
		case !ok:
			// a malformed distribution name
		case err != nil:
			why = "cannot read it: " + pathless(err)
		case !st.Mode().IsRegular():
			why = "not a regular file"
		}
		if why != "" {
			if c, hit := s.files[name]; !hit || c.skip != why {
				s.files[name] = cached{skip: why}
				s.report(name, why)
			}
			skipped = append(skipped, Skipped{name, why})
			continue
		}
		if c, hit := s.files[name]; hit && c.size == st.Size() && c.modTime.Equal(st.ModTime()) && (c.d != nil || c.skip != "") {
			if c.d != nil {
				dists = append(dists, c.d)
			} else {
				skipped = append(skipped, Skipped{name, c.skip})
			}
			continue
		}
		d, err := readDist(path, f, st)
		c := cached{size: st.Size(), modTime: st.ModTime(), d: d}
		if err != nil {
			c.d, c.skip = nil, reason(name, err)
			skipped = append(skipped, Skipped{name, c.skip})
		} else {
			dists = append(dists, d)
		}
		s.files[name] = c
		s.report(name, c.skip)
	}
	for name := range s.files {
		if !seen[name] {
			delete(s.files, name)
		}
	}
	sort.Slice(dists, func(i, j int) bool { return dists[i].filename < dists[j].filename })
	return dists, skipped, nil
}

func (s *scanner) report(name, skip string) {
	if s.onRead != nil {
		s.onRead(name, skip)
	}
}

// pathless is an error's text without the *PathError's path (the file is
// named already).
func pathless(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// reason is an archive error's first line, without the file name.
func reason(name string, err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\nhint: ")
	msg = strings.TrimPrefix(msg, name+": ")
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = "cannot read it: " + pe.Err.Error()
	}
	return msg
}

// readDist hashes a distribution and reads its metadata.
func readDist(path string, f source.File, st fs.FileInfo) (*dist, error) {
	d := &dist{filename: f.Filename, path: path, project: f.Project, version: f.Version, wheel: f.Kind == source.Wheel, size: st.Size(), modTime: st.ModTime()}
	sum, err := source.FileSHA256(path)
	if err != nil {
		return nil, err
	}
	d.sha256 = sum
	if d.wheel {
		w, err := wheel.Open(path, &wheel.Options{DeferContentCheck: true})
		if err != nil {
			return nil, err
		}
		defer w.Close()
		data, err := w.ReadDistInfo("METADATA")
		if err != nil {
			return nil, fmt.Errorf("%s/METADATA: %w", w.DistInfo, err)
		}
		d.metadata = data
		m := sha256.Sum256(data)
		d.metadataSHA256 = hex.EncodeToString(m[:])
		d.requiresPython = strings.TrimSpace(w.Metadata.RequiresPython)
		return d, nil
	}
	s, err := sdist.Open(path, nil)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	md, err := s.PKGINFO()
	switch {
	case err == nil:
		d.requiresPython = strings.TrimSpace(md.RequiresPython)
	case errors.Is(err, fs.ErrNotExist):
		// No PKG-INFO: listed without Requires-Python.
	default:
		return nil, err
	}
	return d, nil
}

// group returns the projects (normalised names, sorted) and their
// distributions.
func group(dists []*dist) ([]string, map[string][]*dist) {
	by := map[string][]*dist{}
	var names []string
	for _, d := range dists {
		if by[d.project] == nil {
			names = append(names, d.project)
		}
		by[d.project] = append(by[d.project], d)
	}
	sort.Strings(names)
	return names, by
}

// project makes the page of one project; fileURL gives a distribution's
// link.
func project(name string, dists []*dist, fileURL func(filename string) string) *simple.Project {
	p := &simple.Project{Name: name}
	var versions []pep440.Version
	seen := map[string]bool{}
	for _, d := range dists {
		f := simple.File{
			Filename:       d.filename,
			URL:            fileURL(d.filename),
			Hashes:         map[string]string{"sha256": d.sha256},
			RequiresPython: d.requiresPython,
			Size:           d.size,
		}
		if d.metadata != nil {
			f.CoreMetadata = true
			f.MetadataHashes = map[string]string{"sha256": d.metadataSHA256}
		}
		p.Files = append(p.Files, f)
		if v := d.version.String(); !seen[v] {
			seen[v] = true
			versions = append(versions, d.version)
		}
	}
	sort.SliceStable(versions, func(i, j int) bool { return versions[i].Less(versions[j]) })
	for _, v := range versions {
		p.Versions = append(p.Versions, v.String())
	}
	return p
}

// escape makes a file name one relative URL path segment.
func escape(filename string) string { return url.PathEscape(filename) }
