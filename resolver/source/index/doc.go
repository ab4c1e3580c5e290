// Package index makes package indexes and find-links pages into
// resolver/source Sources, and fetches their files.
//
//   - Index is a PEP 503/691 simple index at a base URL
//     ("https://pypi.org/simple", with or without the trailing slash,
//     credentials in the URL allowed). Files GETs BASE/<normalised-name>/
//     asking for JSON first (simple.Accept); the page is read by its
//     Content-Type, so a server that ignores Accept and answers HTML works
//     too. A JSON page whose api-version is not 1.x is refused. Each
//     project's page is fetched once for the Index's life; Prefetch fetches
//     several in parallel.
//   - FlatPage is a find-links URL (pip -f URL): one HTML page of links to
//     files of any projects, fetched once. NewLocalPage makes one of a
//     local HTML file (pip -f ./links.html): relative links are relative to
//     the file's folder, and file: links are local files, read in place.
//   - Fetcher implements source.Fetcher: remote files are downloaded into
//     the fetch client's file cache with their announced hashes verified;
//     local ones are verified in place; PEP 658 metadata files are fetched
//     and verified the same way. A wheel whose metadata file the Fetcher
//     served is compared with it when the wheel is fetched (CheckMetadata):
//     the index's claim is checked against the wheel before anything is
//     installed from a resolution that used it.
//
// Remembered fetches follow one rule (memoTable): a failure is the answer
// for the rest of the Index's life, a timeout by the fetch's own deadline
// included; retrying is the fetch client's policy, and no caller loops on
// a remembered error. Only a fetch abandoned because its caller's own
// context ended is fetched again, at most twice per waiter, and every wait
// ends with the waiter's context.
//
// Every file's URL and Origin are free of credentials: those in an index URL
// are registered with the fetch client, which sends them to their own origin
// only.
//
// What it does not do: HTTP itself (resolver/source/fetch), page formats
// (resolver/source/simple), choosing between indexes (source.Multi) or
// between files (the solver). It never prints; the simple parser's warnings
// about unreadable links are dropped.
package index
