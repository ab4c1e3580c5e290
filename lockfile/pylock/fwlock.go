package pylock

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// BuildGroup is the dependency group FromFwlock puts build-only packages
// in (setuptools, wheel, ... that a bundle holds to build its sdists
// offline). It is not a default group, so neither fwenv nor another PEP 751
// installer installs them into the environment; fwenv's builder selects it.
const BuildGroup = "fwenv-build"

// FromFwlock converts an fwenv.lock (a bundle or a project lock) into the
// equivalent pylock.toml, for code that works on one representation:
//
//   - created-by is kept ("fwenv 0.3.0"; "fwenv" when empty);
//   - the target becomes environments: one marker from its marker values
//     (implementation_name, python_version, sys_platform, platform_machine),
//     or from its Python version, implementation and platform tag;
//   - an index source becomes index = URL, and the artifacts sdist/wheels
//     with their url and/or path, sha256 and size;
//   - a find-links source (a bundle's folder) gives sdist/wheels with their
//     paths, which stay relative to the lock's folder: write the pylock.toml
//     next to the fwenv.lock;
//   - a url source becomes archive { url, path, size, hashes };
//   - editable and directory sources become directory { path, editable },
//     without a version (PEP 751: a source tree's version cannot be pinned);
//   - dependencies become [{ name = ... }];
//   - build-only packages get the marker `'fwenv-build' in
//     dependency_groups` (see BuildGroup);
//   - what PEP 751 has no key for goes under tool.fwenv: the kind, the
//     target, the requirements, and per package requested / build-only.
//
// The result passes Validate when f passes fwlock's validation.
func FromFwlock(f *fwlock.Lock) *Lock {
	l := &Lock{LockVersion: LockVersion, CreatedBy: f.CreatedBy}
	if strings.TrimSpace(l.CreatedBy) == "" {
		l.CreatedBy = "fwenv"
	}
	if m := targetMarker(f.Target); m != "" {
		l.Environments = []string{m}
	}
	fw := map[string]any{"kind": f.Kind}
	target := map[string]any{}
	for k, v := range map[string]string{"python": f.Target.Python, "implementation": f.Target.Implementation, "platform": f.Target.Platform} {
		if v != "" {
			target[k] = v
		}
	}
	if len(f.Target.Tags) > 0 {
		target["tags"] = toAnySlice(f.Target.Tags)
	}
	if len(f.Target.Markers) > 0 {
		mk := map[string]any{}
		for k, v := range f.Target.Markers {
			mk[k] = v
		}
		target["markers"] = mk
	}
	if len(target) > 0 {
		fw["target"] = target
	}
	if len(f.Requirements) > 0 {
		fw["requirements"] = toAnySlice(f.Requirements)
	}
	l.Tool = map[string]any{"fwenv": fw}

	hasBuild := false
	for _, fp := range f.Packages {
		p := Package{Name: wheelname.Normalize(fp.Name), Version: fp.Version, Marker: fp.Markers}
		for _, d := range fp.Dependencies {
			p.Dependencies = append(p.Dependencies, map[string]any{"name": wheelname.Normalize(d)})
		}
		tool := map[string]any{}
		if fp.Requested {
			tool["requested"] = true
		}
		if fp.BuildOnly {
			tool["build-only"] = true
			hasBuild = true
			bm := fmt.Sprintf("'%s' in dependency_groups", BuildGroup)
			if p.Marker != "" {
				p.Marker = "(" + p.Marker + ") and " + bm
			} else {
				p.Marker = bm
			}
		}
		src := fp.Source
		switch {
		case src.Editable != "":
			p.Version = ""
			p.Directory = &Directory{Path: src.Editable, Editable: true}
			tool["version"] = fp.Version
		case src.Directory != "":
			p.Version = ""
			p.Directory = &Directory{Path: src.Directory}
			tool["version"] = fp.Version
		case src.VCS != "":
			if spec, err := vcs.Parse(src.VCS); err == nil {
				p.VCS = &VCS{Type: "git", URL: spec.URL, CommitID: spec.Ref, Subdirectory: spec.Subdirectory}
			}
		case src.URL != "":
			a := &Archive{URL: src.URL}
			if art := urlArtifact(fp.Artifacts, src.URL); art != nil {
				a.Path, a.Size, a.Hashes = art.Path, art.Size, map[string]string{"sha256": art.SHA256}
			}
			p.Archive = a
		default:
			p.Index = src.Index
			for _, art := range fp.Artifacts {
				file := File{Name: art.File, URL: art.URL, Path: art.Path, Size: art.Size, Hashes: map[string]string{"sha256": art.SHA256}}
				if art.Kind == fwlock.ArtifactWheel || strings.HasSuffix(art.File, ".whl") {
					p.Wheels = append(p.Wheels, file)
				} else if p.Sdist == nil {
					p.Sdist = &file
				}
			}
		}
		if len(tool) > 0 {
			p.Tool = map[string]any{"fwenv": tool}
		}
		l.Packages = append(l.Packages, p)
	}
	if hasBuild {
		l.DependencyGroups = []string{BuildGroup}
	}
	l.Normalize()
	return l
}

func urlArtifact(arts []fwlock.Artifact, url string) *fwlock.Artifact {
	for i := range arts {
		if arts[i].URL == url {
			return &arts[i]
		}
	}
	if len(arts) > 0 {
		return &arts[0]
	}
	return nil
}

func toAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// targetMarker is the environment marker of an fwenv.lock target.
func targetMarker(t fwlock.Target) string {
	mk := t.Markers
	if len(mk) == 0 && t.Python != "" && t.Platform != "" {
		if env, err := pep508.SyntheticEnvironment(t.Python, t.Platform); err == nil {
			mk = map[string]string{"sys_platform": env["sys_platform"], "platform_machine": env["platform_machine"]}
		}
	}
	var parts []string
	impl := strings.ToLower(t.Implementation)
	if v := mk["implementation_name"]; v != "" {
		impl = v
	}
	if impl != "" {
		parts = append(parts, fmt.Sprintf("implementation_name == '%s'", impl))
	}
	pv := mk["python_version"]
	if pv == "" && t.Python != "" {
		if v, err := pep440.Parse(t.Python); err == nil {
			if r := v.Release(); len(r) >= 2 {
				pv = r[0] + "." + r[1]
			}
		}
	}
	if pv != "" {
		parts = append(parts, fmt.Sprintf("python_version == '%s'", pv))
	}
	for _, k := range []string{"sys_platform", "platform_machine"} {
		if v := mk[k]; v != "" {
			parts = append(parts, fmt.Sprintf("%s == '%s'", k, v))
		}
	}
	for _, p := range parts {
		if strings.ContainsAny(p[strings.Index(p, "'")+1:len(p)-1], `'"`) {
			return "" // a value a marker cannot quote; leave the lock unrestricted
		}
	}
	return strings.Join(parts, " and ")
}
