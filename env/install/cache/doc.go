// Package cache keeps unpacked wheels, content-addressed by the sha256 of the
// wheel file, and populates environments from them by reflink, hard link or
// copy.
//
// Layout: DIR/wheels/XX/SHA256/ holds the wheel's members under their archive
// names (XX is the first two hex digits), all but RECORD (an installer writes
// its own). An entry is written into a
// temporary sibling folder (".tmp-*"), every member streamed through
// archive/wheel's File.Open (which checks size and RECORD hash at the end),
// made read-only (files 0444, or 0555 when the archive marks them executable),
// and only then renamed into place. Several fwenv processes may fill the same
// entry at once: the first rename wins, the losers delete their copy and use
// the winner's, which has the same content by construction. A half-written
// temporary folder left by a killed process is never read and is swept by the
// next fill of the same key (after an hour) or by deleting the cache.
//
// Link modes: clone (FICLONE on Linux, clonefile on macOS: a private
// copy-on-write copy, writable 0644/0755), hardlink (the environment's file is
// the cache's inode, so it stays read-only: an editor that replaces the file
// works, while open(O_WRONLY) fails with "permission denied" instead of
// silently changing every environment that shares it), copy (a private copy,
// writable), and auto (clone, else hardlink, else copy; decided on the first
// file and remembered).
//
// A lookup that finds an entry stamps it as used (env/cachedir.Touch), so
// fwenv cache prune keeps what is in use.
//
// Nothing unverified is linked from the cache: before an install links from
// an entry, Verify checks it. The quick check (every install) compares each
// file's type, size and modification-time stamp with RECORD, and hashes the
// files whose inode change time is later than the entry's seal (a sibling
// file ENTRY.seal renewed after each unpack and each install that linked
// from the entry): an edit through a hard link in some environment changes
// that time even when it keeps size and modification time (so does a link
// removed, by a deleted environment: stat cannot tell that from an edit
// made after it, so those files are hashed too, once). The full check
// (install --force-reinstall) hashes every file against RECORD. A damaged
// entry is evicted and unpacked afresh from the wheel; verify.go says what
// the quick check cannot see.
//
// What it does not do: it does not download wheels, decide where files go in
// an environment, rewrite scripts (those are copied by env/install), prune
// old entries (env/cachedir does) or lock anything (renames make concurrent
// use safe).
package cache
