// Package printable makes text that comes from a distribution (metadata,
// RECORD paths, entry points, direct_url.json) safe to show to a person:
// control characters are escaped so that a METADATA field cannot move the
// cursor, recolour or retitle a terminal, ring its bell, or start a new
// line that looks like fwenv's own output.
//
// Escaped are the C0 controls (U+0000 to U+001F, tab and newline
// included), DEL (U+007F), the C1 controls (U+0080 to U+009F) and bytes
// that are not UTF-8 (a lone 0x9B is CSI to some terminals), the other
// characters Python's str.splitlines breaks a line at (U+2028, U+2029;
// see IsLineBreak) and the bidirectional embeddings, overrides and
// isolates (U+202A to U+202E, U+2066 to U+2069, which reorder how the
// rest of a line is shown), in Go's %q style: \n, \t, \x1b, \u0085,
// \u202e, \xff. Everything else, ordinary Unicode included, is left as
// it is, and text without such characters is
// returned unchanged (no quotes are added). Size renders a byte count the
// way fwenv's messages show sizes ("4.1 KiB").
//
// It does not redact secrets (that is another function's job) and imports
// nothing of fwenv's, so every folder may use it.
package printable
