// Package lockset reads a lock file of either format — fwenv.lock
// (lockfile/fwlock) or pylock.toml (lockfile/pylock) — and says, for one
// interpreter, what to install: each package whose markers hold, with the
// one thing it comes from. That is a file (the best-ranked wheel for the
// interpreter's tags, else the sdist) with its sha256 and where the lock
// says it is, or a project folder (editable or not), or a git repository at
// one full commit.
//
// Locate finds an entry's file (where the lock says, in -f folders, at a
// file: URL, else through a fetch function it is given) and checks its
// sha256. CheckBuilt refuses a wheel built for an entry that is another
// project or version than the lock names. It does not build or install
// anything; sync and download do.
package lockset
