package metadata

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Metadata is core metadata (METADATA in a wheel, PKG-INFO in an sdist).
// Single-use fields hold the first value found; multiple-use fields every
// value in order. Headers keeps everything, including unknown fields.
type Metadata struct {
	MetadataVersion        string
	Name                   string
	Version                string
	Summary                string
	Description            string // the Description field, or the body (2.1+)
	DescriptionContentType string
	Keywords               string
	HomePage               string
	DownloadURL            string
	Author                 string
	AuthorEmail            string
	Maintainer             string
	MaintainerEmail        string
	License                string
	LicenseExpression      string
	RequiresPython         string

	Platforms          []string
	SupportedPlatforms []string
	Classifiers        []string
	RequiresDist       []string
	RequiresExternal   []string
	ProjectURLs        []string
	ProvidesExtra      []string
	ProvidesDist       []string
	ObsoletesDist      []string
	Dynamic            []string
	LicenseFiles       []string
	// Requires, Provides and Obsoletes are the metadata 1.1 fields.
	Requires, Provides, Obsoletes []string

	Headers Headers
	// Warnings lists what was accepted but is doubtful (a newer minor
	// Metadata-Version, a Description given twice).
	Warnings []string
}

// Error says why a metadata file was refused.
type Error struct {
	Reason string
	Hint   string
}

func (e *Error) Error() string {
	if e.Hint != "" {
		return e.Reason + "\nhint: " + e.Hint
	}
	return e.Reason
}

var validName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$`) })

// Known metadata versions, by major: the highest minor understood.
var knownMinor = map[int]int{1: 2, 2: 4}

// ParseVersion splits a Metadata-Version such as "2.1" and checks it is one
// fwenv understands: 1.0-1.2 and 2.0-2.4; a later 2.x is accepted with a
// warning (the spec says readers should), 3.0 and later are refused.
func ParseVersion(v string) (major, minor int, warning string, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(v), ".")
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || major < 0 || minor < 0 {
		return 0, 0, "", &Error{Reason: fmt.Sprintf("Metadata-Version %q is not MAJOR.MINOR", v)}
	}
	top, known := knownMinor[major]
	if !known {
		return 0, 0, "", &Error{Reason: fmt.Sprintf("Metadata-Version %s is not supported (fwenv reads 1.0 to 2.4)", v),
			Hint: "a newer fwenv may read it; or install a release of the project built by an older tool"}
	}
	if minor > top {
		warning = fmt.Sprintf("Metadata-Version %s is newer than 2.4; fields fwenv does not know are kept but not interpreted", v)
	}
	return major, minor, warning, nil
}

// Parse reads core metadata.
func Parse(data []byte) (*Metadata, error) {
	h, body := ParseHeaders(data)
	m := &Metadata{Headers: h}
	mv, ok := h.Get("Metadata-Version")
	if !ok {
		return nil, &Error{Reason: "no Metadata-Version field"}
	}
	_, _, warn, err := ParseVersion(mv)
	if err != nil {
		return nil, err
	}
	if warn != "" {
		m.Warnings = append(m.Warnings, warn)
	}
	m.MetadataVersion = mv
	single := map[string]*string{
		"name": &m.Name, "version": &m.Version, "summary": &m.Summary, "description": &m.Description,
		"description-content-type": &m.DescriptionContentType, "keywords": &m.Keywords,
		"home-page": &m.HomePage, "download-url": &m.DownloadURL, "author": &m.Author,
		"author-email": &m.AuthorEmail, "maintainer": &m.Maintainer, "maintainer-email": &m.MaintainerEmail,
		"license": &m.License, "license-expression": &m.LicenseExpression, "requires-python": &m.RequiresPython,
	}
	multi := map[string]*[]string{
		"platform": &m.Platforms, "supported-platform": &m.SupportedPlatforms, "classifier": &m.Classifiers,
		"requires-dist": &m.RequiresDist, "requires-external": &m.RequiresExternal, "project-url": &m.ProjectURLs,
		"provides-extra": &m.ProvidesExtra, "provides-dist": &m.ProvidesDist, "obsoletes-dist": &m.ObsoletesDist,
		"dynamic": &m.Dynamic, "license-file": &m.LicenseFiles, "requires": &m.Requires,
		"provides": &m.Provides, "obsoletes": &m.Obsoletes,
	}
	seen := map[string]bool{}
	for _, f := range h {
		key := strings.ToLower(f.Name)
		if p, ok := single[key]; ok {
			if seen[key] {
				m.Warnings = append(m.Warnings, fmt.Sprintf("field %s given more than once; the first is used", f.Name))
				continue
			}
			seen[key] = true
			if key == "description" {
				*p = unindentDescription(f.Value)
			} else {
				*p = unfold(f.Value)
			}
		} else if p, ok := multi[key]; ok {
			*p = append(*p, unfold(f.Value))
		}
	}
	if strings.TrimSpace(body) != "" {
		if m.Description != "" {
			m.Warnings = append(m.Warnings, "both a Description field and a message body; the body is used")
		}
		m.Description = body
	}
	if m.Name == "" {
		return nil, &Error{Reason: "no Name field"}
	}
	if !validName().MatchString(m.Name) {
		return nil, &Error{Reason: fmt.Sprintf("Name %q is not a valid project name", m.Name),
			Hint: "names use letters, digits, '-', '_' and '.', and start and end with a letter or digit"}
	}
	if m.Version == "" {
		return nil, &Error{Reason: "no Version field"}
	}
	return m, nil
}

// unfold joins continuation lines of an ordinary field with single spaces.
func unfold(v string) string {
	if !strings.Contains(v, "\n") {
		return v
	}
	lines := strings.Split(v, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.TrimSpace(strings.Join(lines, " "))
}

// unindentDescription undoes the 1.x convention of indenting the lines of a
// Description field by 8 spaces (or 7 spaces and '|').
func unindentDescription(v string) string {
	lines := strings.Split(v, "\n")
	for i := 1; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "       |"):
			lines[i] = l[8:]
		case strings.HasPrefix(l, "        "):
			lines[i] = l[8:]
		case strings.HasPrefix(l, "\t"):
			lines[i] = l[1:]
		default:
			lines[i] = strings.TrimLeft(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// StaticDependencies says whether an sdist's PKG-INFO fixes the
// dependencies of every wheel built from it (PEP 643): its Metadata-Version
// is 2.2 or later and neither Requires-Dist nor Requires-Python is listed
// under Dynamic (names compared case-insensitively). When it does, the
// file's Requires-Dist and Requires-Python (none listed means none) are what
// a build would give; otherwise why says which condition failed.
func (m *Metadata) StaticDependencies() (ok bool, why string) {
	major, minor, _, err := ParseVersion(m.MetadataVersion)
	if err != nil || major < 2 || major == 2 && minor < 2 {
		return false, fmt.Sprintf("its PKG-INFO is Metadata-Version %s, before 2.2 (PEP 643), so its dependencies are known only by building it", strings.TrimSpace(m.MetadataVersion))
	}
	for _, d := range m.Dynamic {
		switch f := strings.TrimSpace(d); strings.ToLower(f) {
		case "requires-dist", "requires-python":
			return false, fmt.Sprintf("its PKG-INFO marks %s as Dynamic, so it is known only by building it", f)
		}
	}
	return true, ""
}
