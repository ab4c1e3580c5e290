package main

import (
	"fmt"

	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// wanted is what a command was asked for, sorted out: names to resolve,
// constraints, the user's own files, folders and URLs, and the requirements
// as written (credentials stripped) for a lock file.
type wanted struct {
	names, constraints []pep508.Requirement
	items              []installItem
	asked              []string
}

// gatherRules say what a command accepts besides names.
type gatherRules struct {
	// skipEditables: editable lines are skipped with a warning (download);
	// otherwise they are installed in place.
	skipEditables bool
	// refuseURLs: URL requirements are an error (lock); otherwise they are
	// fetched (or checked out) now.
	refuseURLs bool
}

func urlRefused(text string) error {
	return &cmdError{fmt.Sprintf("%s: URL requirements cannot be locked yet", fwlock.StripCredentials(text)), "download the file into a -f folder and name the project"}
}

// gatherFiles sorts the lines of requirements files. Lines whose markers do
// not hold in env are skipped; every line goes through hashes.
func (a *app) gatherFiles(c *envCtx, files []*requirements.File, env pep508.Environment, src *sourceSet, hashes *hashcheck.Policy, rules gatherRules, w *wanted) error {
	for _, rf := range files {
		for _, r := range rf.Requirements {
			hashes.Add(r)
			if r.Constraint {
				if r.Req.Name != "" {
					w.constraints = append(w.constraints, r.Req)
				}
				continue
			}
			if ok, err := r.Req.Marker.Evaluate(env); err == nil && !ok {
				a.debugf("skipping %s (%s:%d): markers do not match\n", r.Text, r.File, r.Line)
				continue
			}
			at := func(err error) error { return fmt.Errorf("%s:%d: %w", r.File, r.Line, err) }
			u := r.URL
			if u == "" {
				u = r.Req.URL
			}
			switch {
			case r.Editable && rules.skipEditables:
				a.logf("warning: %s:%d: skipping the editable requirement %s: an editable project is not downloaded (build an sdist of it with fwenv build)\n", r.File, r.Line, r.Text)
				continue
			case u != "" && rules.refuseURLs:
				return at(urlRefused(r.Text))
			case u != "":
				it, err := a.urlItem(c, u, r.Editable, src)
				if err != nil {
					return at(err)
				}
				it.name = r.Req.Name
				w.items = append(w.items, it)
			case r.Path != "":
				it, err := a.pathItem(r.Path, r.Editable)
				if err != nil {
					return at(err)
				}
				w.items = append(w.items, it)
			default:
				w.names = append(w.names, r.Req)
			}
			w.asked = append(w.asked, fwlock.StripCredentials(r.Text)) // as written
		}
	}
	return nil
}

// gatherArgs sorts command-line arguments: URL requirements ("URL",
// "NAME @ URL", git+ URLs), files and folders, then names.
func (a *app) gatherArgs(c *envCtx, args []string, src *sourceSet, rules gatherRules, w *wanted) error {
	for _, arg := range args {
		if name, raw, ok := urlArg(arg); ok {
			if rules.refuseURLs {
				return urlRefused(arg)
			}
			it, err := a.urlItem(c, raw, false, src)
			if err != nil {
				return err
			}
			it.name = name
			w.items = append(w.items, it)
			w.asked = append(w.asked, fwlock.StripCredentials(arg))
			continue
		}
		if looksLikeFile(arg) {
			it, err := a.pathItem(a.abs(arg), false)
			if err != nil {
				return err
			}
			w.items = append(w.items, it)
			w.asked = append(w.asked, arg)
			continue
		}
		r, err := pep508.ParseRequirement(arg)
		if err != nil {
			return &cmdError{fmt.Sprintf("%q is neither an existing file or folder nor a requirement: %v", arg, err), "give NAME[==VERSION], a wheel or sdist path, a project folder, a URL, or -r FILE"}
		}
		w.names = append(w.names, r)
		w.asked = append(w.asked, r.String())
	}
	return nil
}

// editableItem is an -e argument: a project folder or a git+ URL.
func (a *app) editableItem(c *envCtx, e string, src *sourceSet) (installItem, error) {
	if vcs.IsRequirement(e) {
		return a.urlItem(c, e, true, src)
	}
	return a.pathItem(a.abs(e), true)
}
