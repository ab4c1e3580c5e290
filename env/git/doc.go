// Package git checks a git requirement out: it runs the system git (no
// shell, GIT_TERMINAL_PROMPT=0, ssh in batch mode) to put the requested
// revision of a resolver/source/vcs.Spec into a folder and resolves it to
// the full commit id: a branch (preferred when a branch and a tag share a
// name, as pip does), a tag, a full or abbreviated commit id, or the
// remote's default branch when no revision is given. Submodules are
// initialised when the repository has any. With Options.CacheDir, each
// repository is kept as a bare mirror under CacheDir/git/<sha256 of the
// redacted URL>: the remote is contacted only when the revision is not a
// full commit id already in the mirror, checkouts are made from the
// mirror, and Options.Offline uses the mirror alone. Processes sharing a
// cache take a file lock per mirror. Checkouts are staged in a sibling
// folder and renamed into place, and an existing checkout of the same
// repository is updated rather than replaced (never one of another
// repository, nor one whose local changes would be lost).
//
// Every git runs through env/proc: in a process group of its own, with
// its output bounded; queries are short helpers with a time limit, and
// commands that move data (fetch, clone, checkout, submodule) never time
// out but are announced (Options.Waiting) when they take more than a
// second. Failures are *vcs.Error values (vcs.NewError), with what git
// said scrubbed of the URL's credentials (vcs.Spec.Scrub).
//
// What it does not do: parse or validate a VCS URL (resolver/source/vcs,
// which lock parsers use without running anything), build or install
// anything, speak Mercurial, Subversion or Bazaar, or print (Options.Log
// receives progress lines). It never writes credentials into the mirror,
// the checkout's configuration or an error message.
package git
