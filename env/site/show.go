package site

import (
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// Dependency is one Requires-Dist line that applies to the environment.
type Dependency struct {
	Raw         string // as written in METADATA
	Requirement pep508.Requirement
}

// Dependencies returns the distribution's requirements that apply without
// extras: lines whose marker is false for markers (with extra == "") are
// left out, as pip does. With nil markers only extra-marked lines are left
// out. Lines that cannot be parsed are returned in bad.
func (d *Dist) Dependencies(markers pep508.Environment) (deps []Dependency, bad []error) {
	if d.Metadata == nil {
		return nil, nil
	}
	for _, raw := range d.Metadata.RequiresDist {
		req, err := pep508.ParseRequirement(raw)
		if err != nil {
			bad = append(bad, newError(d.Name, d.Dir, "the distribution's metadata is invalid; report it to its authors", "Requires-Dist %q: %v", raw, err))
			continue
		}
		if !req.Marker.IsZero() {
			if markers == nil {
				if strings.Contains(req.Marker.String(), "extra") {
					continue
				}
			} else {
				ok, err := req.Marker.Evaluate(markers.With("extra", ""))
				if err != nil {
					bad = append(bad, newError(d.Name, d.Dir, "the marker names something the interpreter probe does not know", "Requires-Dist %q: %v", raw, err))
					continue
				}
				if !ok {
					continue
				}
			}
		}
		deps = append(deps, Dependency{Raw: raw, Requirement: req})
	}
	return deps, bad
}

// ShowInfo is what `fwenv show NAME` prints.
type ShowInfo struct {
	Name, Version   string
	Summary         string
	HomePage        string
	Author          string
	AuthorEmail     string
	License         string
	MetadataVersion string
	Location        string   // site-packages
	Editable        string   // editable source folder, "" when not editable
	Requires        []string // requirement names, case-insensitively sorted
	RequiredBy      []string // names of installed distributions requiring it
	Installer       string
	Requested       bool
	Classifiers     []string
	ProjectURLs     []string
	EntryPoints     []EntryPointRow
	DirectURL       *DirectURL
	Dist            *Dist
}

// Show collects a distribution's metadata, its requirements and the
// installed distributions that require it (computed over the whole DB with
// the same marker rules).
func Show(d *Dist, markers pep508.Environment) *ShowInfo {
	md := d.Metadata
	s := &ShowInfo{
		Name: d.Name, Version: d.DisplayVersion(),
		Summary: md.Summary, HomePage: md.HomePage, Author: md.Author, AuthorEmail: md.AuthorEmail,
		License: md.License, MetadataVersion: md.MetadataVersion,
		Location: d.Location(), Installer: d.Installer, Requested: d.Requested,
		Classifiers: md.Classifiers, ProjectURLs: md.ProjectURLs, DirectURL: d.DirectURL, Dist: d,
	}
	s.Editable, _ = d.Editable()
	deps, _ := d.Dependencies(markers)
	for _, dep := range deps {
		s.Requires = append(s.Requires, dep.Requirement.Name)
	}
	sortFold(s.Requires)
	if d.db != nil {
		for _, o := range d.db.dists {
			deps, _ := o.Dependencies(markers)
			for _, dep := range deps {
				if normalize(dep.Requirement.Name) == d.Key {
					s.RequiredBy = append(s.RequiredBy, o.Name)
					break
				}
			}
		}
	}
	sortFold(s.RequiredBy)
	for _, ep := range d.EntryPoints {
		s.EntryPoints = append(s.EntryPoints, EntryPointRow{Group: ep.Group, Name: ep.Name, Value: ep.Value, Extras: ep.Extras, Dist: d})
	}
	return s
}

func sortFold(names []string) {
	sort.SliceStable(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
}

// Text formats the information as pip show does ("Name: ...", one field a
// line); verbose adds metadata version, installer, classifiers, entry
// points and project URLs; files adds the file list as RECORD writes it.
// Unlike pip, control characters from the metadata are escaped
// (archive/printable): a field cannot recolour the terminal or add a line.
func (s *ShowInfo) Text(verbose, files bool) []string {
	lines := s.text(verbose, files)
	for i, l := range lines {
		lines[i] = printable.Escape(l)
	}
	return lines
}

func (s *ShowInfo) text(verbose, files bool) []string {
	lines := []string{
		"Name: " + s.Name,
		"Version: " + s.Version,
		"Summary: " + s.Summary,
		"Home-page: " + s.HomePage,
		"Author: " + s.Author,
		"Author-email: " + s.AuthorEmail,
		"License: " + s.License,
		"Location: " + s.Location,
	}
	if s.Editable != "" {
		lines = append(lines, "Editable project location: "+s.Editable)
	}
	lines = append(lines, "Requires: "+strings.Join(s.Requires, ", "), "Required-by: "+strings.Join(s.RequiredBy, ", "))
	if verbose {
		lines = append(lines, "Metadata-Version: "+s.MetadataVersion, "Installer: "+s.Installer, "Classifiers:")
		for _, c := range s.Classifiers {
			lines = append(lines, "  "+c)
		}
		lines = append(lines, "Entry-points:")
		group := ""
		for _, ep := range s.EntryPoints {
			if ep.Group != group {
				lines = append(lines, "  ["+ep.Group+"]")
				group = ep.Group
			}
			lines = append(lines, "  "+ep.Name+" = "+ep.Reference())
		}
		lines = append(lines, "Project-URLs:")
		for _, u := range s.ProjectURLs {
			lines = append(lines, "  "+u)
		}
	}
	if files {
		lines = append(lines, "Files:")
		recs, err := s.Dist.Files()
		switch {
		case err != nil && !s.Dist.HasFileList():
			lines = append(lines, "Cannot locate RECORD or installed-files.txt") // pip's words
		case err != nil:
			lines = append(lines, "Cannot read RECORD: "+printable.Escape(err.Error()))
		default:
			rels := make([]string, 0, len(recs))
			for _, f := range recs {
				rels = append(rels, f.Rel)
			}
			sort.Strings(rels)
			for _, r := range rels {
				lines = append(lines, "  "+r)
			}
		}
	}
	return lines
}
