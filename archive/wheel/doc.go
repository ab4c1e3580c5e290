// Package wheel opens a wheel file (PEP 427/491) and validates all of it
// before anything is written anywhere, then hands its files to an installer
// one by one, each with the install scheme it goes to.
//
// What it does, in [New] and [Open]:
//   - parses the filename (archive/wheelname) and the zip central directory,
//     and checks every local file header against it (name, method, sizes);
//   - refuses members whose names are unsafe (empty, "..", "." or empty
//     components, absolute, drive letters, backslashes, NUL or other control
//     characters, invalid UTF-8), symbolic links and every other non-regular
//     member, encrypted members and compression methods other than stored and
//     deflate, duplicate names, names equal but for case, a name that is both
//     a file and a folder, two members landing on the same installed path;
//   - enforces caps (per member and total uncompressed size, member count,
//     compression ratio, overlapping members) from the headers first and again
//     while decompressing, so a lying header cannot get past them;
//   - finds the single NAME-VERSION.dist-info folder and checks it against the
//     filename; parses WHEEL (Wheel-Version 1.x, Root-Is-Purelib, Tag),
//     METADATA (archive/metadata; Name and Version must match the filename),
//     RECORD (archive/record) and entry_points.txt (archive/entrypoints);
//   - checks that every member but RECORD and its signatures is listed in
//     RECORD with a hash and that RECORD lists nothing absent, then hashes
//     every member and compares hash and size (unless the caller defers
//     this to streaming with Options.DeferContentCheck);
//   - maps each member to its scheme: the root goes to purelib or platlib
//     (Root-Is-Purelib), NAME-VERSION.data/SCHEME/... to purelib, platlib,
//     scripts, headers or data; other .data subfolders are refused, script
//     names must be plain file names that do not replace the environment's
//     python, activate or pip files (archive/entrypoints.CheckScriptName),
//     and so must console_scripts and gui_scripts entry point names.
//
// [File.Open] streams a member again and re-checks its size and hash at the
// end, so a file changed on disk after validation is noticed too. Files may
// be opened and read concurrently.
//
// What it does not do: it never writes a file, runs a process or decides
// where schemes are on disk (env/install does, through a destination that
// refuses paths outside the target); it does not check that the wheel's tags
// suit an interpreter (archive/tags), parse versions or requirements
// (resolver), rewrite shebangs or verify RECORD signatures.
package wheel
