package requirements

import "github.com/fwenv/fwenv/resolver/hashcheck"

// HashLine is what the line gives hash-checking mode: its requirement,
// path or URL, --hash values, whether it is a constraint, and where it is.
func (r Requirement) HashLine() hashcheck.Line {
	return hashcheck.Line{Req: r.Req, Path: r.Path, URL: r.URL, Hashes: r.Hashes, Constraint: r.Constraint, File: r.File, Line: r.Line}
}
