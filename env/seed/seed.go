package seed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// Error says the bundle lacks a seed package. Distribution builds of
// Python often ship an empty bundle.
type Error struct {
	Interp  string
	Bundle  string
	Missing string
}

func (e *Error) Error() string {
	return fmt.Sprintf("the interpreter %s has no %s wheel in its ensurepip bundle (%s)", e.Interp, e.Missing, e.Bundle)
}

// Hint fits --seed, the one seed that fails when a wheel is missing (the
// setuptools create installs below 3.8 without --seed is best effort).
func (e *Error) Hint() string {
	add := fmt.Sprintf("add %s with `fwenv install %s` (offline: `fwenv install --no-index -f DIR %s`, DIR holding a %s wheel)", e.Missing, e.Missing, e.Missing, e.Missing)
	if e.Missing == "setuptools" {
		return "give --no-setuptools to seed pip alone, or create without --seed and " + add
	}
	return "create without --seed and " + add
}

// Projects are what --seed installs for an interpreter: pip, and
// setuptools below 3.12 (2.7 included) unless noSetuptools, as
// virtualenv's --no-setuptools seeds pip alone.
func Projects(info *python.Info, noSetuptools bool) []string {
	if !noSetuptools && len(info.VersionInfo) >= 2 && (info.VersionInfo[0] == 2 || info.VersionInfo[0] == 3 && info.VersionInfo[1] <= 11) {
		return []string{"pip", "setuptools"}
	}
	return []string{"pip"}
}

// RuntimeProjects are what create installs without --seed: below 3.8
// there is no importlib.metadata, so a framework finds its plugins' entry
// points with pkg_resources, which is setuptools.
func RuntimeProjects(info *python.Info) []string {
	if !info.HasImportlibMetadata() {
		return []string{"setuptools"}
	}
	return nil
}

// Bundle is the interpreter's ensurepip wheel folder.
func Bundle(info *python.Info) string {
	return filepath.Join(info.Stdlib, "ensurepip", "_bundled")
}

// Wheels returns the newest bundled wheel of each seed project.
func Wheels(info *python.Info) ([]string, error) { return WheelsOf(info, Projects(info, false)) }

// WheelsOf returns the newest bundled wheel of each of projects.
func WheelsOf(info *python.Info, projects []string) ([]string, error) {
	dir := Bundle(info)
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, project := range projects {
		best, bestV := "", pep440.Version{}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".whl") {
				continue
			}
			w, err := wheelname.ParseWheel(e.Name())
			if err != nil || w.Normalized() != project {
				continue
			}
			v, err := pep440.Parse(w.Version)
			if err != nil {
				continue
			}
			if best == "" || v.Compare(bestV) > 0 {
				best, bestV = filepath.Join(dir, e.Name()), v
			}
		}
		if best == "" {
			return nil, &Error{Interp: info.Path, Bundle: dir, Missing: project}
		}
		out = append(out, best)
	}
	return out, nil
}
