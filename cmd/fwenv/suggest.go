package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// suggestFlag adds the nearest flags of cmd to an unknown long flag's error
// ("unknown flag: --editabel (did you mean --editable?)"), as cobra does for
// command names: the flags at the smallest edit distance, if it is at most
// 2 and shorter than the typed name, else the flags the typed name begins
// (3 characters or more). Other
// errors are returned as they are.
func suggestFlag(cmd *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	if cmd == nil || !errors.As(err, &ne) || ne.GetSpecifiedShortnames() != "" || !strings.HasPrefix(err.Error(), "unknown flag: --") {
		return err
	}
	names := flagSuggestions(ne.GetSpecifiedName(), visibleFlags(cmd))
	if len(names) == 0 {
		return err
	}
	for i, n := range names {
		names[i] = "--" + n
	}
	return fmt.Errorf("%w (did you mean %s?)", err, strings.Join(names, " or "))
}

// visibleFlags lists the long flags a user can give cmd: its own and the
// ones it inherits, hidden and deprecated ones left out.
func visibleFlags(cmd *cobra.Command) []string {
	seen := map[string]bool{}
	var out []string
	add := func(f *pflag.Flag) {
		if f.Hidden || f.Deprecated != "" || seen[f.Name] {
			return
		}
		seen[f.Name] = true
		out = append(out, f.Name)
	}
	cmd.LocalFlags().VisitAll(add)
	cmd.InheritedFlags().VisitAll(add)
	return out
}

// flagSuggestions picks, from flags, what typed was probably meant to be.
func flagSuggestions(typed string, flags []string) []string {
	typed = strings.ToLower(typed)
	best, bestDist := []string(nil), 3
	for _, f := range flags {
		d := wheelname.EditDistance(typed, strings.ToLower(f))
		switch {
		case d > 2 || d >= len(typed): // too far, or nothing of typed kept
		case d < bestDist:
			best, bestDist = []string{f}, d
		case d == bestDist:
			best = append(best, f)
		}
	}
	if len(best) == 0 && len(typed) >= 3 {
		for _, f := range flags {
			if strings.HasPrefix(strings.ToLower(f), typed) {
				best = append(best, f)
			}
		}
	}
	sort.Strings(best)
	if len(best) > 3 {
		best = best[:3]
	}
	return best
}

// oneLineSuggestions rewrites cobra's unknown command error, whose
// suggestions follow on lines of their own indented by a tab (shown
// escaped, as \t, by printError), as one line in the form suggestFlag
// uses: `unknown command "instal" for "fwenv" (did you mean install?)`.
// Other messages are returned as they are.
func oneLineSuggestions(msg string) string {
	first, rest, ok := strings.Cut(msg, "\n\nDid you mean this?\n")
	if !ok || !strings.HasPrefix(first, "unknown command ") {
		return msg
	}
	var names []string
	for _, line := range strings.Split(rest, "\n") {
		if name, ok := strings.CutPrefix(line, "\t"); ok && name != "" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return first
	}
	return fmt.Sprintf("%s (did you mean %s?)", first, strings.Join(names, " or "))
}
