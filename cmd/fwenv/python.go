package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func (a *app) pythonCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "python",
		Short: "Find Python interpreters",
	}
	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the interpreters fwenv finds (PATH, pyenv, system folders)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := a.finder()
			found := f.List()
			def, _ := a.findPython("")
			type row struct {
				Version        string `json:"version"`
				Implementation string `json:"implementation"`
				Path           string `json:"path"`
				FoundAs        string `json:"found_as"`
				Source         string `json:"source"`
				Supported      bool   `json:"supported"`
				Note           string `json:"note,omitempty"`
				Default        bool   `json:"default"`
			}
			var rows []row
			for _, fd := range found {
				r := row{Path: fd.Real, FoundAs: fd.Path, Source: fd.Source}
				if fd.Info != nil {
					r.Version, r.Implementation = fd.Info.Version(), fd.Info.Implementation
					r.Supported, r.Note = fd.Info.Supported()
					r.Default = def != nil && def.Path == fd.Info.Path
				} else {
					r.Note = fmt.Sprint(fd.Err)
				}
				rows = append(rows, r)
			}
			switch format {
			case "json":
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "text", "":
			default:
				return usageError{fmt.Errorf("unknown --format %q (want text or json)", format)}
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			for _, r := range rows {
				mark := " "
				if r.Default {
					mark = "*"
				}
				note := ""
				if !r.Supported {
					note = "unsupported: " + r.Note
				}
				via := r.Source
				if r.FoundAs != r.Path {
					via += " " + r.FoundAs
				}
				fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", mark, r.Version, r.Implementation, r.Path, via, note)
			}
			return tw.Flush()
		},
	}
	list.Flags().StringVar(&format, "format", "text", "output format: text or json")
	var req string
	find := &cobra.Command{
		Use:   "find [REQUEST]",
		Short: "Print the interpreter a -p request selects",
		Args:  args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				req = args[0]
			}
			info, err := a.findPython(req)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, info.Path)
			return nil
		},
	}
	cmd.AddCommand(list, find)
	return cmd
}
