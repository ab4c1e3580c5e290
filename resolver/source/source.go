package source

import (
	"context"
	"fmt"
	"strings"
)

// Source lists the distribution files of projects. Files returns every file
// of a project (any spelling of its name) the source knows, local or
// remote; a project the source does not have gives (nil, nil). Sources are
// safe for concurrent use.
type Source interface {
	Files(ctx context.Context, project string) ([]File, error)
	// String names the source in messages (an index URL without
	// credentials, a folder).
	String() string
}

// Strategy says how files of one project are gathered from several indexes.
type Strategy int

const (
	// FirstIndex: the first index (in the order given) that has any file of
	// a project provides all of its versions; later indexes are not asked
	// (protection against dependency confusion, uv's default).
	FirstIndex Strategy = iota
	// UnsafeBestMatch merges the files of every index.
	UnsafeBestMatch
)

// Multi combines sources: every file of the Local sources (find-links
// folders, the user's own) plus the files of the Indexes as Strategy says.
type Multi struct {
	Local    []Source
	Indexes  []Source
	Strategy Strategy
	// Passable, when set, says whether an index's failure may be passed
	// over: the index then offers nothing for the project, provided another
	// source answered (a Local source, or another index). When none did,
	// the first such failure is the answer, as without Passable.
	Passable func(err error) bool
	// Passed is told of each failure passed over (for every project: the
	// receiver says it once); may be nil.
	Passed func(index Source, err error)
}

// Files implements Source.
func (m *Multi) Files(ctx context.Context, project string) ([]File, error) {
	var out []File
	for _, s := range m.Local {
		fs, err := s.Files(ctx, project)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	answered := len(m.Local) > 0
	type failure struct {
		s   Source
		err error
	}
	var passed []failure
	for _, s := range m.Indexes {
		fs, err := s.Files(ctx, project)
		if err != nil && m.Passable != nil && m.Passable(err) {
			passed = append(passed, failure{s, err})
			continue
		}
		if err != nil {
			return nil, err
		}
		answered = true
		out = append(out, fs...)
		if len(fs) > 0 && m.Strategy == FirstIndex {
			break
		}
	}
	if len(passed) > 0 && !answered {
		return nil, passed[0].err
	}
	for _, f := range passed {
		if m.Passed != nil {
			m.Passed(f.s, f.err)
		}
	}
	return out, nil
}

func (m *Multi) String() string {
	var parts []string
	for _, s := range append(append([]Source(nil), m.Local...), m.Indexes...) {
		parts = append(parts, s.String())
	}
	if len(parts) == 0 {
		return "no source"
	}
	return strings.Join(parts, ", ")
}

// Fetcher turns a file of a source into a local file, and reads PEP 658
// metadata files. Remote files are downloaded (into a cache), local ones are
// returned as they are; either way the file's announced hashes are verified
// before the path is returned.
type Fetcher interface {
	Fetch(ctx context.Context, f File) (path string, err error)
	// Metadata returns the core-metadata file of f (f.MetadataURL), its
	// hashes verified.
	Metadata(ctx context.Context, f File) ([]byte, error)
}

// HashMismatchError is a file whose bytes do not match the digest a source
// or a requirements file announced.
type HashMismatchError struct {
	File      string // file name or URL
	Algorithm string
	Expected  []string
	Actual    string
	// From says who announced the hash ("the index", "requirements.txt:3", …).
	From string
}

func (e *HashMismatchError) Error() string {
	from := ""
	if e.From != "" {
		from = " (from " + e.From + ")"
	}
	return fmt.Sprintf("%s: hash mismatch\n  expected %s:%s%s\n  actual   %s:%s", e.File, e.Algorithm, strings.Join(e.Expected, " or "), from, e.Algorithm, e.Actual)
}

func (e *HashMismatchError) Hint() string {
	return "the file is not the one that was recorded: fetch it again from a trusted source, or update the recorded hash if the change is expected"
}
