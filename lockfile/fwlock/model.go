package fwlock

import (
	"maps"
	"slices"

	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// toModel is the lock a valid, normalised file says.
func toModel(w *yamlLock) *lock.Lock {
	l := &lock.Lock{
		Kind:      w.Kind,
		CreatedBy: w.CreatedBy,
		Target: lock.Target{Python: w.Target.Python, Implementation: w.Target.Implementation, Platform: w.Target.Platform,
			Tags: w.Target.Tags, Markers: w.Target.Markers},
		Requirements: w.Requirements,
	}
	for _, wp := range w.Packages {
		p := lock.Package{Name: wp.Name, Version: wp.Version, Marker: wp.Markers, Requested: wp.Requested, BuildOnly: wp.BuildOnly,
			Dependencies: lock.DependenciesOn(wp.Dependencies)}
		switch s := wp.Source; {
		case s.Index != "":
			p.Source.Index = s.Index
		case s.FindLinks != "":
			p.Source.FindLinks = s.FindLinks
		case s.URL != "":
			p.Source.Archive = &lock.Archive{URL: s.URL}
		case s.Editable != "":
			p.Source.Directory = &lock.Directory{Path: s.Editable, Editable: true}
		case s.Directory != "":
			p.Source.Directory = &lock.Directory{Path: s.Directory}
		case s.VCS != "":
			// Validated: git+URL@COMMIT[#subdirectory=PATH].
			if spec, err := vcs.Parse(s.VCS); err == nil {
				p.Source.VCS = &lock.VCS{Type: "git", URL: spec.URL, CommitID: spec.Ref, Subdirectory: spec.Subdirectory}
			}
		}
		for _, a := range wp.Artifacts {
			p.Artifacts = append(p.Artifacts, lock.Artifact{File: a.File, Kind: a.Kind, Path: a.Path, URL: a.URL, SHA256: a.SHA256, Size: a.Size})
		}
		l.Packages = append(l.Packages, p)
	}
	return l
}

// fromModel is l in the file's shape (a copy: l is not changed). What
// fwenv.lock has no place for is refused when it changes what the lock
// installs (PEP 751's environments, requires-python, extras and groups; a
// subdirectory; a repository other than git by URL) and left out when it
// does not (tool tables, attestations, upload times, other hashes than
// sha256, a git repository's requested revision).
func fromModel(l *lock.Lock) (*yamlLock, error) {
	pylockOnly := func(pkg, what string) error {
		return &lock.Error{Package: pkg, Msg: "fwenv.lock has no place for " + what,
			Fix: "write the lock as a pylock.toml (fwenv lock -o pylock.toml), which PEP 751 lets say it"}
	}
	switch {
	case len(l.Environments) > 0:
		return nil, pylockOnly("", "environments")
	case l.RequiresPython != "":
		return nil, pylockOnly("", "requires-python")
	case len(l.Extras) > 0, len(l.DependencyGroups) > 0, len(l.DefaultGroups) > 0:
		return nil, pylockOnly("", "extras or dependency groups")
	}
	w := &yamlLock{
		Kind:      l.Kind,
		CreatedBy: l.CreatedBy,
		Target: yamlTarget{Python: l.Target.Python, Implementation: l.Target.Implementation, Platform: l.Target.Platform,
			Tags: slices.Clone(l.Target.Tags), Markers: maps.Clone(l.Target.Markers)},
		Requirements: slices.Clone(l.Requirements),
	}
	for i := range l.Packages {
		p := &l.Packages[i]
		if p.RequiresPython != "" {
			return nil, pylockOnly(p.Name, "requires-python")
		}
		wp := yamlPackage{Name: p.Name, Version: p.Version, Requested: p.Requested, BuildOnly: p.BuildOnly, Markers: p.Marker}
		for _, d := range p.Dependencies {
			wp.Dependencies = append(wp.Dependencies, d.Name)
		}
		src := p.Source
		wp.Source.Index, wp.Source.FindLinks = src.Index, src.FindLinks
		if a := src.Archive; a != nil {
			if a.Subdirectory != "" {
				return nil, pylockOnly(p.Name, "an archive's subdirectory")
			}
			wp.Source.URL = a.URL
		}
		if d := src.Directory; d != nil {
			if d.Subdirectory != "" {
				return nil, pylockOnly(p.Name, "a folder's subdirectory")
			}
			if d.Editable {
				wp.Source.Editable = d.Path
			} else {
				wp.Source.Directory = d.Path
			}
		}
		if v := src.VCS; v != nil {
			if v.Type != "git" || v.URL == "" {
				return nil, pylockOnly(p.Name, "a repository other than a git repository by URL")
			}
			wp.Source.VCS = gitSource(v)
		}
		for _, a := range p.Artifacts {
			wp.Artifacts = append(wp.Artifacts, yamlArtifact{File: a.File, Kind: a.Kind, Path: a.Path, URL: a.URL, SHA256: a.SHA256, Size: a.Size})
		}
		w.Packages = append(w.Packages, wp)
	}
	return w, nil
}

// gitSource is a git repository at one commit as fwenv.lock writes it:
// git+URL@COMMIT[#subdirectory=PATH], as vcs.Pinned makes it; what Pinned
// refuses is written as it is, for validation to name.
func gitSource(v *lock.VCS) string {
	if s, err := vcs.Pinned(v.URL, v.CommitID, v.Subdirectory); err == nil {
		return s
	}
	s := "git+" + v.URL + "@" + v.CommitID
	if v.Subdirectory != "" {
		s += "#subdirectory=" + v.Subdirectory
	}
	return s
}
