// Package cachedir knows the layout of fwenv's cache folder as a whole: which
// areas it holds (Areas, one table), how big each is (Measure), and how to
// empty it (Clean) or trim it to what is still useful (Prune) without
// breaking a fwenv process that is using it at the same time.
//
// The cache is derived data: every area can be deleted at any moment and is
// rebuilt on demand. The packages that own an area (env/python for probes,
// env/install/cache for unpacked wheels, env/build for build environments
// and built files, resolver/source for HTTP responses and downloaded files)
// decide what goes in it; this package only reads their layout from the
// outside and never imports them.
//
// Safety rules:
//
//   - A folder is treated as a cache only when it carries a CACHEDIR.TAG
//     written by fwenv (the standard cache-directory tag,
//     https://bford.info/cachedir/, which backup tools also honour) or when
//     everything in it is a known area; the file system root and the home
//     folder are refused whatever they hold (Check). Ensure writes the tag
//     the first time a folder is used as a cache, and refuses to tag a
//     folder that holds anything else.
//   - Whatever is removed is first renamed to a ".trash-*" sibling (an
//     atomic step: a concurrent reader sees the entry whole or not at all),
//     then deleted; files a reader has open stay readable until closed.
//     Read-only folders (the wheel cache's) are made writable first.
//   - Symbolic links are never followed: a link inside the cache is removed
//     as a link and its target is left alone, and sizes are those of the
//     link.
//
// Prune removes only what is provably unneeded: leftovers of interrupted
// work (".tmp-*", ".trash-*", ".evict-*", ".probe-*" and build work folders
// older than an hour), failed builds' logs older than the cut-off, probes
// of interpreters that are gone or changed, and entries of the "unused"
// areas whose last use is older than the cut-off. The last use of an entry
// is the newer of its own modification time and that of its use stamp, a
// sibling file named after it with ".used" appended, which Touch writes.
// Readers should call Touch when they reuse an entry: access times cannot
// be trusted (relatime, noatime, and hard-linking or cloning a file does not
// read it). An unpacked wheel also has a seal, ENTRY.seal (SealSuffix),
// written by env/install/cache; both are sidecars: never counted or pruned
// as entries themselves, removed with their entry, and removed an hour after
// their entry is gone.
//
// What it does not do: it prints nothing (Clean and Prune return a Report),
// asks nothing, takes no lock across the whole cache and does not know the
// format of the files inside an area beyond what pruning needs (the key of
// an interpreter probe).
package cachedir
