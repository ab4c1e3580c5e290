// Package requirements reads pip's requirements file format: one
// requirement per line (a PEP 508 string, a local path or archive, or a URL),
// comments, backslash line continuations, ${VAR} expansion, nested -r/-c
// files (relative to the including file), -e editable lines, per-requirement
// --hash options, and the global options -f/--find-links, -i/--index-url,
// --extra-index-url, --no-index, --pre, --only-binary, --no-binary,
// --prefer-binary and --trusted-host. A path may end in "[extras]", as pip
// allows ("./proj[dev]", "-e ./proj[dev]"); they go to Req.Extras.
//
// Every file, included ones too, is read up to bounded.Requirements (16
// MiB): a pipe (-r /dev/stdin, -r <(...)) is read to its end, /dev/zero or
// an endless pipe stops at the cap, a folder or socket is refused by type.
// All the files of one Read (or ReadConstraints) together are read up to
// the same cap, and each file is read once however often it is included (a
// second inclusion adds nothing: its requirements are already listed, at
// their file:line); an include cycle is an error.
//
// A line hands hash-checking mode (resolver/hashcheck) what it needs as
// plain data through Requirement.HashLine; the checking is hashcheck's.
//
// Errors name the file and line. The package only reads; it resolves nothing
// and touches no network (a URL given to -r is refused: fwenv reads local
// requirement files).
package requirements
