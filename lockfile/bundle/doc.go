// Package bundle fills a folder with distribution files for offline use
// and keeps its manifest: a lock of kind "bundle" (lockfile/lock), saved
// as DIR/fwenv.lock, that lists every file with its sha256, the package it
// belongs to, where it came from, and whether it is only there to build an
// sdist.
//
// Add copies a file in (atomically, through a temporary name; a hard link
// when the file comes from fwenv's own cache, which checks its files on
// every use) unless the folder holds that content already, so a re-run
// copies nothing. Lock makes the manifest, packages and dependencies
// sorted, so the same bundle gives the same bytes. Building guards the
// build of an sdist against build-requirement cycles.
//
// For a restore (`fwenv install -f BUNDLE`), Find reads a folder's
// manifest, Requested says what it was made for in an environment, Verify
// checks every file it lists (build requirements too) before any is used,
// and Source serves the listed files only.
//
// It does not resolve, fetch, build or install anything: `fwenv download`
// and `fwenv install` do.
package bundle
