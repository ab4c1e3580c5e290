package site

import (
	"encoding/json"
	"strings"

	"github.com/fwenv/fwenv/archive/printable"
)

// ListRow is one line of `fwenv list`.
type ListRow struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Location  string `json:"location,omitempty"`  // site-packages (pip list -v)
	Installer string `json:"installer,omitempty"` // pip list -v
	// Editable is the source folder of an editable install, "" otherwise.
	Editable string `json:"editable_project_location,omitempty"`
}

// ListOptions tunes List.
type ListOptions struct {
	Exclude         []string // names to leave out, any spelling
	EditableOnly    bool
	ExcludeEditable bool
}

// List returns the rows of `pip list`: every distribution (pip, setuptools
// and wheel included, as pip list shows them) sorted by normalised name.
func List(db *DB, opts ListOptions) []ListRow {
	skip := map[string]bool{}
	for _, n := range stdlibNames {
		skip[n] = true
	}
	for _, n := range opts.Exclude {
		skip[normalize(n)] = true
	}
	var rows []ListRow
	for _, d := range db.dists { // sorted by Key, as pip list sorts
		if skip[d.Key] {
			continue
		}
		loc, editable := d.Editable()
		if (opts.EditableOnly && !editable) || (opts.ExcludeEditable && editable) {
			continue
		}
		rows = append(rows, ListRow{Name: d.Name, Version: d.DisplayVersion(), Location: d.Location(), Installer: d.Installer, Editable: loc})
	}
	return rows
}

// ListJSON is `pip list --format json`: name, version and, for editable
// installs, editable_project_location; verbose adds location and installer.
func ListJSON(rows []ListRow, verbose bool) []byte {
	type row struct {
		Name      string  `json:"name"`
		Version   string  `json:"version"`
		Location  *string `json:"location,omitempty"`
		Installer *string `json:"installer,omitempty"`
		Editable  string  `json:"editable_project_location,omitempty"`
	}
	out := make([]row, 0, len(rows))
	for _, r := range rows {
		x := row{Name: r.Name, Version: r.Version, Editable: r.Editable}
		if verbose {
			x.Location, x.Installer = &r.Location, &r.Installer
		}
		out = append(out, x)
	}
	b, _ := json.Marshal(out)
	return b
}

// ListFreeze is `pip list --format freeze`: "name==version" lines, as
// written in METADATA (unlike Freeze, no direct URLs or -e lines).
func ListFreeze(rows []ListRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = printable.Escape(r.Name + "==" + r.Version)
	}
	return out
}

// ListColumns is `pip list`'s table: a header, a dashed rule and one line
// per row, columns padded to their widest cell, trailing spaces trimmed;
// the editable column appears when some row is editable, location and
// installer columns when verbose. No rows give no lines.
func ListColumns(rows []ListRow, verbose bool) []string {
	if len(rows) == 0 {
		return nil
	}
	hasEditable := false
	for _, r := range rows {
		if r.Editable != "" {
			hasEditable = true
		}
	}
	header := []string{"Package", "Version"}
	if hasEditable {
		header = append(header, "Editable project location")
	}
	if verbose {
		header = append(header, "Location", "Installer")
	}
	table := [][]string{header}
	for _, r := range rows {
		cells := []string{r.Name, r.Version}
		if hasEditable {
			cells = append(cells, r.Editable)
		}
		if verbose {
			cells = append(cells, r.Location, r.Installer)
		}
		for i, c := range cells {
			cells[i] = printable.Escape(c) // one row is one line
		}
		table = append(table, cells)
	}
	widths := make([]int, len(header))
	for _, cells := range table {
		for i, c := range cells {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	format := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c)
			if pad := widths[i] - len([]rune(c)); pad > 0 {
				b.WriteString(strings.Repeat(" ", pad))
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	lines := []string{format(table[0])}
	rule := make([]string, len(widths))
	for i, w := range widths {
		rule[i] = strings.Repeat("-", w)
	}
	lines = append(lines, strings.Join(rule, " "))
	for _, cells := range table[1:] {
		lines = append(lines, format(cells))
	}
	return lines
}
