package build

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// NoIsolationError is a build without isolation whose target environment
// lacks some of the project's build requirements: without them the backend
// fails, or worse, builds something wrong (without setuptools-scm a
// setuptools-scm project is built as version 0.0.0).
type NoIsolationError struct {
	Project string // the project folder
	Env     string // the environment searched (its root)
	// Missing are the requirements not met, each with why:
	// "setuptools-scm[toml]>=6.2.3 (not installed)".
	Missing []string
	// Requirements are the unmet requirement strings, for the hint.
	Requirements []string
}

func (e *NoIsolationError) Error() string {
	return fmt.Sprintf("building %s without build isolation: the environment %s lacks build requirements of the project: %s", e.Project, e.Env, strings.Join(e.Missing, ", "))
}

// Hint says how to provide them.
func (e *NoIsolationError) Hint() string {
	quoted := make([]string, len(e.Requirements))
	for i, r := range e.Requirements {
		quoted[i] = "'" + r + "'"
	}
	return fmt.Sprintf("install them first (fwenv install %s), or drop --no-build-isolation so that fwenv builds in an environment of their own", strings.Join(quoted, " "))
}

// checkInstalled refuses a build without isolation when the environment at
// envDir ("" for the interpreter itself) does not satisfy reqs (markers
// evaluated for info; versions by PEP 440, pre-releases accepted as
// installed). Extras are not followed, as pip check does.
func checkInstalled(project, envDir string, info *python.Info, reqs []string) error {
	if len(reqs) == 0 {
		return nil
	}
	root := envDir
	if root == "" {
		root = info.Prefix
	}
	db, err := site.Open(site.LayoutFor(root, info))
	if err != nil {
		return err
	}
	env := pep508.Environment{}
	for k, v := range info.Markers {
		env[k] = v
	}
	env["extra"] = ""
	e := &NoIsolationError{Project: project, Env: root}
	seen := map[string]bool{}
	for _, raw := range reqs {
		r, err := pep508.ParseRequirement(raw)
		if err != nil || seen[raw] {
			continue // ReadBuildSystem has checked them; the backend reports the rest
		}
		seen[raw] = true
		if !r.Marker.IsZero() {
			if ok, err := r.Marker.Evaluate(env); err == nil && !ok {
				continue
			}
		}
		d := db.Get(r.Name)
		why := ""
		switch {
		case d == nil:
			why = "not installed"
		case r.Specifier.Len() > 0:
			v, err := pep440.Parse(d.Version)
			if err != nil || !r.Specifier.ContainsPre(v, pep440.PreInclude) {
				why = fmt.Sprintf("%s %s is installed", d.Name, d.Version)
			}
		}
		if why != "" {
			e.Missing = append(e.Missing, fmt.Sprintf("%s (%s)", raw, why))
			e.Requirements = append(e.Requirements, raw)
		}
	}
	if len(e.Missing) == 0 {
		return nil
	}
	sort.Strings(e.Missing)
	sort.Strings(e.Requirements)
	return e
}

// noIsolationRequires are the requirements a build without isolation
// checks before the backend runs: the project's [build-system] requires,
// less the `wheel` of the defaults for projects without one (setuptools
// asks for it through get_requires_for_build_wheel when it needs it, and
// that answer is checked too).
func noIsolationRequires(bs *BuildSystem) []string {
	if !defaulted(bs.Requires) {
		return bs.Requires
	}
	var out []string
	for _, r := range bs.Requires {
		if r != "wheel" {
			out = append(out, r)
		}
	}
	return out
}

func defaulted(reqs []string) bool {
	return strings.Join(reqs, "\x00") == strings.Join(LegacyRequires, "\x00")
}
