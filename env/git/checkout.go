package git

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fwenv/fwenv/env/proc"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// Options tune Checkout. The zero value clones straight from the remote.
type Options struct {
	// CacheDir, when set, keeps a bare mirror of each repository under
	// CacheDir/git/ and checks out from it.
	CacheDir string
	// Offline uses the mirror only: the remote is never contacted, and a
	// revision the mirror lacks is an error. It needs CacheDir.
	Offline bool
	// Branch checks a branch out as a local branch tracking origin (for a
	// checkout someone will work in, such as an editable install); other
	// revisions, and every revision without Branch, leave a detached HEAD.
	Branch bool
	// Git is the git command; "" looks "git" up on PATH.
	Git string
	// Env is added to git's environment (KEY=VALUE).
	Env []string
	// Log receives one line per step ("fetching ...", "checking out ...").
	Log func(string)
	// Waiting receives one line when a wait has lasted more than a second:
	// a git command that moves data (they have no time limit), another
	// fwenv holding the cached mirror.
	Waiting func(string)
}

// RefKind says what a requested revision turned out to be.
type RefKind string

const (
	RefDefault RefKind = "default" // no revision given: the remote's HEAD
	RefBranch  RefKind = "branch"
	RefTag     RefKind = "tag"
	RefCommit  RefKind = "commit"
)

// Result is a finished checkout.
type Result struct {
	// Dir is the checkout (the dest given to Checkout, made absolute).
	Dir string
	// Commit is the full commit id checked out.
	Commit string
	// Kind is what the requested revision named.
	Kind RefKind
	// Branch is the local branch checked out, "" for a detached HEAD.
	Branch string
	// Updated is true when dest already held a checkout of the same
	// repository, which was brought to Commit in place.
	Updated bool
	// NoNetwork is true when the remote was not contacted (the mirror had
	// the commit, or Options.Offline).
	NoNetwork bool
	// Submodules is true when submodules were initialised.
	Submodules bool
}

// Checkout puts spec's revision into dest and resolves it to a commit. dest
// must be absent, an empty folder, or a checkout of the same repository
// (its origin is spec's redacted URL), which is updated. The checkout's
// origin remote is the redacted URL: credentials are not stored.
func Checkout(ctx context.Context, spec *vcs.Spec, dest string, o Options) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	c := &checkout{spec: spec, o: &o, ctx: ctx}
	g, err := newRunner(spec, &o)
	if err != nil {
		return nil, err
	}
	c.g = g
	if o.Offline && o.CacheDir == "" {
		return nil, c.fail(vcs.KindOffline, "offline checkouts need a cache of mirrors", nil, "give a cache folder, or allow network access")
	}
	dest, err = filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	res := &Result{Dir: dest}
	existing, err := c.inspectDest(dest)
	if err != nil {
		return nil, err
	}
	res.Updated = existing

	var mirror string
	if o.CacheDir != "" {
		var unlock func()
		mirror, unlock, err = c.mirror(res)
		if err != nil {
			return nil, err
		}
		defer unlock()
	}

	work := dest
	if !existing {
		parent := filepath.Dir(dest)
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return nil, c.fail(vcs.KindDestination, "cannot create "+parent, err, "check the folder's permissions")
		}
		work, err = os.MkdirTemp(parent, "."+filepath.Base(dest)+".fwenv-")
		if err != nil {
			return nil, c.fail(vcs.KindDestination, "cannot create a folder next to "+dest, err, "check the folder's permissions")
		}
		defer os.RemoveAll(work) // a no-op once renamed into place
		if _, err := g.run(ctx, "", "init", "-q", work); err != nil {
			return nil, c.fail(vcs.KindGit, "git init failed", err, "check that "+parent+" is writable")
		}
		if _, err := g.run(ctx, work, "remote", "add", "origin", spec.Redacted()); err != nil {
			return nil, c.fail(vcs.KindGit, "cannot set the checkout's origin", err, "")
		}
	}

	if mirror != "" {
		// The mirror already resolved res.Commit; copy what is needed.
		c.log("checking out " + res.Commit[:12] + " from the cache")
		refspecs := []string{"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"}
		if _, err := g.run(ctx, work, append([]string{"fetch", "-q", "--no-tags", "--prune", "--", mirror}, refspecs...)...); err != nil {
			return nil, c.fail(vcs.KindGit, "cannot copy from the cached mirror "+mirror, err, "remove the mirror folder and try again")
		}
		if !c.hasCommit(work, res.Commit) {
			if _, err := g.run(ctx, work, "fetch", "-q", "--no-tags", "--", mirror, res.Commit); err != nil {
				return nil, c.fail(vcs.KindGit, "cannot copy commit "+res.Commit+" from the cached mirror "+mirror, err, "remove the mirror folder and try again")
			}
		}
	} else {
		if err := c.fetch(work, "refs/remotes/origin/"); err != nil {
			return nil, err
		}
		if err := c.resolve(work, "refs/remotes/origin/", res); err != nil {
			return nil, err
		}
	}

	// An existing checkout (an editable install's) is only moved to a
	// revision that has the project's folder.
	if existing && spec.Subdirectory != "" {
		if _, ok := g.ok(ctx, work, "cat-file", "-e", res.Commit+":"+strings.TrimSuffix(spec.Subdirectory, "/")); !ok {
			return nil, c.fail(vcs.KindSubdirectory, "the repository has no folder "+spec.Subdirectory, nil, "check #subdirectory= against the repository's layout at that revision")
		}
	}
	if err := c.checkoutCommit(work, res, existing); err != nil {
		return nil, err
	}
	// Bookkeeping refs of ours have no place in a user's checkout.
	if out, ok := g.ok(ctx, work, "for-each-ref", "--format=%(refname)", "refs/fwenv/"); ok && out != "" {
		for _, r := range strings.Split(out, "\n") {
			g.ok(ctx, work, "update-ref", "-d", r)
		}
	}
	if _, err := os.Stat(filepath.Join(work, ".gitmodules")); err == nil {
		c.log("initialising submodules")
		if _, err := g.run(ctx, work, "submodule", "update", "--init", "--recursive"); err != nil {
			return nil, c.fail(vcs.KindUnreachable, "cannot check out the submodules", err,
				"check that the submodules' URLs (.gitmodules) are reachable; offline installs cannot fetch submodules")
		}
		res.Submodules = true
	}
	if !existing {
		os.Remove(dest) // an empty folder may stand there
		if err := os.Rename(work, dest); err != nil {
			return nil, c.fail(vcs.KindDestination, "cannot move the checkout into place", err, "check that "+dest+" is not in use")
		}
	}
	if spec.Subdirectory != "" {
		if err := c.checkSubdirectory(dest); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// checkSubdirectory checks that the requirement's subdirectory is a folder
// of the checkout at root, not missing and not a link leading out of it.
func (c *checkout) checkSubdirectory(root string) error {
	sub := c.spec.Subdirectory
	real, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(sub)))
	if err != nil {
		return c.fail(vcs.KindSubdirectory, "the repository has no folder "+sub, nil, "check #subdirectory= against the repository's layout at that revision")
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return c.fail(vcs.KindDestination, "cannot read the checkout", err, "check the folder's permissions")
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return c.fail(vcs.KindSubdirectory, sub+" leads outside the repository", nil, "#subdirectory= must name a folder inside the repository")
	}
	if st, err := os.Stat(real); err != nil || !st.IsDir() {
		return c.fail(vcs.KindSubdirectory, sub+" is not a folder", nil, "#subdirectory= must name the project's folder")
	}
	return nil
}

type checkout struct {
	ctx  context.Context
	spec *vcs.Spec
	o    *Options
	g    *runner
}

func (c *checkout) log(s string) {
	if c.o.Log != nil {
		c.o.Log(s)
	}
}

func (c *checkout) fail(kind vcs.Kind, reason string, err error, hint string) error {
	e := vcs.NewError(kind, c.spec, reason, hint)
	if err != nil {
		var ge *gitError
		if errors.As(err, &ge) {
			e.Detail = detail(err)
		} else {
			e.Err = err
			e.Detail = c.spec.Scrub(err.Error())
		}
	}
	return e
}

// inspectDest reports whether dest is an existing checkout to update; it
// refuses anything else that is not absent or empty.
func (c *checkout) inspectDest(dest string) (bool, error) {
	ents, err := os.ReadDir(dest)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, c.fail(vcs.KindDestination, dest+" is not a readable folder", err, "remove it or choose another folder")
	case len(ents) == 0:
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(dest, ".git")); err != nil {
		return false, c.fail(vcs.KindDestination, dest+" exists and is not a git checkout", nil,
			"remove or rename "+dest+" and try again")
	}
	origin, _ := c.g.ok(c.ctx, dest, "config", "--get", "remote.origin.url")
	if !sameRepo(origin, c.spec) {
		what := "has no origin remote"
		if origin != "" {
			what = "is a checkout of " + secret.ForDirectURL(c.spec.Scrub(origin), true)
		}
		return false, c.fail(vcs.KindDestination, dest+" "+what+", not of "+c.spec.Redacted(), nil,
			"remove or rename "+dest+", or install from the repository it holds")
	}
	return true, nil
}

func sameRepo(origin string, spec *vcs.Spec) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.TrimRight(s, "/"), ".git") }
	o := norm(secret.ForDirectURL(origin, true))
	return o != "" && (o == norm(spec.Redacted()) || norm(origin) == norm(spec.URL))
}

// fetch brings the remote's branches (under branchPrefix) and tags into
// repo, and its HEAD into refs/fwenv/HEAD when no revision was asked for.
func (c *checkout) fetch(repo, branchPrefix string) error {
	c.log("fetching " + c.spec.Redacted())
	// HEAD is always recorded, so that an offline checkout of the default
	// branch works from a mirror filled for another revision.
	args := []string{"fetch", "-q", "--no-tags", "--prune", "--", c.spec.URL,
		"+refs/heads/*:" + branchPrefix + "*", "+refs/tags/*:refs/tags/*", "+HEAD:refs/fwenv/HEAD"}
	_, err := c.g.run(c.ctx, repo, args...)
	if err != nil && c.spec.Ref != "" && strings.Contains(detail(err), "couldn't find remote ref HEAD") {
		// A remote whose HEAD names no branch; fine when a revision is given.
		_, err = c.g.run(c.ctx, repo, args[:len(args)-1]...)
	}
	if err != nil {
		if c.ctx.Err() != nil {
			return c.fail(vcs.KindUnreachable, "interrupted while fetching", c.ctx.Err(), "")
		}
		if d := detail(err); c.spec.Ref == "" && strings.Contains(d, "couldn't find remote ref HEAD") {
			return c.fail(vcs.KindUnknownRef, "the repository has no default branch (HEAD)", err,
				"name a branch, tag or commit after '@': "+c.spec.String()+"@main")
		}
		return c.fail(vcs.KindUnreachable, "cannot fetch from the repository", err,
			"check the URL, your network and your credentials (git must not need to prompt: use a credential helper, an ssh agent or a token in the URL)")
	}
	if vcs.IsFullCommit(c.spec.Ref) && !c.hasCommit(repo, c.spec.Ref) {
		// A commit no branch or tag reaches: ask for it by id (servers
		// that allow it, such as GitHub's, answer).
		c.g.ok(c.ctx, repo, "fetch", "-q", "--no-tags", "--", c.spec.URL, "+"+c.spec.Ref+":refs/fwenv/commits/"+c.spec.Ref)
	}
	return nil
}

func (c *checkout) hasCommit(repo, sha string) bool {
	_, ok := c.g.ok(c.ctx, repo, "cat-file", "-e", sha+"^{commit}")
	return ok
}

// resolve finds the commit the requested revision names in repo: a branch
// first (as pip does), then a tag, then a commit id.
func (c *checkout) resolve(repo, branchPrefix string, res *Result) error {
	g, ctx, ref := c.g, c.ctx, c.spec.Ref
	commit := func(name string) (string, bool) {
		return g.ok(ctx, repo, "rev-parse", "--verify", "--quiet", name+"^{commit}")
	}
	if ref == "" {
		sha, ok := commit("refs/fwenv/HEAD")
		if !ok {
			return c.fail(vcs.KindUnknownRef, "the repository's default branch is not known", nil, "name a branch, tag or commit after '@'")
		}
		res.Commit, res.Kind = sha, RefDefault
		// Name the default branch when one branch (or main/master) is there.
		if out, ok := g.ok(ctx, repo, "for-each-ref", "--points-at", sha, "--format=%(refname)", strings.TrimSuffix(branchPrefix, "/")); ok && out != "" {
			var names []string
			for _, r := range strings.Split(out, "\n") {
				names = append(names, strings.TrimPrefix(r, branchPrefix))
			}
			for _, n := range names {
				if n == "main" || n == "master" {
					res.Branch = n
				}
			}
			if res.Branch == "" && len(names) == 1 {
				res.Branch = names[0]
			}
		}
		return nil
	}
	if sha, ok := commit(branchPrefix + ref); ok {
		res.Commit, res.Kind, res.Branch = sha, RefBranch, ref
		return nil
	}
	if sha, ok := commit("refs/tags/" + ref); ok {
		res.Commit, res.Kind = sha, RefTag
		return nil
	}
	if len(ref) >= 4 && vcs.IsHex(ref) {
		if sha, ok := commit(ref); ok && strings.HasPrefix(sha, strings.ToLower(ref)) {
			res.Commit, res.Kind = sha, RefCommit
			return nil
		}
	}
	hint := "check the name with: git ls-remote " + c.spec.Redacted()
	if vcs.IsHex(ref) && !vcs.IsFullCommit(ref) {
		hint = "an abbreviated commit id is found only on fetched branches and tags: give the full 40-character commit id"
	}
	if c.o.Offline {
		return c.fail(vcs.KindOffline, "no branch, tag or commit "+ref+" in the cached mirror (offline)", nil,
			"run once with network access to fill the cache, or give a full commit id the cache holds")
	}
	return c.fail(vcs.KindUnknownRef, "no branch, tag or commit named "+ref, nil, hint)
}

// checkoutCommit moves repo's work tree to res.Commit (a local branch
// when Options.Branch and the revision is one).
func (c *checkout) checkoutCommit(repo string, res *Result, existing bool) error {
	if !c.o.Branch {
		res.Branch = ""
	}
	if existing {
		if head, ok := c.g.ok(c.ctx, repo, "rev-parse", "HEAD"); ok && head == res.Commit {
			if res.Branch != "" {
				if cur, _ := c.g.ok(c.ctx, repo, "symbolic-ref", "-q", "--short", "HEAD"); cur != res.Branch {
					res.Branch = ""
				}
			}
			return nil
		}
	}
	c.log("checking out " + res.Commit)
	var args []string
	if res.Branch != "" {
		args = []string{"checkout", "-q", "-B", res.Branch, res.Commit}
	} else {
		args = []string{"checkout", "-q", "--detach", res.Commit}
	}
	if _, err := c.g.run(c.ctx, repo, args...); err != nil {
		if existing {
			return c.fail(vcs.KindDestination, "cannot update the checkout in "+repo, err,
				"commit, stash or discard your changes in "+repo+" (or remove the folder) and try again")
		}
		return c.fail(vcs.KindGit, "git checkout failed", err, "")
	}
	if res.Branch != "" {
		c.g.ok(c.ctx, repo, "branch", "-q", "--set-upstream-to=origin/"+res.Branch, res.Branch)
	}
	return nil
}

// mirror brings the cache's bare mirror of the repository up to date as
// far as needed, resolves the revision in it into res, and returns the
// mirror's folder with its lock held (release with the returned func).
func (c *checkout) mirror(res *Result) (string, func(), error) {
	root := filepath.Join(c.o.CacheDir, "git")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", nil, c.fail(vcs.KindGit, "cannot create the cache folder "+root, err, "check the cache folder's permissions")
	}
	sum := sha256.Sum256([]byte(c.spec.Redacted()))
	dir := filepath.Join(root, hex.EncodeToString(sum[:]))
	unlock, err := lockFile(c.ctx, dir+".lock", func() {
		if c.o.Waiting != nil {
			c.o.Waiting("waiting for another fwenv using the cached mirror of " + c.spec.Redacted() + "…")
		}
	})
	if err != nil {
		return "", nil, c.fail(vcs.KindGit, "cannot lock the cached mirror", err, "check the cache folder's permissions")
	}
	ok := false
	defer func() {
		if !ok {
			unlock()
		}
	}()
	created := false
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
		if c.o.Offline {
			return "", nil, c.fail(vcs.KindOffline, "the cache has no mirror of this repository (offline)", nil,
				"run once with network access to fill the cache")
		}
		tmp, err := os.MkdirTemp(root, ".tmp-") // a leftover prefix cache pruning knows
		if err != nil {
			return "", nil, c.fail(vcs.KindGit, "cannot create a folder in the cache", err, "check the cache folder's permissions")
		}
		defer os.RemoveAll(tmp)
		if _, err := c.g.run(c.ctx, "", "init", "-q", "--bare", tmp); err != nil {
			return "", nil, c.fail(vcs.KindGit, "cannot create the cached mirror", err, "")
		}
		// Checkouts ask the mirror for commits by id.
		c.g.ok(c.ctx, tmp, "config", "uploadpack.allowAnySHA1InWant", "true")
		os.WriteFile(filepath.Join(tmp, "fwenv-url"), []byte(c.spec.Redacted()+"\n"), 0o644)
		os.RemoveAll(dir) // a broken leftover
		if err := os.Rename(tmp, dir); err != nil {
			return "", nil, c.fail(vcs.KindGit, "cannot create the cached mirror", err, "check the cache folder's permissions")
		}
		created = true
	}
	res.NoNetwork = c.o.Offline || (vcs.IsFullCommit(c.spec.Ref) && c.hasCommit(dir, c.spec.Ref))
	if !res.NoNetwork {
		if err := c.fetch(dir, "refs/heads/"); err != nil {
			if created {
				os.RemoveAll(dir) // an empty mirror of a repository never fetched
			}
			return "", nil, err
		}
	} else {
		c.log("using the cached mirror of " + c.spec.Redacted())
	}
	if err := c.resolve(dir, "refs/heads/", res); err != nil {
		return "", nil, err
	}
	ok = true
	return dir, unlock, nil
}

// lockFile takes an exclusive lock on path (created if needed), waiting
// until ctx is done.
func lockFile(ctx context.Context, path string, waiting func()) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	start, told := time.Now(), false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, err
		}
		if !told && time.Since(start) >= proc.AnnounceAfter {
			told = true
			waiting()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
