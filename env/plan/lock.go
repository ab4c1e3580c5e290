package plan

import (
	"os"
	"path/filepath"
	"sort"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/solver"
)

// Change is one project a plan changes, as a dry run shows it: the
// action (install, upgrade, downgrade, reinstall, remove), the versions
// before and after ("" when none), and for a lock's entry what it is
// installed from (a file, a folder or a git requirement).
type Change struct {
	Action   string
	Name     string
	From, To string
	What     string
	// Switch, when set, says that an editable install is replaced by a
	// built copy or the reverse ("editable → wheel", "wheel → editable"):
	// such a change is shown as "~ NAME VERSION (SWITCH)".
	Switch string
}

// The switches of a Change.
const (
	EditableToWheel = "editable → wheel"
	WheelToEditable = "wheel → editable"
)

// Reinstall and Remove are the actions of a lock's plan that a
// resolution's changes (solver.Action) do not have.
const (
	Reinstall = "reinstall" // the same version again: a folder, a checkout, an editable install made regular
	Remove    = "remove"    // installed, and not in the lock
)

// LockPlan is what making an environment match a lock changes.
type LockPlan struct {
	// Install are the lock's entries to install (build-only entries are
	// never here), Remove the installed distributions to remove.
	Install []lock.Entry
	Remove  []string
	// Changes are both, as a dry run shows them.
	Changes []Change
}

// Switches are the changes that replace an editable install by a built
// copy or the reverse (Change.Switch); a sync asks before making them.
func (p *LockPlan) Switches() []Change {
	var out []Change
	for _, c := range p.Changes {
		if c.Switch != "" {
			out = append(out, c)
		}
	}
	return out
}

// FromLock compares the lock's entries selected for the interpreter with
// what db has installed. An entry is installed unless the same version is
// installed (and, for a file, not as an editable install), or its git
// commit is; a project folder is always installed again (its content may
// have changed), as pip does, except an editable entry installed editable
// from the same folder at the same version, which is kept. Replacing an
// editable install by a built copy, or the reverse, is a change of its own
// (Change.Switch). With exact, what is installed and not in the
// lock is removed, but the packaging tools stay (site.KeptBySync).
func FromLock(entries []lock.Entry, db *site.DB, exact bool) *LockPlan {
	p := &LockPlan{}
	want := map[string]bool{}
	for _, l := range entries {
		if l.BuildOnly {
			continue
		}
		want[wheelname.Normalize(l.Name)] = true
		d := db.Get(l.Name)
		var dir string
		editable := false
		if d != nil {
			dir, editable = d.Editable()
		}
		if d != nil && editable && l.Editable && l.Dir != "" && pep440.SameVersion(d.Version, l.Version) && sameDir(dir, l.Dir) {
			continue // installed in place from the locked folder
		}
		if d != nil && pep440.SameVersion(d.Version, l.Version) && l.Dir == "" && l.VCS == "" {
			if _, editable := d.Editable(); !editable {
				continue // already as locked
			}
		}
		if d != nil && l.VCS != "" && d.InstalledFromGit(l.Repo, l.RepoSubdir, l.Commit) {
			continue // already at the locked commit
		}
		p.Install = append(p.Install, l)
		c := Change{Action: string(solver.Install), Name: l.Name, To: l.Version, What: l.File}
		if l.Dir != "" {
			c.What = l.Dir
		} else if l.VCS != "" {
			c.What = l.VCS
		}
		if d != nil {
			c.From, c.Action = d.Version, versionAction(d.Version, l.Version)
			switch lockEditable := l.Editable && l.Dir != ""; {
			case editable && !lockEditable:
				c.Switch = EditableToWheel
			case !editable && lockEditable:
				c.Switch = WheelToEditable
			}
		}
		p.Changes = append(p.Changes, c)
	}
	if exact {
		var removed []Change
		for _, d := range db.Dists() {
			if !want[d.Key] && !site.KeptBySync(d.Key) {
				removed = append(removed, Change{Action: Remove, Name: d.Name, From: d.Version})
			}
		}
		sort.Slice(removed, func(i, j int) bool { return removed[i].Name < removed[j].Name })
		for _, c := range removed {
			p.Remove = append(p.Remove, c.Name)
		}
		p.Changes = append(p.Changes, removed...)
	}
	return p
}

// sameDir reports whether two folders are the same: equal once cleaned,
// or the same file.
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// versionAction says what replacing installed version from with to is.
func versionAction(from, to string) string {
	a, errA := pep440.Parse(from)
	b, errB := pep440.Parse(to)
	switch {
	case errA != nil || errB != nil || to == "":
		return Reinstall
	case b.Compare(a) > 0:
		return string(solver.Upgrade)
	case b.Compare(a) < 0:
		return string(solver.Downgrade)
	}
	return Reinstall
}

// DryRun is the resolution's changes (those that change something) as a
// dry run shows them; a project kept at its version but installed again
// is a reinstall.
func (p *Plan) DryRun() []Change {
	// What is kept at its version is installed again with --force-reinstall,
	// and a project folder always (its content may have changed).
	stepped := map[string]bool{}
	for _, st := range p.Steps {
		folder := false
		if st.Local != nil && st.Local.Item != nil && st.Local.Item.Project != "" {
			fi, err := os.Stat(st.Local.Item.Project)
			folder = err == nil && fi.IsDir()
		}
		stepped[wheelname.Normalize(st.Name)] = p.reinstall || folder
	}
	var out []Change
	for _, ch := range p.Changes {
		action := string(ch.Action)
		if ch.Action == solver.Keep {
			if !stepped[wheelname.Normalize(ch.Name)] {
				continue
			}
			action = Reinstall // kept at its version, installed again (--force-reinstall, a project folder)
		}
		c := Change{Action: action, Name: ch.Name, To: ch.To.String()}
		if !ch.From.IsZero() {
			c.From = ch.From.String()
		}
		out = append(out, c)
	}
	return out
}

// String is the change as a dry run prints it: "ACTION NAME [FROM ->] TO
// [(WHAT)]" ("reinstall NAME VERSION (WHAT)": the version stays),
// "~ NAME VERSION (SWITCH)" for an editable install replaced or made, or
// "remove NAME VERSION".
func (c Change) String() string {
	if c.Switch != "" {
		s := "~ " + c.Name
		switch {
		case c.From != "" && c.To != "" && c.From != c.To && c.Action != Reinstall:
			s += " " + c.From + " -> " + c.To
		case c.To != "":
			s += " " + c.To
		}
		return s + " (" + c.Switch + ")"
	}
	s := c.Action + " " + c.Name
	switch {
	case c.Action == Remove:
		if c.From != "" {
			s += " " + c.From
		}
	case c.From != "" && c.To != "" && c.Action != Reinstall:
		s += " " + c.From + " -> " + c.To
	case c.To != "":
		s += " " + c.To
	}
	if c.What != "" {
		s += " (" + c.What + ")"
	}
	return s
}
