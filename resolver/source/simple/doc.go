// Package simple reads and writes the pages of the Simple Repository API,
// the format every Python package index speaks: PEP 503 (HTML), PEP 691
// (JSON), with PEP 592 (yanked files), PEP 658/714 (core metadata served
// beside a distribution), PEP 700 (versions and file sizes) and the
// data-requires-python attribute.
//
// Reading:
//   - [ParseHTML] takes any HTML page of links (an index's project page or a
//     pip --find-links page). It uses an HTML tokenizer of its own that
//     follows the WHATWG tokenizer rules for tags, attributes, character
//     references, comments and raw-text elements (script, style, title...),
//     and is tested to give the same links as golang.org/x/net/html on
//     fixed and fuzzed pages (that package is not linked in: its entity
//     table costs every fwenv command 0.1-0.2 ms of start-up). Only <a>
//     elements count, attribute values are unescaped (&gt;=3.8 reads as
//     >=3.8), relative hrefs are resolved against the page URL or the
//     page's first <base href>. Links whose href is not a URL are left out
//     and listed in Project.Warnings.
//   - [ParseJSON] takes a PEP 691 page; an api-version whose major is not 1,
//     malformed JSON or a field of the wrong type is an *Error naming the
//     page URL.
//   - [Parse] chooses by Content-Type; [ParseIndexHTML] and [ParseIndexJSON]
//     read the root page that lists project names.
//
// In both formats a file's URL is made absolute and loses its #fragment
// (hashes go to File.Hashes) and any user:password@ part: credentials are
// the fetcher's business, for the origin they belong to, and never travel
// inside a File.
//
// Writing: [WriteProjectHTML], [WriteProjectJSON], [WriteIndexHTML] and
// [WriteIndexJSON] produce deterministic pages (files sorted by filename,
// projects by normalised name, JSON api-version 1.1). The HTML page carries
// one hash per link (sha256 when known, else the strongest), both
// data-core-metadata and the legacy data-dist-info-metadata attribute (for
// older pip) and no sizes, as PEP 700 adds sizes to JSON only. Writing
// then parsing a page gives the same Project (for HTML: without Name,
// Versions and Size, which HTML cannot carry).
//
// What it does not do: no HTTP (resolver/source/fetch and the index client
// do that), no choice between files, no check that a filename is a valid
// distribution name (resolver/source.ParseFilename), no gpg signatures and
// no upload times.
package simple
