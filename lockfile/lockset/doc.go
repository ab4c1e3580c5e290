// Package lockset reads and writes lock files of either format — fwenv.lock
// (lockfile/fwlock) or pylock.toml (lockfile/pylock) — as lockfile/lock's
// one model, choosing the codec by the file's name (lock.FormatOf): Load
// and LoadFound read, Save writes atomically, and Read reads a lock and
// selects its entries for one interpreter (lock.Lock.Select).
//
// Reads are bounded (a lock file is at most 64 MiB); a lock fwenv found
// itself must be a regular file. Writes go through a temporary file in the
// same folder, renamed over the old one, so a reader sees the old lock or
// the new one, never a part.
//
// It does not parse or write either format itself, select, build or
// install anything, and never prints: errors are *lock.Error values naming
// the file, with a hint.
package lockset
