package site

import (
	"sort"
	"strings"
)

// EntryPointRow is one entry point declared by an installed distribution.
type EntryPointRow struct {
	Group, Name string
	Value       string   // "module:attr", without extras
	Extras      []string // deprecated "[extra]" suffix
	Dist        *Dist
	// Duplicate is set when another distribution declares the same name in
	// the same group. importlib.metadata returns both, so it is a warning,
	// not an error: which one a framework uses is up to the framework.
	Duplicate bool
}

// Reference is the object reference as importlib.metadata's value shows it:
// "module:attr" and " [extra, ...]" when extras are given.
func (r EntryPointRow) Reference() string {
	if len(r.Extras) == 0 {
		return r.Value
	}
	return r.Value + " [" + strings.Join(r.Extras, ", ") + "]"
}

// EntryPointsIn lists the entry points of a group ("" for every group)
// sorted by group, name and distribution, with duplicate names within a
// group flagged.
func EntryPointsIn(db *DB, group string) []EntryPointRow {
	var rows []EntryPointRow
	for _, d := range db.dists {
		for _, ep := range d.EntryPoints {
			if group != "" && ep.Group != group {
				continue
			}
			rows = append(rows, EntryPointRow{Group: ep.Group, Name: ep.Name, Value: ep.Value, Extras: ep.Extras, Dist: d})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Dist.Key < b.Dist.Key
	})
	for i := range rows {
		if (i > 0 && rows[i-1].Group == rows[i].Group && rows[i-1].Name == rows[i].Name) ||
			(i+1 < len(rows) && rows[i+1].Group == rows[i].Group && rows[i+1].Name == rows[i].Name) {
			rows[i].Duplicate = true
		}
	}
	return rows
}

// EntryPointJSON is the JSON form of an EntryPointRow.
type EntryPointJSON struct {
	Group     string `json:"group"`
	Name      string `json:"name"`
	Value     string `json:"value"`
	Dist      string `json:"distribution"`
	Version   string `json:"version"`
	Duplicate bool   `json:"duplicate,omitempty"`
}

// JSON returns the row's JSON form.
func (r EntryPointRow) JSON() EntryPointJSON {
	return EntryPointJSON{Group: r.Group, Name: r.Name, Value: r.Reference(), Dist: r.Dist.Name, Version: r.Dist.Version, Duplicate: r.Duplicate}
}

// DuplicateName is a name declared more than once in one group, with the
// distributions that declare it (in the rows' order).
type DuplicateName struct {
	Group, Name string
	Dists       []string
}

// Duplicates lists the names rows flag as Duplicate, each once, in the
// order they first appear.
func Duplicates(rows []EntryPointRow) []DuplicateName {
	var out []DuplicateName
	at := map[[2]string]int{}
	for _, r := range rows {
		if !r.Duplicate {
			continue
		}
		k := [2]string{r.Group, r.Name}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, DuplicateName{Group: r.Group, Name: r.Name})
		}
		out[i].Dists = append(out[i].Dists, r.Dist.Name)
	}
	return out
}

// UnreadEntryPoints names the distributions whose entry_points.txt
// importlib.metadata cannot read (Dist.EntryPointsError): entry_points()
// fails in such an environment.
func UnreadEntryPoints(db *DB) []string {
	var out []string
	for _, d := range db.Dists() {
		if d.EntryPointsError != "" {
			out = append(out, d.Name)
		}
	}
	return out
}
