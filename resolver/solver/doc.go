// Package solver chooses the versions to install: a PubGrub resolver (the
// algorithm of Dart's pub, pubgrub-rs and uv) for Python distributions, with
// conflict reports in plain sentences.
//
// What it does:
//
//   - Resolve takes root requirements (PEP 508, with extras and markers),
//     constraints (-c: they limit versions, never add a project), the
//     installed set (kept when it satisfies, pip's only-if-needed, unless
//     Upgrade/UpgradeAll), the target's marker environment and Python version,
//     and a Provider, and returns the chosen versions with the extras asked
//     for and why each project is there, sorted by name.
//   - Versions are tried newest first. Pre-releases (and development
//     releases) are used when Request.Pre is set, inside the range of a
//     requirement or constraint that names one with any operator but !=,
//     when they are necessary (no final release satisfies a requirement, or
//     two together, or the project has none), or when that version is
//     installed (prerelease.go); a resolution starts again when a dependency
//     opens pre-releases of a project already in play. Yanked versions are used only when a
//     root requirement or constraint pins them (== or ===). Requires-Python is
//     honoured from the provider (an index's data-requires-python) and from
//     the metadata. A project with extras is its own package, "app[cli]",
//     that depends on "app" at the same version, as in uv.
//   - Each project's versions are listed once (Provider.Versions) and kept
//     as the project's universe; every version set is a bitset over it, so
//     set operations are exact (no interval approximations for the PEP 440
//     rules that intervals cannot express) and cheap. Metadata is read only
//     for versions the solver tries. Incompatibilities learned for adjacent
//     versions with the same dependency are merged, so one conflict rules
//     out a whole range. Packages are decided singletons first, then those
//     most often in conflicts, then in the order they were met.
//   - When there is no solution, the error is a *NoSolutionError whose
//     Report follows the derivation ("Because plugin-x 1.0 depends on
//     libcore<2 and app 1.0 depends on libcore>=2, plugin-x 1.0 and app 1.0
//     cannot be installed together. And because you require plugin-x and
//     app, your requirements cannot be satisfied.") and whose Hint suggests a
//     fix (--pre, a == pin for a yanked release, another interpreter).
//   - MemoryProvider serves metadata from memory (tests, lock files);
//     SourceProvider serves any resolver/source.Source (find-links folders,
//     package indexes), reading METADATA from local wheels, PEP 658 metadata
//     files or fetched wheels, and asking a hook for sdists.
//
// What it does not do: it never looks at an environment or runs Python (the
// installed set, the marker environment and the Python version come in as
// data); it does not choose files (the caller runs source.Choose for the
// chosen version); it does not build sdists (SdistMetadata is the caller's
// hook into env/build); direct references (name @ URL) are the caller's to
// turn into a candidate. Deliberate differences from pip 23.2 are listed in
// docs/resolver.md.
package solver
