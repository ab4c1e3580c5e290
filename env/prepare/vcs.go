package prepare

import (
	"os"
	"path/filepath"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/git"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// Checkout checks a git requirement out for installing. Editable: into
// <env>/src/<egg name or repository name> (normalised, as pip), reusing a
// checkout of the same repository there (brought to the requested
// revision) and refusing any other folder; the caller installs that folder
// in place. Otherwise: into a temporary folder under the cache's tmp/,
// removed when the command ends. dir is the checkout's root: the project
// is dir/info.Subdirectory. info is what direct_url.json records for a
// non-editable install (install.Request.VCS).
func (p *Preparer) Checkout(raw string, editable bool) (dir string, info *install.VCSInfo, err error) {
	spec, err := vcs.Parse(raw)
	if err != nil {
		return "", nil, err
	}
	o := git.Options{
		CacheDir: p.o.CacheDir, // "" (no cache folder): clone straight from the remote
		Offline:  p.o.Offline,
		Branch:   editable,
		Log:      func(s string) { p.emit(Event{Kind: Note, Message: s}) },
		Waiting:  func(s string) { p.emit(Event{Kind: Waiting, Message: s}) },
	}
	var dest string
	if editable {
		name := spec.Egg
		if name == "" {
			name = spec.RepoName()
		}
		dest = filepath.Join(p.o.EnvDir, "src", wheelname.Normalize(name))
	} else {
		parent := os.TempDir()
		if p.o.CacheDir != "" {
			parent = filepath.Join(p.o.CacheDir, "tmp")
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return "", nil, err
			}
		}
		tmp, err := p.o.TempDir(parent, "git-")
		if err != nil {
			return "", nil, err
		}
		dest = filepath.Join(tmp, spec.RepoName())
	}
	p.emit(Event{Kind: CheckingOut, Message: "checking out " + spec.String()})
	res, err := git.Checkout(p.ctx(), spec, dest, o)
	if err != nil {
		return "", nil, err
	}
	how := "into " + dest
	if res.Updated {
		how = "updated in " + dest
	}
	p.emit(Event{Kind: CheckedOut, Message: spec.String() + ": commit " + res.Commit + " (" + string(res.Kind) + ") " + how})
	if editable && res.Updated {
		p.emit(Event{Kind: CheckoutReused, Message: "reusing the checkout in " + dest + ", now at " + res.Commit[:12]})
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
