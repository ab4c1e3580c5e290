package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/proc"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/source"
)

// FreezeOptions tunes Freeze.
type FreezeOptions struct {
	// All keeps the packaging tools pip freeze hides: pip always, and
	// setuptools, wheel and distribute when the environment's Python is
	// older than 3.12 (pip 23.2's rule, which depends on the Python pip
	// runs under, that is the environment's).
	All bool
	// PythonVersion is the environment's "X.Y"; when empty it is read from
	// the layout's purelib path (lib/pythonX.Y/site-packages).
	PythonVersion string
	// Exclude names more distributions to leave out (any spelling).
	Exclude []string
	// ExcludeEditable leaves out editable installs.
	ExcludeEditable bool
	// NoVCS does not look for a git checkout around editable sources
	// (always "-e DIR", with pip's comment line).
	NoVCS bool
	// Pins writes name==version also for distributions installed from an
	// sdist or wheel file or URL (instead of "name @ URL"), so that the
	// lines can be installed elsewhere from an index or a find-links folder
	// by any tool; version-control and folder installs (editable or not)
	// keep their usual line.
	Pins bool
}

// stdlibNames are hidden by pip list and pip freeze in every case.
var stdlibNames = []string{"python", "wsgiref", "argparse"}

func freezeSkip(db *DB, opts FreezeOptions) map[string]bool {
	skip := map[string]bool{}
	for _, n := range stdlibNames {
		skip[n] = true
	}
	if !opts.All {
		pv := opts.PythonVersion
		if pv == "" {
			pv = db.Layout.pythonVersion()
		}
		for _, n := range toolDists {
			if HiddenByFreeze(n, pv) {
				skip[n] = true
			}
		}
	}
	for _, n := range opts.Exclude {
		skip[wheelname.Normalize(n)] = true
	}
	return skip
}

// Freeze returns the lines pip 23.2 freeze prints for the environment:
//
//   - name==version (the normalised PEP 440 version; name===version when the
//     version is not PEP 440);
//   - name @ URL for direct URL installs (direct_url.json), with pip's
//     "vcs+URL@commit", "#sha256=..." and "subdirectory=" forms (with
//     opts.Pins, name==version for those of an sdist or wheel);
//   - for editable installs, "-e git+URL@COMMIT#egg=name" when the source
//     is a git checkout with a remote, otherwise pip's comment lines
//     ("# Editable install with no version control (name==version)",
//     "# Editable Git install with no remote (name==version)", or for a
//     remote that is no URL, existing path or scp-like address "# Editable
//     Git install (name==version) with either a deleted local remote or
//     invalid URI:" and "# 'REMOTE'") followed by "-e DIR".
//
// Distributions are sorted case-insensitively by name, as pip does.
//
// One requirement is one line, as pip reads one (Python's str.splitlines:
// printable.IsLineBreak): control characters and line breaks in a direct
// URL (or its commit, hash or subdirectory) or an editable install's git
// remote are percent-encoded, in comment lines they are escaped
// (archive/printable), and a distribution whose line cannot be written
// safely (a version or an editable folder with such a character, or any
// line that still holds a line break) is left out; FreezeReport says which.
func Freeze(db *DB, opts FreezeOptions) []string {
	lines, _ := FreezeReport(db, opts)
	return lines
}

// FreezeReport is Freeze, and the distributions it left out because their
// requirement would hold a control character (a line break would inject a
// line such as "--index-url ..." into a requirements file), each as a
// message naming the distribution and its metadata folder.
func FreezeReport(db *DB, opts FreezeOptions) (lines, skipped []string) {
	skip := freezeSkip(db, opts)
	dists := make([]*Dist, 0, len(db.dists))
	for _, d := range db.dists {
		if skip[d.Key] {
			continue
		}
		dists = append(dists, d)
	}
	sort.SliceStable(dists, func(i, j int) bool {
		return strings.ToLower(dists[i].Name) < strings.ToLower(dists[j].Name)
	})
	var out []string
	leaveOut := func(d *Dist, what string) {
		skipped = append(skipped, fmt.Sprintf("%s (%s): left out of freeze: its %s holds a control character or line break, which would break the requirement's line",
			printable.Escape(d.Name), printable.Escape(d.Dir), what))
	}
	for _, d := range dists {
		if printable.Needs(d.Name) || printable.Needs(d.Version) {
			leaveOut(d, "name or version")
			continue
		}
		var lines []string
		loc, editable := d.Editable()
		switch {
		case editable && opts.ExcludeEditable:
			continue
		case editable && printable.Needs(loc):
			leaveOut(d, "editable folder (direct_url.json)")
			continue
		case editable:
			lines = editableLines(d, loc, opts.NoVCS)
		case d.DirectURL != nil && opts.Pins && d.DirectURL.VCSInfo == nil && d.DirectURL.DirInfo == nil:
			lines = []string{pinned(d)}
		case d.DirectURL != nil:
			lines = []string{d.DirectURL.Requirement(d.Name)}
		default:
			lines = []string{pinned(d)}
		}
		// The last guard: whatever was built from (git's answers, paths),
		// no line freeze prints holds a line break as pip reads one.
		if slices.ContainsFunc(lines, printable.HasLineBreak) {
			leaveOut(d, "requirement")
			continue
		}
		out = append(out, lines...)
	}
	return out, skipped
}

// pinned is "name==version", or "name===version" for a version PEP 440
// cannot read.
func pinned(d *Dist) string {
	v, err := pep440.Parse(d.Version)
	if err != nil {
		return d.Name + "===" + d.Version
	}
	return d.Name + "==" + v.String()
}

func editableLines(d *Dist, loc string, noVCS bool) []string {
	if !noVCS {
		if top, ok := gitTopLevel(loc); ok {
			req, bad, ok := gitRequirement(top, loc, d.Name)
			switch {
			case ok:
				return []string{"-e " + req}
			case bad != "":
				return []string{"# Editable Git install (" + pinned(d) + ") with either a deleted local remote or invalid URI:", "# '" + printable.Escape(bad) + "'", "-e " + loc}
			}
			return []string{"# Editable Git install with no remote (" + pinned(d) + ")", "-e " + loc}
		}
	}
	return []string{"# Editable install with no version control (" + pinned(d) + ")", "-e " + loc}
}

// git runs a git query as a short helper (env/proc: its own process group,
// a timeout, capped output); any failure means "no answer".
func git(dir string, args ...string) (string, bool) {
	res, err := proc.Run(context.Background(), "git", append([]string{"-C", dir}, args...),
		proc.Options{Env: append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")})
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(res.Stdout)), true
}

// gitTopLevel returns the root of the git work tree holding dir.
func gitTopLevel(dir string) (string, bool) {
	// Look for .git before starting git: most editable sources are not
	// checkouts, and a missing git command means no VCS for pip too.
	found := false
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			found = true
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if !found {
		return "", false
	}
	top, ok := git(dir, "rev-parse", "--show-toplevel")
	if !ok || top == "" {
		return "", false
	}
	return filepath.Clean(top), true
}

var scpLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\w+@)?([^/:]+):(\w[^:]*)$`) })
var hasScheme = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\w+://`) })

// gitRequirement builds pip's "git+URL@SHA#egg=NAME[&subdirectory=SUB]".
// It fails when the checkout has no remote, or (bad set to the remote, as
// pip reports it) when the remote is neither a URL, an existing local path
// nor an scp-like address.
func gitRequirement(top, loc, name string) (req, bad string, ok bool) {
	remotes, ok := git(loc, "config", "--get-regexp", `remote\..*\.url`)
	if !ok || remotes == "" {
		return "", "", false
	}
	var url string
	for i, line := range strings.Split(remotes, "\n") {
		// pip takes the second space-separated field: a local path with a
		// space is cut there (and then reported as invalid), as pip does.
		fields := strings.Split(strings.TrimSpace(line), " ")
		val := ""
		if len(fields) > 1 {
			val = fields[1]
		}
		if i == 0 {
			url = val
		}
		if fields[0] == "remote.origin.url" {
			url = val
			break
		}
	}
	switch {
	case hasScheme().MatchString(url):
	case url != "" && fileExists(url) && filepath.IsAbs(url):
		url = source.FileURL(filepath.Clean(url))
	case scpLike().MatchString(url):
		url = "ssh://" + strings.Replace(url, ":", "/", 1)
	default:
		return "", url, false
	}
	// pip's git backend always adds the prefix, even to git:// URLs. Unlike
	// pip, control characters and line breaks in the remote are
	// percent-encoded: a remote "https://host/r.git\r--index-url ..." must
	// not add a line to a requirements file.
	url = "git+" + escapeControls(url)
	sha, ok := git(loc, "rev-parse", "HEAD")
	if !ok {
		return "", "", false
	}
	req = url + "@" + sha + "#egg=" + strings.ReplaceAll(name, "-", "_")
	if sub := projectSubdir(top, loc); sub != "" {
		req += "&subdirectory=" + sub
	}
	return req, "", true
}

// projectSubdir is the project's folder (the nearest folder holding
// setup.py or pyproject.toml, from loc upwards) relative to the checkout's
// root; "" at the root.
func projectSubdir(top, loc string) string {
	d := loc
	for !fileExists(filepath.Join(d, "setup.py")) && !fileExists(filepath.Join(d, "pyproject.toml")) {
		parent := filepath.Dir(d)
		if parent == d || d == top {
			d = loc
			break
		}
		d = parent
	}
	rel, err := filepath.Rel(top, d)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
