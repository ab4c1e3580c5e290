package install

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/env/standin"
)

// versioned are the launchers pip's and setuptools' wheels declare for
// themselves, some carrying the minor of the Python that built the wheel
// (pip3.9, easy_install-3.6).
var versioned = map[string]*regexp.Regexp{
	"pip":        regexp.MustCompile(`^pip(\d+(\.\d+)?)?$`),
	"setuptools": regexp.MustCompile(`^easy_install(-\d+\.\d+)?$`),
}

// scriptEntryPoints are the launchers to write for wheel w of distribution
// key: its console_scripts and gui_scripts, except that pip's and
// setuptools' own are named for the target interpreter as pip names them
// when it installs them: pip, pipX and pipX.Y (standin.Names, so that they
// replace every stand-in), easy_install and easy_install-X.Y; never a name
// with another Python's minor.
func scriptEntryPoints(w *wheel.Wheel, key string, info *python.Info) []entrypoints.EntryPoint {
	eps := entrypoints.Scripts(w.EntryPoints)
	re := versioned[key]
	if re == nil || info == nil || len(info.VersionInfo) < 2 {
		return eps
	}
	main, names := "pip", standin.NamesFor(info)
	if key == "setuptools" {
		main, names = "easy_install", []string{"easy_install", "easy_install-" + info.MajorMinor()}
	}
	var from *entrypoints.EntryPoint
	for i := range eps {
		if eps[i].Group == "console_scripts" && eps[i].Name == main {
			from = &eps[i]
		}
	}
	if from == nil {
		return eps
	}
	out := make([]entrypoints.EntryPoint, 0, len(eps)+len(names))
	for _, ep := range eps {
		if ep.Group != "console_scripts" || !re.MatchString(ep.Name) {
			out = append(out, ep)
		}
	}
	for _, n := range names {
		ep := *from
		ep.Name = n
		out = append(out, ep)
	}
	return out
}

// standIns puts pip's stand-ins (env/standin) back when a change removes
// pip: a stand-in takes the place of each of pip's launchers, and of a
// missing name; a file there that is neither pip's nor a stand-in (the
// user's own) is left alone. Installing pip needs nothing of its own: the
// stand-ins belong to no distribution, so pip's launchers (named by
// scriptEntryPoints) overwrite them like any unowned file; a name pip's
// wheel has no launcher for keeps its stand-in rather than let another
// interpreter's pip answer to it.
type standIns struct {
	dests []string        // the stand-ins to put, in the scripts folder
	had   map[string]bool // ... replacing one of pip's launchers
	// keep holds those launchers: the removal must leave them to the puts.
	keep map[string]bool
}

// planStandIns decides for a change that removes the distributions whose
// keys are in going (a pip installed again by the same change is not
// removed: pipIn).
func planStandIns(t *Target, db *site.DB, pipIn bool, going map[string]bool) *standIns {
	s := &standIns{had: map[string]bool{}, keep: map[string]bool{}}
	if pipIn || !going["pip"] {
		return s
	}
	for _, n := range standin.NamesFor(t.Info) {
		dest := filepath.Join(t.Layout.Scripts, n)
		_, err := os.Lstat(dest)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			s.dests = append(s.dests, dest)
		case err != nil, standin.IsFile(dest):
		default:
			for _, d := range db.Owners(dest) {
				if going[d.Key] && !s.had[dest] {
					s.dests = append(s.dests, dest)
					s.had[dest], s.keep[dest] = true, true
				}
			}
		}
	}
	return s
}

// ops stages the stand-ins (as staging index stage of x) and returns their
// puts. A scripts folder the guard refuses gets none; the change itself
// goes on.
func (s *standIns) ops(x *txn, stage int) ([]op, error) {
	var ops []op
	for _, dest := range s.dests {
		if x.guard.check(dest, "pip") != nil {
			continue
		}
		rel := relTo(x.root, dest)
		staged := x.staged(stage, rel)
		if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
			return nil, &Error{Member: staged, Reason: "cannot stage pip's stand-in", Err: err}
		}
		if err := os.WriteFile(staged, standin.Script(), standin.Mode); err != nil {
			return nil, &Error{Member: staged, Reason: "cannot stage pip's stand-in", Err: err}
		}
		ops = append(ops, op{Put: true, Rel: rel, Stage: stage, Had: s.had[dest]})
	}
	return ops, nil
}
