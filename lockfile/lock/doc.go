// Package lock is fwenv's one lock model: what a lock file says, whichever
// of its two formats it is written in, and what it selects for one
// interpreter.
//
// A Lock is read from and written to bytes by a codec: lockfile/fwlock for
// fwenv.lock (fwenv's own YAML, which also serves as a bundle's manifest)
// and lockfile/pylock for pylock.toml (PEP 751). lockfile/lockset reads and
// writes files of either format, deciding the format from the file's name
// with FormatOf, the one place that rule is written.
//
// The model is the union of what the two formats can say, so that each
// codec reads its files back unchanged: a package comes from an index or a
// find-links location (its distribution files are its Artifacts), from one
// archive named directly, from a project folder or from a repository at one
// commit (Source); PEP 751's environments, requires-python, extras,
// dependency groups and [tool] tables, and fwenv's kind, target,
// requirements, requested and build-only flags all have their fields. A
// codec refuses, with an *Error, what its format cannot hold.
//
// Select is the one implementation of "what does this lock install here"
// for both formats: PEP 751's installer steps (environments,
// requires-python, extras and dependency groups, markers that may test
// `'NAME' in extras` and `'NAME' in dependency_groups`, at most one entry
// per package), then for each package the best-ranked wheel for the
// interpreter's tags, else its sdist, else the archive, folder or
// repository it names. The result is a list of Entry values with what an
// installer needs (file, sha256, absolute path or URL; folder; git
// requirement and commit); Entry.Locate finds and checks an entry's file
// and Entry.CheckBuilt checks a wheel built from a folder or a checkout.
//
// What it does not do: parse or write either format (the codecs do), read
// or write lock files (lockset does), fetch anything itself (Locate reads
// the files it finds to check their sha256 and fetches through the
// function it is given), resolve, build or install anything, or print.
// Errors are *Error values that name the file, the line and the package
// when they are known, and carry a Hint.
package lock
