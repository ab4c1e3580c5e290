// Package fetch is the one HTTP client of fwenv: index pages, find-links
// pages, distribution files and PEP 658 metadata files all go through it.
//
// What it does:
//
//   - Page GETs an index or find-links page through an HTTP cache kept under
//     CacheDir/http: a copy still fresh by its Cache-Control max-age is used
//     without any request; a stale one is revalidated with If-None-Match /
//     If-Modified-Since, and a 304 answer serves the stored body.
//   - Download streams a file into CacheDir/files, verifying the announced
//     digests before the file becomes visible (temporary file in the final
//     folder, verify, rename). A file whose sha256 is announced and already
//     cached is hashed again and returned without touching the network; one
//     that no longer matches (torn by a crash, changed through a hard link)
//     is removed and fetched again. Nothing unverified stays in the cache:
//     a file announced without a digest must be the complete archive its
//     name promises (a wheel or .zip its ZIP directory, a .tar.gz a gzip
//     stream to its end) and as long as the Content-Length said, both
//     before it enters the cache (a *DamagedError otherwise, retried like
//     a reset connection) and whenever it is served from there (a damaged
//     one is removed with the URL's reference to it, and fetched again).
//   - net/http's transport reports protocol oddities through Go's standard
//     logger; RouteStdLog lets the program send those lines elsewhere than
//     raw to stderr.
//   - Credentials come from a URL's userinfo (registered per origin:
//     scheme, host and port) and from ~/.netrc (by host). The client's
//     transport attaches them only to requests whose origin matches, so a
//     redirect to another origin carries none. They never appear in errors,
//     in cached file names or in stored responses (request headers are never
//     stored).
//   - TLS is always verified, against the system roots plus an optional
//     PEM bundle (Options.CertFile, the CLI's --cert). There is no switch to
//     turn verification off.
//   - HTTP_PROXY, HTTPS_PROXY and NO_PROXY (and their lower-case forms) are
//     read through Options.Getenv.
//   - Errors that cannot heal (unknown host, connection refused, untrusted
//     certificate, 4xx) fail at once; 5xx, 429, timeouts, reset connections
//     and truncated bodies are retried with exponential backoff and jitter.
//     UnreachableError.NoConnection tells the failures where no connection
//     was made at all (no such host, refused, no route) from the others.
//   - Offline mode makes no connection at all: only what the caches hold is
//     served, anything else is an *OfflineError.
//
// What it does not do: it knows nothing of the simple-index formats (see
// resolver/source/simple and resolver/source/index), never prints (download
// progress goes to Options.Progress), and never prunes its caches.
package fetch
