package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// cmdError is a refusal of checkoutVCS itself (the checkout's own errors
// are *vcs.Error).
// isVCSRequirement reports whether arg is a version-control requirement
// ("git+...", "hg+...", "NAME @ git+..."), for the install command to send
// to checkoutVCS (which explains the unsupported systems).
func isVCSRequirement(arg string) bool {
	s := strings.ToLower(strings.TrimSpace(arg))
	if i := strings.Index(s, "@"); i > 0 && pep508.ValidName(strings.TrimSpace(s[:i])) {
		s = strings.TrimSpace(s[i+1:])
	}
	for _, p := range []string{"git+", "git://", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// checkoutVCS checks a git requirement out for installing. Editable: into
// <env>/src/<egg name or repository name> (normalised, as pip), reusing a
// checkout of the same repository there (brought to the requested
// revision) and refusing any other folder; the caller installs that folder
// in place. Otherwise: into a temporary folder under the cache's tmp/,
// removed when the command ends. dir is the checkout's root: the project
// is dir/info.Subdirectory. info is what direct_url.json records for a
// non-editable install (install.Request.VCS).
func (a *app) checkoutVCS(c *envCtx, raw string, editable bool) (dir string, info *install.VCSInfo, err error) {
	return a.checkoutVCSWith(c, raw, editable, false)
}

// checkoutVCSWith is checkoutVCS with --offline: the cache's mirror of the
// repository alone serves the checkout, and a revision it lacks is an error.
func (a *app) checkoutVCSWith(c *envCtx, raw string, editable, offline bool) (dir string, info *install.VCSInfo, err error) {
	spec, err := vcs.Parse(raw)
	if err != nil {
		return "", nil, err
	}
	cacheRoot := a.cacheRoot()
	o := vcs.Options{
		CacheDir: cacheRoot, // "" (no cache folder): clone straight from the remote
		Offline:  offline,
		Branch:   editable,
		Log:      func(s string) { a.debugf("%s\n", s) },
	}
	var dest string
	if editable {
		name := spec.Egg
		if name == "" {
			name = spec.RepoName()
		}
		dest = filepath.Join(c.env.Dir, "src", pep508.Normalize(name))
	} else {
		parent := os.TempDir()
		if cacheRoot != "" {
			parent = filepath.Join(cacheRoot, "tmp")
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return "", nil, err
			}
		}
		tmp, err := os.MkdirTemp(parent, "git-")
		if err != nil {
			return "", nil, err
		}
		a.cleanups = append(a.cleanups, func() { os.RemoveAll(tmp) })
		dest = filepath.Join(tmp, spec.RepoName())
	}
	a.logf("checking out %s\n", spec.String())
	res, err := vcs.Checkout(context.Background(), spec, dest, o)
	if err != nil {
		return "", nil, err
	}
	how := "into " + dest
	if res.Updated {
		how = "updated in " + dest
	}
	a.debugf("%s: commit %s (%s) %s\n", spec.String(), res.Commit, res.Kind, how)
	if editable && res.Updated {
		a.logf("reusing the checkout in %s, now at %s\n", dest, res.Commit[:12])
	}
	if spec.Subdirectory != "" {
		if err := insideCheckout(dest, spec); err != nil {
			return "", nil, err
		}
	}
	info = &install.VCSInfo{
		VCS:               spec.VCS,
		URL:               spec.Redacted(),
		CommitID:          res.Commit,
		RequestedRevision: spec.Ref,
		Subdirectory:      spec.Subdirectory,
	}
	return dest, info, nil
}

// insideCheckout checks that the requirement's subdirectory is a folder of
// the checkout, not missing and not a link leading out of it.
func insideCheckout(root string, spec *vcs.Spec) error {
	sub := filepath.Join(root, filepath.FromSlash(spec.Subdirectory))
	real, err := filepath.EvalSymlinks(sub)
	if err != nil {
		return &cmdError{fmt.Sprintf("%s: the repository has no folder %s", spec.String(), spec.Subdirectory),
			"check #subdirectory= against the repository's layout at that revision"}
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &cmdError{fmt.Sprintf("%s: %s leads outside the repository", spec.String(), spec.Subdirectory),
			"#subdirectory= must name a folder inside the repository"}
	}
	if st, err := os.Stat(real); err != nil || !st.IsDir() {
		return &cmdError{fmt.Sprintf("%s: %s is not a folder", spec.String(), spec.Subdirectory),
			"#subdirectory= must name the project's folder"}
	}
	return nil
}
