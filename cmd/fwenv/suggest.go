package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

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
		d := editDistance(typed, strings.ToLower(f))
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

// editDistance is the Levenshtein distance between a and b, in bytes
// (flag names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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
