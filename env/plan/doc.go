// Package plan decides what an install changes, before anything is fetched
// in full, built or installed.
//
// Make resolves the requested names and the user's own items (plan.Item:
// wheels given, or built from folders and sdists by the caller) together
// with everything they depend on, against the environment's installed set,
// from a resolver/source.Source through resolver/solver, and says for each
// chosen project which file provides it: a local wheel, or a file from a
// folder or an index still to fetch (an sdist still to build). Installed
// projects that may stay are first resolved without asking the sources;
// --prefer-binary first without the versions that have only sdists; each
// later attempt runs only when the one before has no solution. A conflict
// that rests on a constraint the installed set adds says so, and a version
// whose every file the target refuses says whether --only-binary/--no-binary
// or the wheel tags did (naming the target's Python and first tags).
//
// FromLock does the same for a lock file's entries selected for the
// interpreter (lockfile/lock): what to install, what to remove (sync), and
// the changes as a dry run shows them (Change, the same for both).
//
// What it does not do: it builds nothing and changes nothing. The
// resolution it runs reads index pages and metadata (PEP 658 files, or the
// wheel itself when an index has none), and asks the caller's
// solver.SdistBuilder (env/prepare) for the dependencies of a project that
// has only an sdist — a build the caller runs. Fetching the chosen files,
// building and installing are the next stages' (env/prepare, env/install).
package plan
