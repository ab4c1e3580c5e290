package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/env/epcheck"
	"github.com/fwenv/fwenv/env/site"
)

func (a *app) listCmd() *cobra.Command {
	var format string
	var o site.ListOptions
	var exclude []string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the installed distributions",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, db, err := a.openDB()
			if err != nil {
				return err
			}
			a.reportDBProblems(db)
			o.Exclude = exclude
			rows := site.List(db, o)
			var lines []string
			switch format {
			case "columns", "":
				lines = site.ListColumns(rows, a.verbose)
			case "freeze":
				lines = site.ListFreeze(rows)
			case "json":
				_, err := a.stdout.Write(append(site.ListJSON(rows, a.verbose), '\n'))
				return err
			default:
				return usageError{fmt.Errorf("unknown --format %q (want columns, freeze or json)", format)}
			}
			a.printLines(lines)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "columns", "output format: columns, freeze or json")
	f.BoolVarP(&o.EditableOnly, "editable", "e", false, "list only editable installs")
	f.BoolVar(&o.ExcludeEditable, "exclude-editable", false, "leave out editable installs")
	f.StringSliceVar(&exclude, "exclude", nil, "leave out these distributions")
	return cmd
}

func (a *app) freezeCmd() *cobra.Command {
	var o site.FreezeOptions
	cmd := &cobra.Command{
		Use:   "freeze",
		Short: "Print the installed distributions in requirements format, as pip freeze does",
		Long: `Print one line per installed distribution, as pip freeze does: name==version,
-e DIR (or -e git+URL@SHA#egg=NAME) for editable installs, name @ URL for
direct URL installs; sorted by name. pip, setuptools, wheel and distribute are
hidden as pip hides them, unless --all. With --pins, distributions installed
from an sdist or wheel file or URL are written name==version too, to install
them elsewhere from an index or a -f folder with any tool (version-control
and folder installs keep their line).`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, db, err := a.openDB()
			if err != nil {
				return err
			}
			a.reportDBProblems(db)
			o.PythonVersion = c.Info.MajorMinor()
			lines, skipped := site.FreezeReport(db, o)
			for _, msg := range skipped {
				a.logf("warning: %s\n", printable.Lines(msg))
			}
			a.printLines(lines)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.All, "all", false, "also list pip, setuptools, wheel and distribute")
	f.StringSliceVar(&o.Exclude, "exclude", nil, "leave out these distributions")
	f.BoolVar(&o.ExcludeEditable, "exclude-editable", false, "leave out editable installs")
	f.BoolVar(&o.Pins, "pins", false, "write name==version for distributions installed from an sdist or wheel file or URL")
	return cmd
}

type notFoundError struct{ names []string }

func (e notFoundError) Error() string {
	return "not installed: " + strings.Join(e.names, ", ")
}
func (e notFoundError) Hint() string { return "`fwenv list` shows what is installed" }

func (a *app) showCmd() *cobra.Command {
	var files bool
	cmd := &cobra.Command{
		Use:   "show NAME...",
		Short: "Show an installed distribution: metadata, requirements, entry points, files",
		Args:  args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, names []string) error {
			c, db, err := a.openDB()
			if err != nil {
				return err
			}
			for _, p := range db.Problems { // a distribution left out is named
				a.logf("warning: %s\n", printable.Lines(p.Error()))
			}
			var missing []string
			first := true
			for _, n := range names {
				d := db.Get(n)
				if d == nil {
					missing = append(missing, n)
					continue
				}
				if !first {
					fmt.Fprintln(a.stdout, "---")
				}
				first = false
				a.reportDistNotes(d, true)
				a.printLines(site.Show(d, c.Info.MarkerEnvironment()).Text(a.verbose, files))
			}
			if len(missing) > 0 {
				return notFoundError{missing}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&files, "files", "f", false, "list the installed files")
	return cmd
}

func (a *app) entryPointsCmd() *cobra.Command {
	var group, format string
	var check bool
	cmd := &cobra.Command{
		Use:   "entry-points",
		Short: "List the entry points installed distributions declare (what a framework discovers)",
		Long: `List the entry points of the environment's distributions — what
importlib.metadata.entry_points() and pkg_resources.iter_entry_points() give
the framework at run time. Names declared twice in one group are marked.
--check imports every object in the environment's interpreter and reports
the ones that fail (exit status 1).`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.openEnv()
			if err != nil {
				return err
			}
			db, err := site.OpenWith(c.Layout, site.OpenOptions{EntryPointsOnly: true})
			if err != nil {
				return err
			}
			a.reportDBProblems(db)
			rows := site.EntryPointsIn(db, group)
			if group != "" && len(rows) == 0 {
				a.noSuchGroup(group, site.EntryPointsIn(db, ""))
			}
			var broken map[int]string
			if check {
				broken, err = epcheck.Check(c.Venv.Python(), rows)
				if err != nil {
					return err
				}
			}
			switch format {
			case "json":
				type row struct {
					site.EntryPointJSON
					Error string `json:"error,omitempty"`
				}
				out := make([]row, 0, len(rows))
				for i, r := range rows {
					out = append(out, row{r.JSON(), broken[i]})
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
			case "text", "":
				for i, r := range rows {
					// Each field escaped: tabs separate the fields.
					e := printable.Escape
					line := fmt.Sprintf("%s\t%s = %s\t(%s %s)", e(r.Group), e(r.Name), e(r.Reference()), e(r.Dist.Name), e(r.Dist.Version))
					if r.Duplicate {
						line += "\tduplicate name in group"
					}
					if msg, bad := broken[i]; bad {
						line += "\tBROKEN: " + e(msg)
					}
					fmt.Fprintln(a.stdout, line)
				}
			default:
				return usageError{fmt.Errorf("unknown --format %q (want text or json)", format)}
			}
			reader := "importlib.metadata returns each"
			if !c.Info.HasImportlibMetadata() {
				reader = fmt.Sprintf("pkg_resources.iter_entry_points returns each (Python %s has no importlib.metadata)", c.Info.MajorMinor())
			}
			for _, d := range site.Duplicates(rows) {
				a.logf("note: group %s: the name %q is declared by %s; %s, and the framework decides which it uses\n", printable.Escape(d.Group), d.Name, printable.Escape(strings.Join(d.Dists, ", ")), reader)
			}
			unread := site.UnreadEntryPoints(db)
			if len(broken) > 0 {
				return fmt.Errorf("%d entry point(s) cannot be loaded", len(broken))
			}
			if len(unread) > 0 {
				msg := fmt.Sprintf("the entry_points.txt of %s cannot be read by importlib.metadata (see the warnings above); entry_points() fails in this environment", strings.Join(unread, ", "))
				if !c.Info.HasImportlibMetadata() {
					msg = fmt.Sprintf("the entry_points.txt of %s breaks the rules fwenv checks for Python %s (see the warnings above); pkg_resources, which frameworks use there, refuses most such files", strings.Join(unread, ", "), c.Info.MajorMinor())
				}
				return &cmdError{msg: printable.Escape(msg),
					hint: "reinstall the distributions named (fwenv install --force-reinstall), or report the file to their authors"}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&group, "group", "", "only this group (e.g. console_scripts, typeA)")
	f.StringVar(&format, "format", "text", "output format: text or json")
	f.BoolVar(&check, "check", false, "import each object and report the broken ones")
	return cmd
}

// noSuchGroup says on stderr that no distribution declares group, and
// which groups the environment has (the exit status stays 0: an empty
// list is an answer).
func (a *app) noSuchGroup(group string, all []site.EntryPointRow) {
	var groups []string
	for _, r := range all {
		if len(groups) == 0 || groups[len(groups)-1] != r.Group {
			groups = append(groups, r.Group) // rows come sorted by group
		}
	}
	if len(groups) == 0 {
		a.logf("note: no distribution declares entry points in group %s; no distribution in the environment declares any entry point\n", printable.Escape(group))
		return
	}
	a.logf("note: no distribution declares entry points in group %s; the groups declared are: %s\n", printable.Escape(group), printable.Escape(strings.Join(groups, ", ")))
}

func (a *app) checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check installed requirements and every installed file against RECORD",
		Long: `Report requirements of installed distributions that are missing or have the
wrong version (markers evaluated for the environment's interpreter), and every
installed file that is missing or differs from its RECORD hash (expected and
actual hashes). Exit status 1 when anything is found.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, db, err := a.openDB()
			if err != nil {
				return err
			}
			// What could not be read is one of the problems listed below;
			// warnings are only shown.
			for _, d := range db.Dists() {
				a.reportDistNotes(d, false)
			}
			problems := site.Check(db, c.Info.MarkerEnvironment())
			for _, p := range problems {
				fmt.Fprintln(a.stdout, p.String())
			}
			if len(problems) > 0 {
				return checkError(len(problems))
			}
			fmt.Fprintln(a.stdout, "No broken requirements or modified files found.")
			return nil
		},
	}
}

type checkError int

func (e checkError) Error() string { return fmt.Sprintf("%d problem(s) found", int(e)) }
func (e checkError) Hint() string {
	return "reinstall the distributions named above with fwenv install --force-reinstall (it re-verifies the cache entries it uses against their RECORD and unpacks damaged ones again, so an edited file is not reinstalled), or install what is missing"
}

func (a *app) printLines(lines []string) {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	_, _ = a.stdout.Write([]byte(b.String()))
}

// reportDBProblems warns, on stderr, about every metadata folder the
// database could not use and every distribution's damaged metadata files
// and warnings, escaped (archive/printable).
func (a *app) reportDBProblems(db *site.DB) {
	for _, p := range db.Problems {
		a.logf("warning: %s\n", printable.Lines(p.Error()))
	}
	for _, d := range db.Dists() {
		a.reportDistNotes(d, true)
	}
}

// reportDistNotes warns about d's warnings and, with damaged, its damaged
// metadata files.
func (a *app) reportDistNotes(d *site.Dist, damaged bool) {
	if damaged {
		for _, msg := range d.Damaged {
			a.logf("warning: %s\n", printable.Escape(msg))
		}
	}
	for _, msg := range d.Warnings {
		a.logf("warning: %s\n", printable.Escape(msg))
	}
}
