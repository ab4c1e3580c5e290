// Package hashcheck is pip's hash-checking mode.
//
// The mode is on with --require-hashes, or as soon as one requirement line
// carries a --hash (a URL's #sha256= fragment does not turn it on, as in
// pip, but counts as a hash for that URL once it is on). Then every
// distribution installed must match a hash given for it, by project name or
// by the file's path or URL, and every requirement named must be pinned
// with == (or ===). Files a command is given itself are checked before
// anything is resolved (CheckItems); a resolution's steps must each have
// hashes before anything is fetched (CheckPlan); each fetched file is
// checked before any is installed (Verify); and an sdist is checked before
// its build backend runs (Guard).
//
// It takes requirement lines as plain data (Line; lockfile/requirements
// makes one with Requirement.HashLine), so it reads no requirements file
// and imports nothing of lockfile/. It does not fetch, build or install
// anything: it decides and checks.
// Errors carry a hint (a Hint method) that says which line to write.
package hashcheck
