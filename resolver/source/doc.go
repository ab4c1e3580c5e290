// Package source says where distributions come from and which file to take.
//
// A find-links folder (FindLinks) is scanned once for wheels and sdists (an
// entry may also be a local HTML file of links, read by LinksFile, of which
// FindLinks keeps the links to local files);
// each file is known by its normalised project name, its PEP 440 version and,
// for wheels, its compatibility tags. Choose picks the best file of a project
// for a target: the newest version the specifier allows (pre-releases as PEP
// 440 allows them, or when asked), and for that version the wheel with the
// best-ranked tag, else the sdist. When nothing fits, the error lists what
// was there and why each file was passed over.
//
// Source is what every origin of files implements: FindLinks here, package
// indexes and find-links pages in resolver/source/index (over the HTTP client
// of resolver/source/fetch). Multi combines them: the local folders always,
// and the indexes with first-index priority (dependency-confusion
// protection) unless UnsafeBestMatch; an index whose failure Multi.Passable
// accepts (the caller's rule: one that cannot be reached) is passed over
// when another source answered. Files carry what the source announces
// (hashes, yanked, data-requires-python, PEP 658 metadata); VerifyFile checks
// a file against hashes and FileSHA256 hashes one (both refuse anything but
// a regular file, so a FIFO never blocks them); FileURL writes a path as a
// file: URL the way pip does, and FileURLPath reads one back; PlaceFile puts a copy of a distribution file into a folder
// atomically; Formats is --only-binary / --no-binary.
package source
