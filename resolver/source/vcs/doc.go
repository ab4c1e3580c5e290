// Package vcs turns a version-control requirement into a checkout on disk.
//
// Parse reads the forms pip accepts: "git+https://host/repo.git@v1.0#egg=name",
// "name @ git+ssh://git@host/repo.git@SHA", "git+file:///path/repo@branch#subdirectory=plugin1"
// (schemes git+https, git+http, git+ssh, git+git, git+file, and a bare git://).
// Only git is supported; hg+, svn+ and bzr+ URLs get a clear error. A Spec
// keeps credentials for git to use, and Redacted gives the form fit for
// messages and records (direct_url.json): PEP 610 and pip drop the user
// information except a "git" user and ${ENV} placeholders.
//
// Checkout runs the system git (no shell, GIT_TERMINAL_PROMPT=0, ssh in
// batch mode) to put the requested revision into a folder and resolves it to
// the full commit id: a branch (preferred when a branch and a tag share a
// name, as pip does), a tag, a full or abbreviated commit id, or the remote's
// default branch when no revision is given. Submodules are initialised when
// the repository has any. With Options.CacheDir, each repository is kept as a
// bare mirror under CacheDir/git/<sha256 of the redacted URL>: the remote is
// contacted only when the revision is not a full commit id already in the
// mirror, checkouts are made from the mirror, and Options.Offline uses the
// mirror alone. Processes sharing a cache take a file lock per mirror.
// Checkouts are staged in a sibling folder and renamed into place, and an
// existing checkout of the same repository is updated rather than replaced
// (never one of another repository, nor one whose local changes would be lost).
//
// The package does not build or install anything, does not speak
// Mercurial, Subversion or Bazaar, never prints (Options.Log receives
// progress lines), and never writes credentials into the mirror, the
// checkout's configuration or an error message.
package vcs
