// Package indexer turns a folder of distributions (wheels, .tar.gz and .zip
// sdists) into a Simple Repository API index (PEP 503 HTML and PEP 691
// JSON): written once as static files by [Build], or served live by
// [Handler].
//
// For every distribution it lists the sha256 of the file (hash fragment and
// JSON "hashes"), its size (PEP 700), its Requires-Python (from the wheel's
// .dist-info/METADATA or the sdist's PKG-INFO) and, for wheels, the PEP
// 658/714 metadata file: the wheel's METADATA bytes served as
// "<file>.metadata" with their sha256 in data-core-metadata. Wheels are
// opened with archive/wheel (structure, names and RECORD checked; METADATA
// verified against RECORD, other members are not decompressed), sdists with
// archive/sdist (fully validated). A file whose name does not parse, whose
// archive is refused or that cannot be read is left out and reported in
// Summary.Skipped (or ServeOptions.Log) with the reason; other files
// (README, .metadata files, folders, hidden files) are ignored silently.
//
// [Build] writes DIR's index into OUT: OUT/simple/index.{html,json},
// OUT/simple/NAME/index.{html,json}, and each wheel's .metadata file beside
// the wheel. Links are relative ("../../FILE"), so OUT can be copied to any
// static web server or object store. When OUT is not DIR, the distributions
// are hard-linked (or copied) into OUT so that the tree stands alone; a
// manifest (OUT/simple/.fwenv-index.json) records what Build copied, so a
// re-run removes copies, pages and metadata files of distributions that
// left DIR and nothing else. Pages are written to temporary files and
// renamed, so a web server serving OUT never sends a half-written page;
// files whose size and time did not change are not read again.
//
// [Handler] serves DIR itself: GET and HEAD of /simple/ and /simple/NAME/
// negotiated on Accept (PEP 691; ?format= as PyPI has it), other spellings
// of a name redirected (301) to the normalised URL, the distributions and
// their .metadata under /files/, 404 for anything else. The folder is looked
// at on every request (names, sizes, times) and a file is read again only
// when it changed. With ServeOptions.Upstream, a project that DIR does not
// have is fetched from that index and re-served with absolute file URLs; a
// project DIR has is never looked up upstream (local names always win, as a
// devpi index layered on PyPI does, so nobody can shadow a private name
// upstream).
//
// What it does not do: no uploads, no yanking (a folder has no place to say
// so), no authentication of clients, no caching of upstream pages, and no
// upstream names on the /simple/ root page (PyPI's is hundreds of thousands
// of names); the upstream fetch is a small net/http client with a timeout,
// not the project's index client (resolver/source/fetch). It never prints:
// progress goes through Options.Progress and ServeOptions.Log.
package indexer
