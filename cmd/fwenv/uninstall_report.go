package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/env/site"
)

// reportRemovalDecisions renders what an uninstall left alone: with -v (or
// when all is true) one line per kept file and per refused RECORD row,
// with the reason; a summary line always (unless -q).
func (a *app) reportRemovalDecisions(root string, kept []site.KeptFile, refused []site.RefusedFile, all bool) {
	if len(kept) == 0 && len(refused) == 0 {
		return
	}
	detail := a.logf
	if !all {
		detail = a.debugf
	}
	rel := func(p string) string {
		if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
			p = r
		}
		return printable.Escape(p)
	}
	for _, k := range kept {
		detail("  kept %s (%s's RECORD): %s\n", rel(k.Path), printable.Escape(k.Dist.Name), printable.Escape(k.Reason))
	}
	for _, r := range refused {
		is := ""
		if r.Path != "" && rel(r.Path) != printable.Escape(r.Rel) {
			is = "is " + rel(r.Path) + "; "
		}
		detail("  refused %s (%s%s's RECORD): %s\n", printable.Escape(r.Rel), is, printable.Escape(r.Dist.Name), printable.Escape(r.Reason))
	}
	var parts []string
	if n := len(kept); n > 0 {
		parts = append(parts, fmt.Sprintf("kept %d %s shared with other distributions", n, plural(n, "file", "files")))
	}
	if n := len(refused); n > 0 {
		parts = append(parts, fmt.Sprintf("refused %d %s outside the environment or protected", n, plural(n, "path", "paths")))
	}
	s := strings.Join(parts, "; ")
	if !a.verbose && !all {
		s += " (see -v)"
	}
	a.logf("%s\n", s)
}

// reportPlannedRemovals lists, before the confirmation prompt, the files an
// uninstall would delete (escaped: file names are data).
func (a *app) reportPlannedRemovals(paths []string) {
	for _, p := range paths {
		a.logf("  would remove %s\n", printable.Escape(p))
	}
}

// confirmRemoval shows what an uninstall would remove and asks whether to
// go on (on a terminal, without -y).
func (a *app) confirmRemoval(root string, p *site.RemovePlan) bool {
	for _, d := range p.Dists {
		a.logf("Uninstalling %s %s:\n", d.Name, d.Version)
	}
	a.reportPlannedRemovals(p.Remove)
	a.reportRemovalDecisions(root, p.Keep, p.Refused, true)
	a.logf("Proceed (Y/n)? ")
	var answer string
	fmt.Fscanln(a.stdin, &answer)
	s := strings.ToLower(strings.TrimSpace(answer))
	return s == "" || s == "y" || s == "yes"
}
