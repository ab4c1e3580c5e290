// Package fwlock is the codec of fwenv.lock, fwenv's own lock file: it
// reads the file's bytes into lockfile/lock's model (Parse) and writes a
// model as the file (Marshal).
//
// The same format serves two purposes, told apart by its kind:
//
//   - "bundle": the manifest that `fwenv download -d DIR` writes as DIR/fwenv.lock.
//     Every artifact is a file in DIR, named by a path relative to DIR, so the
//     folder can be copied to a host without network and installed from there.
//   - "lock": what `fwenv lock` writes for a project: the exact versions and
//     the files they come from (by URL), for `fwenv sync` to reproduce.
//
// The file is YAML (go.yaml.in/yaml/v3). Marshal sorts everything that has no
// meaningful order (packages, artifacts, dependencies, marker keys), so the same
// data always gives byte-identical files that review well in a diff; the
// requirements (in the order the user gave them) and the target's compatible
// tags (best first) keep their order.
//
// Parse is strict: unknown keys, a format version this fwenv does not know,
// malformed names, versions and hashes, sources with zero or several kinds,
// duplicate packages, credentials in any URL and artifact paths that leave
// the lock file's folder are all refused with a *lock.Error that names the
// file, the line when one is known, and the package, and carries a Hint.
// Marshal refuses the same, and what fwenv.lock has no place for but would
// change what a lock installs (PEP 751's environments, extras and groups, a
// subdirectory, a repository other than git by URL): those locks are
// written as pylock.toml (lockfile/pylock).
//
// What this package does not do: read or write files (lockfile/lockset
// does, choosing the codec by the file's name), select what to install (the
// model's Select does, for both formats), resolve or download anything, or
// check that artifacts exist or match their hashes. It checks the text of
// artifact paths only: a symbolic link inside a bundle folder that points
// elsewhere is not detected here. It never prints; errors are its only
// output.
package fwlock
