package lockset

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/pylock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// Error is a lock entry fwenv cannot use, with the fix.
type Error struct{ Msg, hint string }

func (e *Error) Error() string { return e.Msg }

// Hint says how to fix it.
func (e *Error) Hint() string { return e.hint }

// Target is the interpreter a lock is read for.
type Target struct {
	Tags    []tags.Tag         // its wheel tags, best first
	Env     pep508.Environment // its marker environment
	BestTag string             // its best tag, for fwenv.lock's per-tag choice
}

// Entry is one package a lock wants installed for the target, with what it
// comes from: File (with SHA256, and Path and/or URL), Dir, or VCS.
type Entry struct {
	Name, Version string
	Requested     bool
	// A wheel or sdist: its file name, sha256 (hex), where the lock says
	// it is (absolute; "" when only a URL) and its URL.
	File, SHA256, Path, URL string
	Sdist                   bool
	// A project folder (absolute).
	Dir      string
	Editable bool
	// A git+URL@COMMIT requirement, built from a checkout of Commit (full,
	// lower-case); Repo (without credentials) and RepoSubdir are its
	// repository and the project's folder in it, as an install records
	// them in direct_url.json.
	VCS, Commit      string
	Repo, RepoSubdir string
	// Origin is where the lock says the package comes from.
	Origin fwlock.Source
	// BuildOnly marks what a bundle keeps only to build its sdists.
	BuildOnly bool
}

// IsPylock reports whether path names a pylock.toml rather than an
// fwenv.lock.
func IsPylock(path string) bool {
	return pylock.IsPylockName(path) || strings.HasSuffix(path, ".toml")
}

// Read reads the lock at path and picks its entries for t. extras and
// groups select pylock.toml's optional parts (fwenv.lock has none). The
// warnings are the lock's own (pylock.toml's unknown keys and the like).
func Read(path string, t Target, extras, groups []string) ([]Entry, []string, error) {
	ranker := tags.NewRanker(t.Tags)
	rank := func(name string) (int, bool) {
		w, err := wheelname.ParseWheel(name)
		if err != nil {
			return 0, false
		}
		return ranker.Rank(w.Tags())
	}
	if IsPylock(path) {
		return readPylock(path, t, rank, extras, groups)
	}
	return readFwlock(path, t, rank)
}

func readPylock(path string, t Target, rank func(string) (int, bool), extras, groups []string) ([]Entry, []string, error) {
	dir := filepath.Dir(path)
	pl, err := pylock.Load(path)
	if err != nil {
		return nil, nil, err
	}
	sel, err := pl.Select(t.Env, extras, groups, rank)
	if err != nil {
		return nil, nil, err
	}
	// Requested: what the lock says (fwenv's own tool table), else what no
	// other selected package depends on.
	needed := map[string]bool{}
	for _, s := range sel {
		for _, d := range s.Package.Dependencies {
			if n, ok := d["name"].(string); ok {
				needed[wheelname.Normalize(n)] = true
			}
		}
	}
	var out []Entry
	for _, s := range sel {
		requested := !needed[wheelname.Normalize(s.Package.Name)]
		if tool, ok := s.Package.Tool["fwenv"].(map[string]any); ok {
			if r, ok := tool["requested"].(bool); ok {
				requested = r
			}
		}
		origin := fwlock.Source{Index: s.Package.Index}
		if origin.Index == "" {
			origin = fwlock.Source{FindLinks: "."}
		}
		e := Entry{Name: s.Package.Name, Version: s.Package.Version, Requested: requested, Origin: origin}
		switch {
		case s.Wheel != nil || s.Sdist != nil:
			f := s.Wheel
			if f == nil {
				f, e.Sdist = s.Sdist, true
			}
			e.File, e.SHA256, e.URL = f.Name, f.Hashes["sha256"], f.URL
			if f.Path != "" {
				e.Path = f.Resolve(dir)
			}
			if e.SHA256 == "" {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s: %s has no sha256 hash", path, e.Name, f.Name), "fwenv checks every file by sha256; regenerate the lock with sha256 hashes"}
			}
		case s.Archive != nil:
			e.File, e.SHA256, e.URL = filepath.Base(s.Archive.URL+s.Archive.Path), s.Archive.Hashes["sha256"], s.Archive.URL
			if s.Archive.Path != "" {
				e.Path = s.Archive.Resolve(dir)
			}
			e.Sdist = !strings.HasSuffix(e.File, ".whl")
			if e.SHA256 == "" {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s: the archive has no sha256 hash", path, e.Name), "regenerate the lock with sha256 hashes"}
			}
		case s.Directory != nil:
			e.Dir, e.Editable = filepath.Join(s.Directory.Resolve(dir), filepath.FromSlash(s.Directory.Subdirectory)), s.Directory.Editable
		case s.VCS != nil:
			v := s.VCS
			if v.Type != "git" {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s comes from a %s repository; fwenv checks out git repositories only", path, e.Name, v.Type), "install it yourself, then sync with --inexact"}
			}
			repo := v.URL
			if repo == "" {
				repo = (&url.URL{Scheme: "file", Path: filepath.ToSlash(v.Resolve(dir))}).String()
			}
			// The exact commit: what the lock recorded, nothing newer.
			req, commit, err := GitRequirement(repo, v.CommitID, v.Subdirectory)
			if err != nil {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s: %v", path, e.Name, err), "regenerate the lock: a git package needs its repository URL and full commit id"}
			}
			e.VCS, e.Commit = req, commit
			if err := e.parseRepo(); err != nil {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s: %v", path, e.Name, err), "regenerate the lock"}
			}
		}
		out = append(out, e)
	}
	return out, pl.Warnings, nil
}

func readFwlock(path string, t Target, rank func(string) (int, bool)) ([]Entry, []string, error) {
	dir := filepath.Dir(path)
	lk, err := fwlock.Load(path)
	if err != nil {
		return nil, nil, err
	}
	sel, err := lk.Select(t.Env, rank, t.BestTag)
	if err != nil {
		var fe *fwlock.Error
		if errors.As(err, &fe) && fe.File == "" {
			fe.File = path
		}
		return nil, nil, err
	}
	var out []Entry
	for _, s := range sel {
		p := s.Package
		e := Entry{Name: p.Name, Version: p.Version, Requested: p.Requested, Origin: p.Source, BuildOnly: p.BuildOnly}
		switch art := s.Artifact; {
		case art == nil && p.Source.VCS != "": // a git checkout
			commit, err := fwlock.VCSCommit(p.Source.VCS)
			if err != nil {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s: %v", path, p.Name, err), "regenerate the lock"}
			}
			e.VCS, e.Commit = p.Source.VCS, commit
			if err := e.parseRepo(); err != nil {
				return nil, nil, &Error{fmt.Sprintf("%s: package %s: %v", path, p.Name, err), "regenerate the lock"}
			}
		case art == nil: // a project folder
			d := p.Source.Editable + p.Source.Directory
			if !filepath.IsAbs(d) {
				d = filepath.Join(dir, filepath.FromSlash(d))
			}
			e.Dir, e.Editable = d, p.Source.Editable != ""
		default:
			e.File, e.SHA256, e.URL, e.Sdist = art.File, art.SHA256, art.URL, art.Kind == fwlock.ArtifactSdist
			if art.Path != "" {
				if e.Path, err = art.Resolve(dir); err != nil {
					return nil, nil, err
				}
			}
		}
		out = append(out, e)
	}
	return out, nil, nil
}

// parseRepo fills Repo and RepoSubdir from VCS.
func (e *Entry) parseRepo() error {
	spec, err := vcs.Parse(e.VCS)
	if err != nil {
		return err
	}
	e.Repo, e.RepoSubdir = spec.Redacted(), spec.Subdirectory
	return nil
}

// GitRequirement is vcs.Pinned, also checked as a lock's vcs source: the
// requirement git+REPO@COMMIT[#subdirectory=SUBDIR] and its (lower-cased)
// commit.
func GitRequirement(repo, commit, subdir string) (string, string, error) {
	req, err := vcs.Pinned(repo, commit, subdir)
	if err != nil {
		return "", "", err
	}
	c, err := fwlock.VCSCommit(req)
	return req, c, err
}

// CheckBuilt refuses a wheel built for e (from its folder or git checkout)
// that is not the package the lock names: another project, or another
// version.
func (e Entry) CheckBuilt(wheelPath string) error {
	w, err := wheelname.ParseWheel(filepath.Base(wheelPath))
	if err != nil {
		return err
	}
	if wheelname.Normalize(w.Name) != wheelname.Normalize(e.Name) || e.Version != "" && !pep440.SameVersion(w.Version, e.Version) {
		what := e.VCS
		if what == "" {
			what = e.Dir
		}
		return &Error{fmt.Sprintf("package %s %s: %s builds %s %s", e.Name, e.Version, what, w.Name, w.Version), "regenerate the lock from what the source builds"}
	}
	return nil
}

// Locate finds the entry's file and checks its sha256: where the lock says
// it is, then in dirs (each a folder holding files by their names), then at
// its URL — a file: URL read in place, any other handed to fetch (which
// checks the hash it is given and may answer *fetch.OfflineError). A file
// found with another hash is an error, not passed over. Not found anywhere:
// an *Error listing where it looked; offline says why nothing was fetched.
func (e Entry) Locate(dirs []string, offline bool, fetchFile func(source.File) (string, error)) (string, error) {
	var tried []string
	check := func(p string) (string, bool, error) {
		if _, err := os.Stat(p); err != nil {
			return "", false, nil
		}
		if _, err := source.VerifyFile(p, []string{"sha256:" + e.SHA256}, "the lock"); err != nil {
			if hm, ok := err.(*source.HashMismatchError); ok {
				hm.File = p + " (package " + e.Name + ")"
			}
			return "", true, err
		}
		return p, true, nil
	}
	var cands []string
	if e.Path != "" {
		cands = append(cands, e.Path)
	}
	for _, d := range dirs {
		cands = append(cands, filepath.Join(d, e.File))
	}
	urlPath, isFile := source.FileURLPath(e.URL)
	if isFile {
		cands = append(cands, urlPath)
	}
	for _, c := range cands {
		p, found, err := check(c)
		if err != nil {
			return "", err
		}
		if found {
			return p, nil
		}
		tried = append(tried, c)
	}
	if e.URL != "" && !isFile {
		f, ok, _ := source.ParseFilename(e.File)
		if !ok {
			f = source.File{Filename: e.File}
		}
		f.URL, f.Hashes, f.Path = e.URL, map[string]string{"sha256": e.SHA256}, ""
		p, err := fetchFile(f)
		if err == nil {
			return p, nil
		}
		var off *fetch.OfflineError
		if !errors.As(err, &off) {
			return "", fmt.Errorf("package %s: %w", e.Name, err)
		}
		tried = append(tried, secret.Redact(e.URL)+" (offline)")
	}
	hint := "give the folder that holds it with -f DIR (fwenv download --lock LOCK -d DIR makes one)"
	if offline {
		hint = "the file is not here and --offline forbids fetching it: " + hint
	}
	return "", &Error{fmt.Sprintf("package %s %s: %s not found (looked in %s)", e.Name, e.Version, e.File, strings.Join(tried, ", ")), hint}
}
