// Package pylock is the codec of PEP 751 lock files (pylock.toml,
// pylock.NAME.toml), the standard format that uv and pip write: it reads
// the file's bytes into lockfile/lock's model (Parse) and writes a model as
// the file (Marshal). fwenv's own format is lockfile/fwlock's.
//
// What it does:
//
//   - Parse reads a pylock.toml strictly (TOML through
//     github.com/pelletier/go-toml/v2): lock-version must be "1.x" (another
//     major version is refused; a newer minor is read with a warning in the
//     lock's Warnings, its unknown keys ignored); keys PEP 751 does not
//     define are refused outside [tool]; created-by is required; every
//     package needs a valid name, a PEP 440 version when it comes from an
//     sdist or wheels, and exactly one source kind (vcs, directory,
//     archive, or sdist and/or wheels); a vcs needs a commit-id; archives,
//     sdists and wheels need hashes (hex, of the right length for the
//     known algorithms); wheel file names must parse and name the package
//     and its version; URLs with credentials are refused anywhere. Errors
//     are *lock.Error values naming the file, the line when it can be found
//     and the package, with a Hint.
//   - Marshal writes a lock deterministically (packages by name, version
//     and marker; wheels by file name; hashes and tool tables by key), in
//     the layout uv uses, after the same checks.
//
// How the model maps onto PEP 751: sdist and wheels are the package's
// artifacts (sdist first), with index as Source.Index; an archive is
// Source.Archive with its file as the one artifact (named from its path or
// URL); directory and vcs are Source.Directory and Source.VCS; a
// find-links location is not written (the files' paths and URLs say where
// they are). What PEP 751 has no key for is written the way fwenv has
// always written it, and read back:
//
//   - the lock's kind, target and requirements go under [tool.fwenv]
//     (Parse leaves that table in Tool); when the lock names no
//     environments, the target's marker values (implementation,
//     python_version, sys_platform, platform_machine) make one;
//   - a requested package gets requested = true under
//     [packages.tool.fwenv], read back into Requested; in a lock fwenv did
//     not write (no kind under [tool.fwenv]) a package whose table does not
//     say is RequestUnknown;
//   - a build-only package gets the marker `'fwenv-build' in
//     dependency_groups` (see BuildGroup) and build-only = true; Parse keeps
//     both as written (the marker, and the table in the package's Tool), so
//     that Select, as any PEP 751 installer, leaves the package out unless
//     the group is asked for;
//   - a source tree's version goes to [packages.tool.fwenv] version, since
//     PEP 751 gives source trees none, and is read back into Version.
//
// PEP 751 markers may test the lock-only set variables `extras` and
// `dependency_groups` (`'dev' in dependency_groups`); lockfile/lock checks
// and evaluates them.
//
// What it does not do: read or write files (lockfile/lockset does),
// select what to install (the model's Select does), resolve, download or
// install anything, check that files exist or match their hashes, or check
// paths: PEP 751 paths are relative to the lock file's folder and may leave
// it or be absolute. It never prints.
package pylock
