package build

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/proc"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/env/venv"
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
// envDir ("" for the interpreter itself), run by pyExe, does not satisfy
// reqs (markers evaluated for info; versions by PEP 440, pre-releases
// accepted as installed). Extras are not followed, as pip check does. The
// environment's own site-packages is read with env/site; when the
// interpreter sees more (a bare interpreter's other site folders, a virtual
// environment with include-system-site-packages), what is not found there
// is asked of the interpreter itself, and a requirement it cannot answer
// for is not refused.
func checkInstalled(ctx context.Context, project, envDir, pyExe string, info *python.Info, reqs []string) error {
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
	seesMore := envDir == ""
	if !seesMore {
		e, err := venv.Open(envDir)
		seesMore = err != nil || strings.EqualFold(strings.TrimSpace(e.Cfg.Get("include-system-site-packages")), "true")
	}
	// version finds name's installed version ("" when not installed);
	// known is false when the interpreter could not be asked.
	var asked map[string]*string // normalised name -> version, from the interpreter
	askedOnce := false
	version := func(name string) (dist, ver string, known bool) {
		if d := db.Get(name); d != nil {
			return d.Name, d.Version, true
		}
		if !seesMore {
			return "", "", true
		}
		if !askedOnce {
			asked, askedOnce = askVersions(ctx, pyExe), true
		}
		if asked == nil {
			return "", "", false
		}
		if v := asked[wheelname.Normalize(name)]; v != nil {
			return name, *v, true
		}
		return "", "", true
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
		name, ver, known := version(r.Name)
		if !known {
			continue
		}
		why := ""
		switch {
		case name == "":
			why = "not installed"
		case r.Specifier.Len() > 0:
			v, err := pep440.Parse(ver)
			if err != nil || !r.Specifier.ContainsPre(v, pep440.PreInclude) {
				why = fmt.Sprintf("%s %s is installed", name, ver)
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

// versionsScript prints {normalised name: version} for every distribution
// the interpreter sees (the first of a name wins, as importlib.metadata's
// lookup), with pkg_resources where importlib.metadata is missing (2.7,
// 3.6, 3.7).
const versionsScript = `
import json, re, sys
seen = {}
def add(name, version):
    key = re.sub(r"[-_.]+", "-", name or "").lower()
    if key and key not in seen:
        seen[key] = version
try:
    from importlib.metadata import distributions
    for d in distributions():
        add(d.metadata["Name"], d.version)
except ImportError:
    import pkg_resources
    for d in pkg_resources.working_set:
        add(d.project_name, d.version)
sys.stdout.write(json.dumps(seen))
`

// askVersions asks the interpreter which distributions it sees; nil when
// it cannot say.
func askVersions(ctx context.Context, pyExe string) map[string]*string {
	// As the hooks run it (user site included), from the interpreter's own
	// folder so that nothing in the project shadows json or re.
	res, err := proc.Run(ctx, pyExe, []string{"-c", versionsScript}, proc.Options{Dir: filepath.Dir(pyExe)})
	if err != nil {
		return nil
	}
	var out map[string]*string
	if json.Unmarshal(res.Stdout, &out) != nil {
		return nil
	}
	return out
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
