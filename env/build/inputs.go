package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/source"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// skippedDirs are folders that are never build inputs, wherever they are:
// version control, caches, tool environments.
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, ".bzr": true, "_darcs": true,
	"__pycache__": true, ".tox": true, ".nox": true, ".eggs": true,
	".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true,
	".venv": true, ".fwenv": true,
}

// topSkippedDirs are build outputs at the project's top level.
var topSkippedDirs = map[string]bool{"build": true, "dist": true}

// skipInput reports whether a path (relative to the project, slash form) is
// left out of the build inputs.
func skipInput(rel string, d fs.DirEntry, abs string) bool {
	name := d.Name()
	if d.IsDir() {
		if skippedDirs[name] || strings.HasSuffix(name, ".egg-info") {
			return true
		}
		if !strings.Contains(rel, "/") && topSkippedDirs[name] {
			return true
		}
		// A virtual environment inside the project.
		if _, err := os.Lstat(filepath.Join(abs, "pyvenv.cfg")); err == nil {
			return true
		}
		return false
	}
	return strings.HasSuffix(name, ".pyc") || strings.HasSuffix(name, ".pyo") || strings.HasSuffix(name, ".egg-info")
}

// Inputs is the digest of a project's build inputs.
type Inputs struct {
	Digest string // hex sha256
	Files  int    // files hashed
}

// HashInputs computes the digest of the project's build inputs: the
// relative path, the executable bit and the content of every regular file
// and the target of every symbolic link (not followed) under project, except
// version control folders, __pycache__ and tool caches, *.egg-info,
// virtual environments (folders with pyvenv.cfg) and the top-level build/
// and dist/ folders, which builds themselves write. When the project is a
// git checkout, .git/HEAD, the commit it names and the tag names are part of
// the digest too, because backends such as setuptools-scm take the version
// from them.
func HashInputs(project string) (Inputs, error) {
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(project, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == project {
			return nil
		}
		rel, _ := filepath.Rel(project, p)
		rel = filepath.ToSlash(rel)
		if skipInput(rel, d, p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			fmt.Fprintf(h, "d %s\n", rel)
		case d.Type()&fs.ModeSymlink != 0:
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "l %s -> %s\n", rel, t)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			sum, err := source.FileSHA256(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "f %s %o %d %s\n", rel, info.Mode().Perm()&0o111, info.Size(), sum)
			n++
		default:
			// Sockets, FIFOs, devices: not build inputs.
		}
		return nil
	})
	if err != nil {
		return Inputs{}, &ProjectError{File: project, Reason: "cannot read the project's files: " + err.Error(), hint: "check the project folder's permissions"}
	}
	hashGitState(h, filepath.Join(project, ".git"))
	return Inputs{Digest: hex.EncodeToString(h.Sum(nil)), Files: n}, nil
}

// hashGitState adds what version-from-git backends read: HEAD, the commit
// of the branch it names, packed refs and tag names.
func hashGitState(h io.Writer, git string) {
	// Files of the user's project, read only when regular and bounded: a
	// FIFO or a link to a device there must not hang or fill a build.
	head, err := bounded.ReadRegular(filepath.Join(git, "HEAD"), bounded.Settings)
	if err != nil {
		return
	}
	fmt.Fprintf(h, "git HEAD %s\n", strings.TrimSpace(string(head)))
	if ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: "); ok && !strings.Contains(ref, "..") {
		if c, err := bounded.ReadRegular(filepath.Join(git, filepath.FromSlash(ref)), bounded.Settings); err == nil {
			fmt.Fprintf(h, "git ref %s\n", strings.TrimSpace(string(c)))
		}
	}
	if f, _, err := bounded.OpenRegular(filepath.Join(git, "packed-refs")); err == nil {
		// Hashed as a stream (a repository with many tags has a large
		// one), up to the lock-file cap.
		s := sha256.New()
		io.Copy(s, io.LimitReader(f, bounded.Lock))
		f.Close()
		fmt.Fprintf(h, "git packed-refs %x\n", s.Sum(nil))
	}
	if es, err := os.ReadDir(filepath.Join(git, "refs", "tags")); err == nil {
		for _, e := range es {
			fmt.Fprintf(h, "git tag %s\n", e.Name())
		}
	}
}
