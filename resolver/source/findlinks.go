package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// Kind is a distribution file's kind.
type Kind int

const (
	Wheel Kind = iota
	Sdist
)

// File is one distribution file in a source: a local file (Path) or a
// remote one (URL), as a find-links folder, an index page or a lock file
// lists it.
type File struct {
	Project  string // normalised name
	Version  pep440.Version
	Filename string
	// Path is the absolute path of a local file; "" for a remote one.
	Path string
	// URL is where a remote file is fetched from ("" for a local file). It
	// never holds credentials: they are added by the fetcher for the
	// origin they belong to.
	URL   string
	Kind  Kind
	Tags  []tags.Tag // wheels only
	Build int        // wheel build number
	// Hashes are the digests the source announces, algorithm -> lower-case
	// hex ("sha256" -> "…"): the hash fragment of a link, a PEP 691
	// "hashes" table, a lock file's sha256. Empty when unknown.
	Hashes map[string]string
	// RequiresPython is the source's data-requires-python ("" when none).
	RequiresPython string
	// Yanked is PEP 592's yank flag, with the reason when one is given.
	Yanked       bool
	YankedReason string
	// MetadataURL is the PEP 658/714 core-metadata file served beside the
	// distribution ("" when the source serves none); MetadataHashes are its
	// announced digests.
	MetadataURL    string
	MetadataHashes map[string]string
	// Origin names the source for messages and lock files: the index URL
	// (without credentials) or the find-links folder.
	Origin string
	// Size is the file's size in bytes when known (0 otherwise).
	Size int64
}

// Local says whether the file is on disk already.
func (f File) Local() bool { return f.Path != "" }

// Location is the file's path, else its URL.
func (f File) Location() string {
	if f.Path != "" {
		return f.Path
	}
	return f.URL
}

// FindLinks is a set of local find-links folders. An entry of Dirs may
// also be a local HTML file of links (LinksFile): its links to local files
// are found as a folder's files are, and its links to remote files are left
// out (a build's requirements, which FindLinks serves, come from local files
// only; the resolution reads such a page through resolver/source/index).
type FindLinks struct {
	Dirs  []string
	files map[string][]File
	// Skipped lists files whose names could not be read, with why.
	Skipped []string
}

// DirError is a find-links folder that cannot be read.
type DirError struct {
	Dir string
	Err error
}

func (e *DirError) Error() string { return fmt.Sprintf("find-links folder %s: %v", e.Dir, e.Err) }
func (e *DirError) Hint() string  { return "check the path given to -f/--find-links" }

// Scan reads every folder (once).
func (f *FindLinks) Scan() error {
	if f.files != nil {
		return nil
	}
	f.files = map[string][]File{}
	for _, d := range f.Dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return &DirError{Dir: d, Err: err}
		}
		if st, err := os.Stat(abs); err == nil && st.Mode().IsRegular() {
			links, err := LinksFile(abs)
			if err != nil {
				return err
			}
			for _, file := range links {
				if file.Local() {
					f.files[file.Project] = append(f.files[file.Project], file)
				}
			}
			continue
		}
		entries, err := os.ReadDir(abs)
		if err != nil {
			return &DirError{Dir: d, Err: err}
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			name := e.Name()
			file, ok, why := parseFile(name)
			if !ok {
				if why != "" {
					f.Skipped = append(f.Skipped, name+": "+why)
				}
				continue
			}
			file.Path = filepath.Join(abs, name)
			if !e.Type().IsRegular() {
				// A link is followed; a FIFO or device is left out (reading
				// one would block or never end).
				if st, err := os.Stat(file.Path); err != nil || !st.Mode().IsRegular() {
					f.Skipped = append(f.Skipped, name+": not a regular file")
					continue
				}
			}
			file.Origin = abs
			f.files[file.Project] = append(f.files[file.Project], file)
		}
	}
	return nil
}

// ParseFilename reads a wheel or sdist file name ("" why for a name that is
// not a distribution at all; ok false with a reason for a malformed one).
func ParseFilename(name string) (f File, ok bool, why string) { return parseFile(name) }

func parseFile(name string) (File, bool, string) {
	switch {
	case strings.HasSuffix(name, ".whl"):
		w, err := wheelname.ParseWheel(name)
		if err != nil {
			return File{}, false, err.Error()
		}
		v, err := pep440.Parse(w.Version)
		if err != nil {
			return File{}, false, "version " + w.Version + " is not a PEP 440 version"
		}
		return File{Project: w.Normalized(), Version: v, Filename: name, Kind: Wheel, Tags: w.Tags(), Build: w.BuildNumber}, true, ""
	case strings.HasSuffix(name, ".tar.gz") || strings.HasSuffix(name, ".zip"):
		s, err := wheelname.ParseSdist(name)
		if err != nil {
			return File{}, false, err.Error()
		}
		v, err := pep440.Parse(s.Version)
		if err != nil {
			return File{}, false, "version " + s.Version + " is not a PEP 440 version"
		}
		return File{Project: s.Normalized(), Version: v, Filename: name, Kind: Sdist}, true, ""
	}
	return File{}, false, ""
}

// Files returns the files of a project (any spelling of its name); it
// implements Source.
func (f *FindLinks) Files(_ context.Context, project string) ([]File, error) {
	if err := f.Scan(); err != nil {
		return nil, err
	}
	return f.files[wheelname.Normalize(project)], nil
}

func (f *FindLinks) String() string { return strings.Join(f.Dirs, ", ") }

// Projects lists every project found, sorted.
func (f *FindLinks) Projects() ([]string, error) {
	if err := f.Scan(); err != nil {
		return nil, err
	}
	var out []string
	for p := range f.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// Want is what Choose looks for.
type Want struct {
	Project   string
	Specifier pep440.SpecifierSet
	Pre       bool
	// Ranker ranks wheel tags for the target interpreter.
	Ranker tags.Ranker
	// BestTag names the target in messages.
	BestTag string
	// OnlyBinary refuses sdists; NoBinary refuses wheels.
	OnlyBinary bool
	NoBinary   bool
}

// NotFoundError explains why no file fits.
type NotFoundError struct {
	Want    Want
	Dirs    []string
	Reasons []string
}

func (e *NotFoundError) Error() string {
	spec := e.Want.Specifier.String()
	msg := fmt.Sprintf("no distribution of %s%s in %s", e.Want.Project, spec, strings.Join(e.Dirs, ", "))
	if len(e.Reasons) == 0 {
		return msg + ": no files of that project"
	}
	return msg + ":\n  " + strings.Join(e.Reasons, "\n  ")
}

func (e *NotFoundError) Hint() string {
	return "add a folder holding a fitting wheel or sdist with -f DIR (fwenv download fills one)"
}

// Choose picks the best file for w from files: newest allowed version, then
// best wheel tag (then highest build number), then an sdist.
func Choose(files []File, w Want, dirs []string) (File, error) {
	pre := pep440.PreAuto
	if w.Pre {
		pre = pep440.PreInclude
	}
	var versions []pep440.Version
	seen := map[string]bool{}
	for _, f := range files {
		if k := f.Version.String(); !seen[k] {
			seen[k] = true
			versions = append(versions, f.Version)
		}
	}
	allowed := w.Specifier.Filter(versions, pre)
	ok := map[string]bool{}
	for _, v := range allowed {
		ok[v.String()] = true
	}
	var reasons []string
	var best *File
	bestRank := 0
	for i := range files {
		f := files[i]
		if !ok[f.Version.String()] {
			reasons = append(reasons, fmt.Sprintf("%s: version %s is not allowed by %q", f.Filename, f.Version, w.Specifier.String()))
			continue
		}
		rank := 1 << 30 // sdists after every wheel
		if f.Kind == Wheel && w.NoBinary {
			reasons = append(reasons, f.Filename+": a wheel, and --no-binary asks for the sdist")
			continue
		}
		if f.Kind == Wheel {
			r, supported := w.Ranker.Rank(f.Tags)
			if !supported {
				reasons = append(reasons, fmt.Sprintf("%s: tags %s do not fit this interpreter (best tag %s)", f.Filename, tagString(f.Tags), w.BestTag))
				continue
			}
			rank = r
		} else if w.OnlyBinary {
			reasons = append(reasons, f.Filename+": an sdist, and only wheels are allowed")
			continue
		}
		if best == nil || better(f, rank, *best, bestRank) {
			best, bestRank = &files[i], rank
		}
	}
	if best == nil {
		sort.Strings(reasons)
		return File{}, &NotFoundError{Want: w, Dirs: dirs, Reasons: reasons}
	}
	return *best, nil
}

func better(a File, ar int, b File, br int) bool {
	if a.Yanked != b.Yanked {
		return !a.Yanked // a yanked file only when nothing else fits (PEP 592)
	}
	if c := a.Version.Compare(b.Version); c != 0 {
		return c > 0
	}
	if ar != br {
		return ar < br
	}
	return a.Build > b.Build
}

func tagString(ts []tags.Tag) string {
	var parts []string
	for _, t := range ts {
		parts = append(parts, t.Interpreter+"-"+t.ABI+"-"+t.Platform)
	}
	if len(parts) > 4 {
		parts = append(parts[:4], "…")
	}
	return strings.Join(parts, ", ")
}
