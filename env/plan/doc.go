// Package plan decides what an install changes: it resolves the requested
// names and the user's local wheels (already built) together with everything
// they depend on, against the environment's installed set, from the
// find-links folders (resolver/solver), and says for each chosen project
// which file provides it — a local wheel, a wheel from a folder, or an sdist
// still to build. A dry run is this plan, printed. It changes nothing.
package plan
