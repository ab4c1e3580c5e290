package vcs

import "strings"

// Kind classifies an Error, for callers that react differently (and for
// tests).
type Kind int

const (
	// KindSyntax: the requirement is not a git URL fwenv can read.
	KindSyntax Kind = iota + 1
	// KindUnsupported: another version-control system (hg, svn, bzr) or
	// transport.
	KindUnsupported
	// The kinds below come from a checkout (env/git).

	// KindNoGit: the git command is not installed.
	KindNoGit
	// KindUnreachable: the remote could not be read (network, credentials,
	// no such repository).
	KindUnreachable
	// KindUnknownRef: no branch, tag or commit has the requested name.
	KindUnknownRef
	// KindOffline: offline, and the mirror lacks the revision.
	KindOffline
	// KindDestination: the destination folder holds something else, or
	// local changes that a checkout would overwrite.
	KindDestination
	// KindGit: any other git failure.
	KindGit
	// KindSubdirectory: the requirement's #subdirectory= is not a folder
	// inside the checkout.
	KindSubdirectory
)

// Error is a failure to read or check out a git requirement. URL is always
// the redacted form: no error text carries credentials.
type Error struct {
	Kind   Kind
	URL    string // git+URL, redacted; for syntax errors the redacted input
	Ref    string // the requested revision, "" when none
	Reason string
	// Detail is what git said (the last lines of its stderr, credentials
	// removed), "" when git did not run.
	Detail string
	Err    error
	hint   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.URL) // git+URL@REF#...: names the revision too
	b.WriteString(": " + e.Reason)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// NewError is an Error about spec, for the code that checks spec out
// (env/git): its URL is spec's requirement without credentials (String),
// its hint the next step for the user. Set Detail (what git said, scrubbed
// with spec.Scrub) and Err as needed.
func NewError(kind Kind, spec *Spec, reason, hint string) *Error {
	return &Error{Kind: kind, URL: spec.String(), Ref: spec.Ref, Reason: reason, hint: hint}
}

// Hint is a concrete next step for the user.
func (e *Error) Hint() string { return e.hint }

func (e *Error) Unwrap() error { return e.Err }
