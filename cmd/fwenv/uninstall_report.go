package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/env/site"
)

// reportRemovalDecisions renders what an uninstall left alone: with -v (or
// when planned is true) one line per kept file and per refused RECORD row,
// with the reason; a summary line always (unless -q). planned is the plan
// shown before the confirmation prompt: every line, and said as what
// would be done ("would keep").
func (a *app) reportRemovalDecisions(root string, kept []site.KeptFile, refused []site.RefusedFile, planned bool) {
	if len(kept) == 0 && len(refused) == 0 {
		return
	}
	detail := a.logf
	keptWord, refusedWord := "kept", "refused"
	if planned {
		keptWord, refusedWord = "would keep", "would refuse"
	} else {
		detail = a.debugf
	}
	rel := func(p string) string {
		if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
			p = r
		}
		return printable.Escape(p)
	}
	for _, k := range kept {
		detail("  %s %s (%s's RECORD): %s\n", keptWord, rel(k.Path), printable.Escape(k.Dist.Name), printable.Escape(k.Reason))
	}
	for _, r := range refused {
		is := ""
		if r.Path != "" && rel(r.Path) != printable.Escape(r.Rel) {
			is = "is " + rel(r.Path) + "; "
		}
		detail("  %s %s (%s%s's RECORD): %s\n", refusedWord, printable.Escape(r.Rel), is, printable.Escape(r.Dist.Name), printable.Escape(r.Reason))
	}
	var parts []string
	if n := len(kept); n > 0 {
		parts = append(parts, fmt.Sprintf("%s %d %s shared with other distributions", keptWord, n, plural(n, "file", "files")))
	}
	if n := len(refused); n > 0 {
		parts = append(parts, fmt.Sprintf("%s %d %s outside the environment or protected", refusedWord, n, plural(n, "path", "paths")))
	}
	s := strings.Join(parts, "; ")
	if !a.verbose && !planned {
		s += " (see -v)"
	}
	a.logf("%s\n", s)
}

// reportPlannedRemovals lists, before the confirmation prompt, the files an
// uninstall would delete (escaped: file names are data).
func (a *app) reportPlannedRemovals(paths []string) {
	if !a.verbose {
		paths = site.CompactRemovals(paths) // FOLDER/* for a folder removed whole, as pip shows it
	}
	for _, p := range paths {
		a.logf("  would remove %s\n", printable.Escape(p))
	}
}

// confirmRemoval shows what an uninstall would remove and asks whether to
// go on (on a terminal, without -y): an empty answer is yes.
func (a *app) confirmRemoval(root string, p *site.RemovePlan) bool {
	ok, _ := a.askRemoval(root, p, true)
	return ok
}

// askRemoval shows what an uninstall would remove and reads the answer from
// standard input, as pip does. Not on a terminal (interactive false), end of
// input or an empty answer is no answer: answered is false and nothing is
// removed (`yes | fwenv uninstall x` still works).
func (a *app) askRemoval(root string, p *site.RemovePlan, interactive bool) (ok, answered bool) {
	for _, d := range p.Dists {
		a.logf("Uninstalling %s %s:\n", d.Name, d.Version)
	}
	a.reportPlannedRemovals(p.Remove)
	a.reportRemovalDecisions(root, p.Keep, p.Refused, true)
	a.logf("Proceed (Y/n)? ")
	var answer string
	answer = a.readAnswer()
	s := strings.ToLower(strings.TrimSpace(answer))
	if !interactive {
		a.logf("\n") // the answer was not echoed: end the prompt's line
		if s == "" {
			return false, false
		}
	}
	return s == "" || s == "y" || s == "yes", true
}

// noAnswerError is an uninstall without -y whose standard input is not a
// terminal and gave no answer.
func noAnswerError() error {
	return &cmdError{msg: "no answer to \"Proceed (Y/n)?\" on standard input (not a terminal); nothing was removed",
		hint: "pass -y to uninstall without asking (or answer on standard input: `yes | fwenv uninstall NAME`)"}
}
