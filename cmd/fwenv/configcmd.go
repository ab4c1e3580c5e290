package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/resolver/secret"
)

func (a *app) configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show fwenv's configuration",
	}
	show := &cobra.Command{
		Use:   "show",
		Short: "Print every setting's effective value and where it came from",
		Long: `Print every setting (each long flag is a setting) with its effective value and
its source: a flag, a FWENV_* environment variable, a configuration file
(file:line) or the default. Precedence, highest first: flag, FWENV_*,
fwenv.yaml (nearest in the current folder or its parents),
$XDG_CONFIG_HOME/fwenv/config.yaml, default.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			flags := a.allFlags()
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tVALUE\tSOURCE")
			for _, name := range sortedKeys(flags) {
				f := flags[name]
				val, src := a.effective(cmd, f)
				fmt.Fprintf(tw, "%s\t%s\t%s\n", name, val, secret.Redact(src.String()))
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(show)
	return cmd
}

// effective is a flag's value as the command that owns it would see it.
func (a *app) effective(cmd *cobra.Command, f *pflag.Flag) (string, config.Source) {
	if own := cmd.Flags().Lookup(f.Name); own != nil {
		if src, ok := a.sources[f.Name]; ok {
			return show(own), src
		}
	}
	items, src, ok := a.cfg.Lookup(f.Name, len(f.Annotations[config.PathAnnotation]) > 0)
	if !ok {
		return show(f), config.Source{Kind: "default"}
	}
	return joinRedacted(items), src
}

// show is a flag's value for display, credentials hidden.
func show(f *pflag.Flag) string {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		return joinRedacted(sv.GetSlice())
	}
	v := f.Value.String()
	if v == "" {
		return `""`
	}
	return secret.Redact(v)
}

// joinRedacted joins a list value's items for display, each item's
// credentials hidden (index URLs, proxies, find-links pages: any setting
// may hold a URL with user:password@).
func joinRedacted(items []string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = secret.Redact(it)
	}
	return strings.Join(out, ",")
}
