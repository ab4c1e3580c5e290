// Package atomicfile writes a file so that a reader sees the old file or
// the new one, never a part of it: the content goes to a temporary file in
// the destination's folder, which is renamed over the destination once it
// is complete. It is fwenv's one writer of that kind: lock files, index
// pages, built wheels and sdists placed in an output folder, distribution
// files copied into a bundle or an index folder, a build environment's
// marker, and the cache's small files (page entries, interpreter probes,
// URL references, seals, CACHEDIR.TAG) all go through it. Two writers that
// rename a finished file stay apart on purpose: env/install's journal,
// whose folder must be synced or the install stops (here a folder sync is
// best effort), and a download (resolver/source/fetch), staged in the
// download's own temporary folder because its name in the cache is known
// only once its bytes are hashed.
//
// The caller says how the file is made (Options): its permission bits,
// either less the umask as for any new file (what fwenv makes for the
// user: built artifacts, lock files, index pages, bundle copies, 0666 or
// 0644 less the umask, as cp would) or exactly (the cache's files, which
// may be private, 0600); whether it is flushed to disk before the rename (files
// that must survive a crash: lock files); the temporary file's name
// pattern (the cache's pruning knows its leftovers by their prefix); and a
// modification time to keep (a copy of a distribution file). There are two
// entry points: WriteFile for bytes in memory and Write for a stream.
// On every failure the temporary file is removed and the destination is
// left as it was.
//
// It does not make the destination's folder (the caller does, with the
// mode it wants), does not write folders (those are staged and renamed
// by their owners: env/install, env/venv, archive/sdist), does not lock
// against other writers (the last rename wins, each file whole), and does
// not link: a caller that can hard-link a file into place does that
// itself and copies through Write only when it cannot (NewFileMode says
// which mode a new file gets, so a caller links only a file whose mode
// is that). It imports nothing
// of fwenv's, so every folder may use it.
package atomicfile
