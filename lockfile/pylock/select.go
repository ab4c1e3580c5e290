package pylock

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// Selected is one package to install and the artifact to install it from:
// exactly one of Wheel, Sdist, Archive, Directory and VCS is set.
type Selected struct {
	Package   *Package
	Wheel     *File
	Sdist     *File
	Archive   *Archive
	Directory *Directory
	VCS       *VCS
}

// Kind names the chosen artifact: "wheel", "sdist", "archive", "directory"
// or "vcs".
func (s Selected) Kind() string {
	switch {
	case s.Wheel != nil:
		return "wheel"
	case s.Sdist != nil:
		return "sdist"
	case s.Archive != nil:
		return "archive"
	case s.Directory != nil:
		return "directory"
	case s.VCS != nil:
		return "vcs"
	}
	return ""
}

// Select picks what to install from l for one environment, following PEP
// 751's installer steps:
//
//  1. env (the PEP 508 marker values of the target interpreter) must satisfy
//     one of l.Environments when there are any, and l.RequiresPython (checked
//     against python_full_version); otherwise an *Error lists them.
//  2. extras must each be one of l.Extras; groups each one of
//     l.DependencyGroups or l.DefaultGroups. groups == nil means
//     l.DefaultGroups; a non-nil empty slice means no group.
//  3. A package is selected when its marker holds for env, the extras and
//     the groups (markers may test `'NAME' in extras` and
//     `'NAME' in dependency_groups`); no marker means always. Two selected
//     entries of one name are an error, as PEP 751 requires; so is a
//     selected package whose requires-python excludes env.
//  4. For each selected package: the wheel rank ranks best (lowest rank;
//     ties go to the first by file name), else the sdist, else the archive,
//     directory or vcs source. rank(wheelFilename) returns ok=false for a
//     wheel the target cannot use; a nil rank accepts every wheel equally.
//     A package with no usable artifact is an error naming it and its files.
//
// The result is in lock order (by name). Packages' dependencies are not
// walked: PEP 751 markers already say where each package applies.
func (l *Lock) Select(env map[string]string, extras, groups []string, rank func(wheelFilename string) (int, bool)) ([]Selected, error) {
	penv := pep508.Environment(env)
	if len(l.Environments) > 0 {
		ok := false
		for _, e := range l.Environments {
			m, err := compileMarker(e)
			if err != nil {
				return nil, &Error{Msg: fmt.Sprintf("environments: %q is not a marker: %v", e, err), hint: regenerateHint}
			}
			holds, err := m.evaluate(penv, nil, nil)
			if err != nil {
				return nil, &Error{Msg: fmt.Sprintf("environments: cannot evaluate %q: %v", e, err),
					hint: "the marker environment given to fwenv lacks a value; this is a bug in the caller"}
			}
			if holds {
				ok = true
				break
			}
		}
		if !ok {
			return nil, &Error{Msg: fmt.Sprintf("the lock does not apply to this environment (%s); it is for: %s", describeEnv(env), strings.Join(quoteAll(l.Environments), ", ")),
				hint: "use the interpreter the lock was made for, or lock again for this one (`fwenv lock -o pylock.toml` with this interpreter)"}
		}
	}
	pyver := env["python_full_version"]
	if pyver == "" {
		pyver = env["python_version"]
	}
	if l.RequiresPython != "" {
		if ok, err := pythonIn(pyver, l.RequiresPython); err != nil || !ok {
			return nil, &Error{Msg: fmt.Sprintf("the lock requires Python %s; this interpreter is Python %s", l.RequiresPython, pyver),
				hint: "use an interpreter the lock allows (fwenv venv -p PYTHON), or lock again for this one"}
		}
	}
	wantExtras := normNames(slices.Clone(extras))
	for _, x := range wantExtras {
		if !slices.Contains(l.Extras, x) {
			return nil, &Error{Msg: fmt.Sprintf("extra %q is not in the lock (it has: %s)", x, listOrNone(l.Extras)),
				hint: "ask for one of the lock's extras, or lock again with this extra"}
		}
	}
	var wantGroups []string
	if groups == nil {
		wantGroups = slices.Clone(l.DefaultGroups)
	} else {
		wantGroups = normNames(slices.Clone(groups))
		for _, g := range wantGroups {
			if !slices.Contains(l.DependencyGroups, g) && !slices.Contains(l.DefaultGroups, g) {
				return nil, &Error{Msg: fmt.Sprintf("dependency group %q is not in the lock (it has: %s)", g, listOrNone(append(slices.Clone(l.DependencyGroups), l.DefaultGroups...))),
					hint: "ask for one of the lock's dependency groups, or lock again with this group"}
			}
		}
	}

	var out []Selected
	chosen := map[string]int{}
	for i := range l.Packages {
		p := &l.Packages[i]
		if p.Marker != "" {
			m, err := compileMarker(p.Marker)
			if err != nil {
				return nil, &Error{Package: p.Name, Msg: fmt.Sprintf("marker %q: %v", p.Marker, err), hint: regenerateHint}
			}
			holds, err := m.evaluate(penv, wantExtras, wantGroups)
			if err != nil {
				return nil, &Error{Package: p.Name, Msg: fmt.Sprintf("cannot evaluate marker %q: %v", p.Marker, err),
					hint: "the marker environment given to fwenv lacks a value; this is a bug in the caller"}
			}
			if !holds {
				continue
			}
		}
		n := wheelname.Normalize(p.Name)
		if j, dup := chosen[n]; dup {
			return nil, &Error{Package: p.Name, Msg: fmt.Sprintf("two entries apply to this environment (%s and %s)", describePkg(out[j].Package), describePkg(p)),
				hint: "a lock must select at most one entry per package; their markers overlap: " + regenerateHint}
		}
		if p.RequiresPython != "" {
			if ok, err := pythonIn(pyver, p.RequiresPython); err != nil || !ok {
				return nil, &Error{Package: p.Name, Msg: fmt.Sprintf("%s requires Python %s; this interpreter is Python %s", describePkg(p), p.RequiresPython, pyver),
					hint: "use an interpreter the package allows, or lock again for this one"}
			}
		}
		s, err := pick(p, rank)
		if err != nil {
			return nil, err
		}
		chosen[n] = len(out)
		out = append(out, s)
	}
	return out, nil
}

func pick(p *Package, rank func(string) (int, bool)) (Selected, error) {
	s := Selected{Package: p}
	best, bestRank := -1, 0
	for i := range p.Wheels {
		r, ok := 0, true
		if rank != nil {
			r, ok = rank(p.Wheels[i].Name)
		}
		if ok && (best < 0 || r < bestRank) {
			best, bestRank = i, r
		}
	}
	switch {
	case best >= 0:
		s.Wheel = &p.Wheels[best]
	case p.Sdist != nil:
		s.Sdist = p.Sdist
	case p.Archive != nil:
		s.Archive = p.Archive
	case p.Directory != nil:
		s.Directory = p.Directory
	case p.VCS != nil:
		s.VCS = p.VCS
	default:
		var names []string
		for _, w := range p.Wheels {
			names = append(names, w.Name)
		}
		msg := fmt.Sprintf("%s has no file this interpreter can install", describePkg(p))
		if len(names) > 0 {
			msg += ": no wheel matches its tags (" + strings.Join(names, ", ") + ") and there is no sdist"
		}
		return s, &Error{Package: p.Name, Msg: msg,
			hint: "lock again with an sdist or a wheel for this platform and Python, or use an interpreter one of these wheels is built for"}
	}
	return s, nil
}

func pythonIn(version, spec string) (bool, error) {
	set, err := pep440.ParseSpecifierSet(spec)
	if err != nil {
		return false, err
	}
	v, err := pep440.Parse(version)
	if err != nil {
		return false, err
	}
	return set.ContainsPre(v, pep440.PreInclude), nil
}

func describePkg(p *Package) string {
	s := p.Name
	if p.Version != "" {
		s += " " + p.Version
	}
	if p.Marker != "" {
		s += fmt.Sprintf(" (marker %q)", p.Marker)
	}
	return s
}

func describeEnv(env map[string]string) string {
	var parts []string
	for _, k := range []string{"implementation_name", "python_full_version", "sys_platform", "platform_machine"} {
		if v, ok := env[k]; ok {
			parts = append(parts, k+" "+v)
		}
	}
	if len(parts) == 0 {
		return "no marker values given"
	}
	return strings.Join(parts, ", ")
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
