package pylock

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// BuildGroup is the dependency group Marshal puts build-only packages in
// (setuptools, wheel, ... that a bundle holds to build its sdists
// offline). It is not a default group, so neither fwenv nor another PEP 751
// installer installs them into the environment; fwenv's builder selects it.
const BuildGroup = "fwenv-build"

// fromModel is l in PEP 751's shape (a copy: l is not changed), with what
// PEP 751 has no key for written as the package documentation says.
func fromModel(l *lock.Lock) *pyLock {
	w := &pyLock{
		Environments:     slices.Clone(l.Environments),
		RequiresPython:   l.RequiresPython,
		Extras:           slices.Clone(l.Extras),
		DependencyGroups: slices.Clone(l.DependencyGroups),
		DefaultGroups:    slices.Clone(l.DefaultGroups),
		CreatedBy:        l.CreatedBy,
		Tool:             lock.CloneTable(l.Tool),
	}
	if l.Kind != "" && strings.TrimSpace(w.CreatedBy) == "" {
		w.CreatedBy = "fwenv"
	}
	if len(w.Environments) == 0 {
		if m := targetMarker(l.Target); m != "" {
			w.Environments = []string{m}
		}
	}
	fw := map[string]any{}
	if l.Kind != "" {
		fw["kind"] = l.Kind
	}
	target := map[string]any{}
	for k, v := range map[string]string{"python": l.Target.Python, "implementation": l.Target.Implementation, "platform": l.Target.Platform} {
		if v != "" {
			target[k] = v
		}
	}
	if len(l.Target.Tags) > 0 {
		target["tags"] = toAnySlice(l.Target.Tags)
	}
	if len(l.Target.Markers) > 0 {
		mk := map[string]any{}
		for k, v := range l.Target.Markers {
			mk[k] = v
		}
		target["markers"] = mk
	}
	if len(target) > 0 {
		fw["target"] = target
	}
	if len(l.Requirements) > 0 {
		fw["requirements"] = toAnySlice(l.Requirements)
	}
	w.Tool = setFwenv(w.Tool, fw)

	hasBuild := false
	for i := range l.Packages {
		p := &l.Packages[i]
		wp := pyPackage{Name: p.Name, Version: p.Version, Marker: p.Marker, RequiresPython: p.RequiresPython, Index: p.Source.Index,
			AttestationIdentities: cloneTables(p.AttestationIdentities), Tool: lock.CloneTable(p.Tool)}
		for _, d := range p.Dependencies {
			t := lock.CloneTable(d.More)
			if t == nil {
				t = map[string]any{}
			}
			t["name"] = normName(d.Name)
			wp.Dependencies = append(wp.Dependencies, t)
		}
		fw := map[string]any{}
		if p.Requested {
			fw["requested"] = true
		}
		if p.BuildOnly {
			fw["build-only"] = true
			hasBuild = true
			bm := fmt.Sprintf("'%s' in dependency_groups", BuildGroup)
			if wp.Marker != "" {
				wp.Marker = "(" + wp.Marker + ") and " + bm
			} else {
				wp.Marker = bm
			}
		}
		switch src := p.Source; {
		case src.Directory != nil:
			d := *src.Directory
			wp.Directory = &d
			// PEP 751 gives a source tree no version: fwenv keeps the one
			// it saw under [packages.tool.fwenv], unless that key is taken.
			if _, taken := fwenvTable(wp.Tool)["version"]; wp.Version != "" && !taken {
				fw["version"] = wp.Version
				wp.Version = ""
			}
		case src.VCS != nil:
			v := *src.VCS
			wp.VCS = &v
		case src.Archive != nil:
			a := &pyArchive{URL: src.Archive.URL, Subdirectory: src.Archive.Subdirectory}
			if art := urlArtifact(p.Artifacts, src.Archive.URL); art != nil {
				a.Path, a.Size, a.UploadTime, a.Hashes = art.Path, art.Size, cloneTime(art.UploadTime), hashes(art)
			}
			wp.Archive = a
		default:
			for j := range p.Artifacts {
				art := &p.Artifacts[j]
				f := pyFile{Name: art.File, URL: art.URL, Path: art.Path, Size: art.Size, UploadTime: cloneTime(art.UploadTime), Hashes: hashes(art)}
				switch {
				case art.Kind == lock.ArtifactWheel || art.Kind == "" && strings.HasSuffix(art.File, ".whl"):
					wp.Wheels = append(wp.Wheels, f)
				case wp.Sdist == nil:
					wp.Sdist = &f
				}
			}
		}
		wp.Tool = setFwenv(wp.Tool, fw)
		w.Packages = append(w.Packages, wp)
	}
	if hasBuild {
		w.DependencyGroups = append(w.DependencyGroups, BuildGroup)
	}
	return w
}

// toModel is the lock a valid, normalised file says. What fwenv writes
// under [tool.fwenv] for a package is read back into the model's fields
// (requested = true, a source tree's version) and taken out of the table;
// the rest stays in Tool as read. Who is requested is known where fwenv
// wrote the lock or the package's table says (requested = false stays in
// the table).
func toModel(w *pyLock) *lock.Lock {
	l := &lock.Lock{
		Environments:     w.Environments,
		RequiresPython:   w.RequiresPython,
		Extras:           w.Extras,
		DependencyGroups: w.DependencyGroups,
		DefaultGroups:    w.DefaultGroups,
		CreatedBy:        w.CreatedBy,
		Tool:             w.Tool,
		Warnings:         w.warnings,
	}
	// A lock fwenv wrote (its kind is under [tool.fwenv]) marks every
	// requested package; in another tool's, who is requested is unknown.
	_, byFwenv := fwenvTable(w.Tool)["kind"].(string)
	for i := range w.Packages {
		wp := &w.Packages[i]
		p := lock.Package{Name: wp.Name, Version: wp.Version, Marker: wp.Marker, RequiresPython: wp.RequiresPython,
			AttestationIdentities: wp.AttestationIdentities, Tool: wp.Tool, RequestUnknown: !byFwenv}
		for _, d := range wp.Dependencies {
			name, _ := d["name"].(string)
			more := maps.Clone(d)
			delete(more, "name")
			if len(more) == 0 {
				more = nil
			}
			p.Dependencies = append(p.Dependencies, lock.Dependency{Name: normName(name), More: more})
		}
		fw := fwenvTable(p.Tool)
		if r, ok := fw["requested"].(bool); ok {
			p.RequestUnknown = false
			if r {
				p.Requested = true
				delete(fw, "requested")
			}
		}
		p.Source.Index = wp.Index
		switch {
		case wp.Directory != nil:
			p.Source.Directory = wp.Directory
			if v, ok := fw["version"].(string); ok && v != "" && p.Version == "" {
				p.Version = v
				delete(fw, "version")
			}
		case wp.VCS != nil:
			p.Source.VCS = wp.VCS
		case wp.Archive != nil:
			a := wp.Archive
			p.Source.Archive = &lock.Archive{URL: a.URL, Subdirectory: a.Subdirectory}
			name := inferName(a.URL, "")
			if a.Path != "" {
				name = inferName("", a.Path)
			}
			kind := lock.ArtifactSdist
			if lock.KindOfFile(name) == lock.ArtifactWheel {
				kind = lock.ArtifactWheel
			}
			art := lock.Artifact{File: name, Kind: kind, URL: a.URL, Path: a.Path, Size: a.Size, UploadTime: a.UploadTime}
			art.SHA256, art.Hashes = splitHashes(a.Hashes)
			p.Artifacts = []lock.Artifact{art}
		default:
			if f := wp.Sdist; f != nil {
				p.Artifacts = append(p.Artifacts, fileArtifact(f, lock.ArtifactSdist))
			}
			for j := range wp.Wheels {
				p.Artifacts = append(p.Artifacts, fileArtifact(&wp.Wheels[j], lock.ArtifactWheel))
			}
		}
		if fw != nil && len(fw) == 0 {
			delete(p.Tool, "fwenv")
		}
		if p.Tool != nil && len(p.Tool) == 0 {
			p.Tool = nil
		}
		l.Packages = append(l.Packages, p)
	}
	return l
}

func fileArtifact(f *pyFile, kind string) lock.Artifact {
	a := lock.Artifact{File: f.Name, Kind: kind, URL: f.URL, Path: f.Path, Size: f.Size, UploadTime: f.UploadTime}
	a.SHA256, a.Hashes = splitHashes(f.Hashes)
	return a
}

// splitHashes takes sha256 out of a file's hashes; the others stay, nil
// when there are none.
func splitHashes(h map[string]string) (string, map[string]string) {
	sum := h["sha256"]
	rest := maps.Clone(h)
	delete(rest, "sha256")
	if len(rest) == 0 {
		rest = nil
	}
	return sum, rest
}

// hashes is an artifact's hashes as PEP 751 writes them, sha256 with the
// others.
func hashes(a *lock.Artifact) map[string]string {
	h := maps.Clone(a.Hashes)
	if a.SHA256 != "" {
		if h == nil {
			h = map[string]string{}
		}
		h["sha256"] = a.SHA256
	}
	return h
}

// fwenvTable is tool.fwenv when it is a table, else nil.
func fwenvTable(tool map[string]any) map[string]any {
	t, _ := tool["fwenv"].(map[string]any)
	return t
}

// setFwenv adds fw's keys to tool.fwenv (making the tables as needed; a
// tool.fwenv that is not a table is replaced) and returns tool.
func setFwenv(tool, fw map[string]any) map[string]any {
	if len(fw) == 0 {
		return tool
	}
	t := fwenvTable(tool)
	if t == nil {
		t = map[string]any{}
	}
	for k, v := range fw {
		t[k] = v
	}
	if tool == nil {
		tool = map[string]any{}
	}
	tool["fwenv"] = t
	return tool
}

// normName is a dependency's name as PEP 751 writes it: normalised, when
// it is a name.
func normName(n string) string {
	if pep508.ValidName(n) {
		return wheelname.Normalize(n)
	}
	return n
}

func urlArtifact(arts []lock.Artifact, url string) *lock.Artifact {
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

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func cloneTables(ms []map[string]any) []map[string]any {
	if ms == nil {
		return nil
	}
	out := make([]map[string]any, len(ms))
	for i, m := range ms {
		out[i] = lock.CloneTable(m)
	}
	return out
}

func toAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// targetMarker is the environment marker of an fwenv.lock target.
func targetMarker(t lock.Target) string {
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
