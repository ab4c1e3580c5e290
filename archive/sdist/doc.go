// Package sdist opens a source distribution (an sdist: .tar.gz, and the
// legacy .tgz, .tar.bz2, .tar and .zip) and validates all of it before
// anything is written anywhere, then unpacks it into a new folder.
//
// What it does, in [New] and [Open]:
//   - takes the format from the file name and checks that the content
//     agrees; takes the project name and version from the name (PEP 625
//     NAME-VERSION.tar.gz or a legacy name such as foo-bar-1.0.tgz), or from
//     the top-level folder when the name does not parse;
//   - reads every member once, decompressing for real: the member count,
//     each member's size, the total uncompressed size and the compression
//     ratio are enforced while reading, so no header is trusted for them
//     (gzip and bzip2 bombs stop early);
//   - refuses members whose final name (after PAX path/linkpath records and
//     GNU long names, as archive/tar applies them) is unsafe: empty, "..",
//     "." or empty components, absolute, drive letters, backslashes, NUL or
//     other control characters, invalid UTF-8; members outside the single
//     top-level folder NAME-VERSION/; devices, FIFOs, sockets and other
//     types; GNU sparse files; PAX global headers that set path, linkpath or
//     size; duplicate names, names equal but for case, a name that is both a
//     file and a folder; anything but zeros after the end-of-archive marker;
//   - keeps a symbolic or hard link only when it resolves, component by
//     component and without passing through another link, to a regular file
//     of the sdist (a hard link: one that comes earlier); a member whose path
//     goes through a link member ("a link then a file through it") is
//     refused, as is every link pointing outside the top-level folder, at a
//     folder, at another link or at nothing. Zip entries whose Unix mode is
//     S_IFLNK are links too.
//
// [Sdist.Extract] reads the archive again, compares every member with what
// was validated, and writes into a new folder through a temporary sibling
// and an os.Root: regular files (0644, or 0755 with any execute bit;
// setuid, setgid and sticky bits dropped) and folders only — links become
// copies of their target. [Sdist.PKGINFO] parses the top-level PKG-INFO
// (archive/metadata); [Sdist.StaticMetadata] returns it only when PEP 643
// makes its dependencies static (Metadata-Version 2.2+, Requires-Dist and
// Requires-Python not Dynamic), so they can be read without a build;
// HasPyproject, HasSetupPy and HasSetupCfg say which build files the
// project has.
//
// Every refusal is an *Error naming the file and the member, with a hint,
// testable with errors.Is against the Err* kinds.
//
// What it does not do: it never runs a process or builds anything
// (env/build does), never writes outside the folder given to Extract,
// reads neither xz nor zstd, does not compare Unicode normalisation forms
// (NFC/NFD) of names, does not read zip local headers (the central
// directory, which Python's zipfile also reads, is authoritative), and
// does not keep links, ownership, extended attributes or folder times.
package sdist
