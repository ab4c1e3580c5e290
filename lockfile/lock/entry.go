package lock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

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
	c, err := VCSCommit(req)
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
		return &Error{Msg: fmt.Sprintf("package %s %s: %s builds %s %s", e.Name, e.Version, what, w.Name, w.Version), Fix: "regenerate the lock from what the source builds"}
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
	return "", &Error{Msg: fmt.Sprintf("package %s %s: %s not found (looked in %s)", e.Name, e.Version, e.File, strings.Join(tried, ", ")), Fix: hint}
}

// VCSCommit checks a git requirement as a lock records it
// (git+URL@COMMIT[#subdirectory=PATH]) and returns its commit id.
func VCSCommit(source string) (string, error) {
	spec, err := vcs.Parse(source)
	if err != nil {
		return "", fmt.Errorf("source vcs %q: %v", source, err)
	}
	if !vcs.IsFullCommit(spec.Ref) || spec.Ref != strings.ToLower(spec.Ref) {
		return "", fmt.Errorf("source vcs %q is not pinned to a full commit id (git+URL@ and 40 lower-case hexadecimal digits)", source)
	}
	return spec.Ref, nil
}

// GitSource is the source of a package from the git repository repo at
// commit (a full commit id), in the folder subdir of the repository: what
// GitRequirement accepts, as a lock records it.
func GitSource(repo, commit, subdir string) (Source, error) {
	req, _, err := GitRequirement(repo, commit, subdir)
	if err != nil {
		return Source{}, err
	}
	spec, err := vcs.Parse(req)
	if err != nil {
		return Source{}, err
	}
	return Source{VCS: &VCS{Type: "git", URL: spec.URL, CommitID: spec.Ref, Subdirectory: spec.Subdirectory}}, nil
}
