// Package plan decides what an install changes: it resolves the requested
// names and the user's local wheels (already built) together with everything
// they depend on, against the environment's installed set, from a
// resolver/source.Source (find-links folders, package indexes) through
// resolver/solver, and says for each chosen project which file provides it —
// a local wheel, a file from a folder or an index (still to fetch), or an
// sdist still to build. Installed projects that may stay are first resolved
// without asking the sources; --prefer-binary first without the versions
// that have only sdists; each later attempt runs only when the one before
// has no solution. A dry run is this plan, printed. It changes nothing and
// fetches nothing but index pages and metadata.
package plan
