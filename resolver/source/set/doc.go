// Package set builds the sources one command resolves and fetches from,
// from typed configuration: find-links folders, local HTML files of links
// and pages, the package index
// and extra indexes (or none), the index strategy, offline mode, and the
// HTTP client's settings. A requirements file's options (--index-url,
// --extra-index-url, --no-index, -f) join the configuration as pip joins
// them: the command line's --index-url wins, lists add up.
//
// A Set is what the later stages take: Source for the resolution, Fetcher
// for files and metadata, the local folders (for build requirements), and
// a description of the sources for messages.
//
// An index that cannot be reached at all (fetch.UnreachableError's
// NoConnection), or offline an index page not in the cache, is passed over
// when other sources remain (as pip does): said once per index through
// Env.Warn (offline: Env.Note), and Explain adds to a failure of the
// resolution which sources were searched and which index was not.
//
// What it does not do: it reads no requirements file (lockfile/requirements
// does; the caller passes the options it found), knows nothing of
// environments or the cache's layout (the caller passes the cache folder and
// a function that marks cache files used), and prints nothing (waits are
// announced through Env.Waiting, passed-over indexes through Env.Warn and
// Env.Note).
package set
