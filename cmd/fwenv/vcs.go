package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

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
		Waiting:  func(s string) { a.logf("%s\n", s) },
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
	info = &install.VCSInfo{
		VCS:               spec.VCS,
		URL:               spec.Redacted(),
		CommitID:          res.Commit,
		RequestedRevision: spec.Ref,
		Subdirectory:      spec.Subdirectory,
	}
	return dest, info, nil
}
