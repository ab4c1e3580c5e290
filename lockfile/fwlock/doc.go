// Package fwlock reads and writes fwenv.lock, fwenv's own lock file.
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
// the lock file's folder are all refused with an *Error that names the file,
// the line when one is known, and the package, and carries a Hint.
//
// Select picks, for one environment, the packages whose markers hold and for
// each the artifact to install (the best-ranked wheel, else the sdist), as
// lockfile/pylock's Select does for PEP 751 files.
//
// What this package does not do: it resolves nothing, downloads nothing and
// does not check that artifacts exist or match their hashes (callers verify
// the sha256 and size when they open a file). It does not follow symbolic
// links: Artifact.Resolve checks the path's text only, so a symbolic link
// inside a bundle folder that points elsewhere is not detected here. It never
// prints; errors are its only output.
package fwlock
