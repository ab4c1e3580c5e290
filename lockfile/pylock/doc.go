// Package pylock reads, writes and selects from PEP 751 lock files
// (pylock.toml, pylock.NAME.toml), the standard format that uv and pip
// write, next to fwenv's own fwenv.lock (lockfile/fwlock).
//
// What it does:
//
//   - Parse and Load read a pylock.toml strictly (TOML through
//     github.com/pelletier/go-toml/v2) into a Lock: lock-version must be
//     "1.x" (another major version is refused; a newer minor is read with a
//     warning in Lock.Warnings, its unknown keys ignored); keys PEP 751 does
//     not define are refused outside [tool]; created-by is required; every
//     package needs a valid name, a PEP 440 version when it comes from an
//     sdist or wheels, and exactly one source kind (vcs, directory,
//     archive, or sdist and/or wheels); a vcs needs a commit-id; archives,
//     sdists and wheels need hashes (hex, of the right length for the
//     known algorithms); wheel file names must parse and name the package
//     and its version; URLs with credentials are refused anywhere. Errors
//     are *Error values naming the file, the line when it can be found and
//     the package, with a Hint.
//   - Marshal and Save write a lock deterministically (packages by name,
//     version and marker; wheels by file name; hashes and tool tables by
//     key), in the layout uv uses, atomically for Save.
//   - Select picks, for one marker environment, extras and dependency
//     groups, the packages whose markers hold and the artifact to install
//     for each: the best wheel by a caller's rank function, else the sdist,
//     else the archive, directory or vcs source.
//   - FromFwlock converts an fwenv.lock into a pylock.toml (see there for
//     the mapping), so fwenv sync and install work on one representation.
//
// PEP 751 markers may test the lock-only set variables `extras` and
// `dependency_groups` (`'dev' in dependency_groups`). resolver/pep508 does
// not know them, so this package rewrites each such test into a literal
// comparison that is true or false for the requested extras and groups and
// lets pep508 evaluate the rest. Only the forms `'NAME' in SET` and
// `'NAME' not in SET` are accepted, as PEP 751 defines.
//
// What it does not do: resolve, download or install anything, check that
// files exist or match their hashes (the caller verifies when it opens
// them), walk packages' dependencies (markers decide what applies), or
// check paths: PEP 751 paths are relative to the lock file's folder and may
// leave it or be absolute; File.Resolve and ResolvePath join them and
// callers that need containment check it. It never prints.
package pylock
