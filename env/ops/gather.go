package ops

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/prepare"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// wanted is what a command was asked for, sorted out: names to resolve,
// constraints, the user's own files, folders and URLs, and the requirements
// as written (credentials stripped) for a lock file.
type wanted struct {
	names, constraints []pep508.Requirement
	items              []plan.Item
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

// gatherer sorts requirements and arguments into what a command wants.
type gatherer struct {
	s     *Session
	src   *set.Set
	prep  *prepare.Preparer // checks out git requirements; nil when refused
	rules gatherRules
}

func urlRefused(text string) error {
	return errorf("download the file into a -f folder and name the project", fmt.Sprintf("%s: URL requirements cannot be locked yet", secret.StripCredentials(text)))
}

// readFiles reads requirements files; pre is the command's --pre, true
// also when a file says --pre.
func (s *Session) readFiles(paths []string, pre bool) (files []*requirements.File, opts []requirements.Options, anyPre bool, err error) {
	anyPre = pre
	for _, path := range paths {
		rf, err := (&requirements.Reader{Getenv: s.Getenv}).Read(s.Abs(path))
		if err != nil {
			return nil, nil, false, err
		}
		files = append(files, rf)
		opts = append(opts, rf.Options)
		anyPre = anyPre || rf.Options.Pre
	}
	return files, opts, anyPre, nil
}

// files sorts the lines of requirements files. Lines whose markers do not
// hold in env are skipped; every line goes through hashes.
func (g *gatherer) files(files []*requirements.File, env pep508.Environment, hashes *hashcheck.Policy, w *wanted) error {
	for _, rf := range files {
		for _, r := range rf.Requirements {
			hashes.Add(r.HashLine())
			if r.Constraint {
				if r.Req.Name != "" {
					w.constraints = append(w.constraints, r.Req)
				}
				continue
			}
			if ok, err := r.Req.Marker.Evaluate(env); err == nil && !ok {
				g.s.debugf("skipping %s (%s:%d): markers do not match", r.Text, r.File, r.Line)
				continue
			}
			at := func(err error) error { return fmt.Errorf("%s:%d: %w", r.File, r.Line, err) }
			u := r.URL
			if u == "" {
				u = r.Req.URL
			}
			switch {
			case r.Editable && g.rules.skipEditables:
				g.s.warnf("%s:%d: skipping the editable requirement %s: an editable project is not downloaded (build an sdist of it with fwenv build)", r.File, r.Line, r.Text)
				continue
			case u != "" && g.rules.refuseURLs:
				return at(urlRefused(r.Text))
			case u != "":
				it, err := g.urlItem(u, r.Editable)
				if err != nil {
					return at(err)
				}
				if strings.HasPrefix(u, "file:") && it.URL != "" {
					hashes.Same(it.URL, u) // a -f copy of a missing file: the line's hashes
				}
				it.Name, it.Extras = r.Req.Name, r.Req.Extras
				w.items = append(w.items, it)
			case r.Path != "":
				it, err := pathItem(r.Path, r.Editable)
				if err != nil {
					return at(err)
				}
				it.Extras = r.Req.Extras // "./proj[dev]"
				w.items = append(w.items, it)
			default:
				w.names = append(w.names, r.Req)
			}
			w.asked = append(w.asked, secret.StripCredentials(r.Text)) // as written
		}
	}
	return nil
}

// args sorts command-line arguments: URL requirements ("URL", "NAME @
// URL", git+ URLs), files and folders, then names.
func (g *gatherer) args(args []string, w *wanted) error {
	for _, arg := range args {
		if name, extras, raw, ok := urlArg(arg); ok {
			if g.rules.refuseURLs {
				return urlRefused(arg)
			}
			it, err := g.urlItem(raw, false)
			if err != nil {
				return err
			}
			it.Name, it.Extras = name, extras
			w.items = append(w.items, it)
			w.asked = append(w.asked, secret.StripCredentials(arg))
			continue
		}
		switch classifyArg(arg, g.s.Abs(arg)) {
		case argBareFolder:
			// As pip: a bare word is a project name even when a folder
			// of that name is here; only a path-looking argument is a path.
			g.s.warnf("%s is taken as a project name, not the folder of that name here; to install the folder write ./%s", arg, arg)
		case argPath:
			path, extras := cutPathExtras(g.s.Abs(arg))
			it, err := pathItem(path, false)
			if err != nil {
				return err
			}
			it.Extras = extras
			w.items = append(w.items, it)
			w.asked = append(w.asked, arg)
			continue
		}
		r, err := pep508.ParseRequirement(arg)
		if err != nil {
			return errorf("give NAME[==VERSION], a wheel or sdist path, a project folder, a URL, or -r FILE", fmt.Sprintf("%q is neither an existing file or folder nor a requirement: %v", arg, err))
		}
		w.names = append(w.names, r)
		w.asked = append(w.asked, r.String())
	}
	return nil
}

// editable is an -e argument: a project folder or a git+ URL.
func (g *gatherer) editable(e string) (plan.Item, error) {
	if vcs.IsRequirement(e) {
		return g.urlItem(e, true)
	}
	path, extras := cutPathExtras(g.s.Abs(e))
	it, err := pathItem(path, true)
	it.Extras = extras
	return it, err
}

// cutPathExtras splits pip's "[extras]" off a path argument ("./proj[dev]")
// when the path as written is not there and the part before the brackets is.
func cutPathExtras(path string) (string, []string) {
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if base, extras, ok := pep508.CutExtras(path); ok {
		if _, err := os.Stat(base); err == nil {
			return base, extras
		}
	}
	return path, nil
}

// argKind is what a command-line argument that is not a URL stands for.
type argKind int

const (
	argName       argKind = iota // a requirement: NAME, NAME[extras], NAME==1.0
	argPath                      // a file or folder
	argBareFolder                // a plain name that is also a folder here: a name, said once
)

// classifyArg sorts arg (abs: arg made absolute) as pip does: a path when
// it looks like one (a separator, a leading ".", an archive suffix, also
// before pip's "[extras]") or names an existing file; a bare word naming a
// folder here is still a project name; anything else is a requirement.
func classifyArg(arg, abs string) argKind {
	looksLikePath := func(s string) bool {
		return strings.HasSuffix(s, ".whl") || strings.HasSuffix(s, ".tar.gz") || strings.HasSuffix(s, ".zip") ||
			strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.Contains(s, string(os.PathSeparator))
	}
	if st, err := os.Stat(abs); err == nil {
		if st.IsDir() && !looksLikePath(arg) {
			if _, err := pep508.ParseRequirement(arg); err == nil {
				return argBareFolder
			}
		}
		return argPath
	}
	if base, _, ok := pep508.CutExtras(arg); ok {
		arg = base // "./x-1.0-py3-none-any.whl[cli]": the path, as pip reads it
	}
	if looksLikePath(arg) {
		return argPath
	}
	return argName // a bare "proj[dev]" is a name with extras, as pip reads it
}

func pathItem(path string, editable bool) (plan.Item, error) {
	st, err := os.Stat(path)
	if err != nil {
		return plan.Item{}, errorf("check the path", fmt.Sprintf("%s: no such file or folder", path))
	}
	it := plan.Item{Direct: true, What: path, Editable: editable}
	switch {
	case st.IsDir():
		it.Project = path
	case editable:
		return it, errorf("give the folder holding pyproject.toml or setup.py", fmt.Sprintf("-e %s: editable installs take a project folder, not a file", path))
	case strings.HasSuffix(path, ".whl"):
		it.Wheel = path
	default:
		it.Project = path
	}
	return it, nil
}

// urlArg splits a command-line argument that is a URL requirement ("URL" or
// "NAME[EXTRAS] @ URL") into the name, its extras and the URL; ok is false
// for anything else.
func urlArg(arg string) (name string, extras []string, raw string, ok bool) {
	if !strings.Contains(arg, "://") {
		return "", nil, "", false
	}
	if r, err := pep508.ParseRequirement(arg); err == nil {
		if r.URL == "" {
			return "", nil, "", false
		}
		return r.Name, r.Extras, r.URL, true
	}
	return "", nil, strings.TrimSpace(arg), true
}

// hashFragments are the sha256/384/512 values of a URL's fragment
// ("sha256=…&subdirectory=…"), in their order, as ALGORITHM:VALUE.
func hashFragments(frag string) []string {
	var out []string
	for _, kv := range strings.Split(frag, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok && (k == "sha256" || k == "sha384" || k == "sha512") {
			out = append(out, k+":"+v)
		}
	}
	return out
}

// urlItem turns a URL requirement into an item: a file: URL is a path, an
// http(s) URL of a wheel or sdist is downloaded (its #sha256= fragment
// checked), a git+ URL is checked out.
func (g *gatherer) urlItem(raw string, editable bool) (plan.Item, error) {
	if vcs.IsRequirement(raw) {
		if g.prep == nil {
			return plan.Item{}, errorf("build an sdist of the checkout (fwenv build --sdist) and download that", fmt.Sprintf("%s: a version-control requirement cannot be downloaded", secret.Redact(raw)))
		}
		dir, info, err := g.prep.Checkout(raw, editable)
		if err != nil {
			return plan.Item{}, err
		}
		project := dir
		if info != nil && info.Subdirectory != "" {
			project = filepath.Join(dir, filepath.FromSlash(info.Subdirectory))
		}
		return plan.Item{Project: project, Editable: editable, Direct: true, VCS: info, What: secret.StripCredentials(raw)}, nil
	}
	if strings.HasPrefix(raw, "file:") {
		base, frag, _ := strings.Cut(raw, "#")
		path, ok := source.FileURLPath(base)
		if !ok {
			return plan.Item{}, errorf("write file:///absolute/path", fmt.Sprintf("%s: not a local file: URL", raw))
		}
		// A #sha256= fragment (pip freeze writes one) is checked.
		want := hashFragments(frag)
		if _, err := os.Stat(path); err != nil && !editable {
			found, err := g.linkedCopy(raw, path, want)
			if err != nil {
				return plan.Item{}, err
			}
			if found != "" {
				g.s.infof("%s: not on this host; using %s from the find-links folder (its hash matches)", path, found)
				path, base = found, source.FileURL(found)
			} else {
				return plan.Item{}, errorf(fmt.Sprintf("a line written on another host: put %s in a folder here and give it with -f (fwenv install -f ./pkgs -r FILE); with the URL's #sha256= fwenv uses that copy", filepath.Base(path)),
					fmt.Sprintf("%s: no such file or folder", path))
			}
		}
		it, err := pathItem(path, editable)
		if err != nil {
			return it, err
		}
		if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
			if len(want) > 0 {
				if _, err := source.VerifyFile(path, want, raw); err != nil {
					return it, err
				}
			}
			it.URL = base // recorded in direct_url.json; the key of its --hash
		}
		return it, nil
	}
	if editable {
		return plan.Item{}, errorf("download and unpack the project, then -e its folder", fmt.Sprintf("-e %s: editable installs take a folder or a git+ URL", secret.Redact(raw)))
	}
	base, frag, _ := strings.Cut(raw, "#")
	name := base[strings.LastIndex(base, "/")+1:]
	f, ok, why := source.ParseFilename(name)
	if !ok {
		if why == "" {
			why = "not a wheel or sdist file name"
		}
		return plan.Item{}, errorf("a URL requirement names a .whl, .tar.gz or .zip file", fmt.Sprintf("%s: %s", secret.Redact(raw), why))
	}
	clean := g.src.Client.AddCredentials(base)
	f.URL, f.Hashes = clean, map[string]string{}
	for _, h := range hashFragments(frag) {
		k, v, _ := strings.Cut(h, ":")
		f.Hashes[k] = strings.ToLower(v)
	}
	path, err := g.src.Fetcher.Fetch(g.s.ctx(), f)
	if err != nil {
		return plan.Item{}, err
	}
	it := plan.Item{URL: clean, What: clean, Direct: true}
	if f.Kind == source.Wheel {
		it.Wheel = path
	} else {
		it.Project = path
	}
	return it, nil
}

// linkedCopy finds, for a file: URL whose file is missing (a line fwenv
// freeze or pip freeze wrote on another host), the file of the same name in
// a find-links folder. The URL's #sha256= fragment must be given and match:
// without it, a file that merely has the same name is refused. "" when no
// find-links folder holds the name (the caller reports the missing path).
func (g *gatherer) linkedCopy(raw, path string, want []string) (string, error) {
	if g.src == nil {
		return "", nil
	}
	name := filepath.Base(path)
	var mismatch error
	for _, dir := range g.src.LocalDirs {
		cand := filepath.Join(dir, name)
		if st, err := os.Stat(cand); err != nil || !st.Mode().IsRegular() {
			continue
		}
		if len(want) == 0 {
			return "", errorf(fmt.Sprintf("add the file's hash to the URL (…%s#sha256=…, as fwenv freeze writes it), or name the project and install it from the folder: fwenv install -f %s NAME", name, dir),
				fmt.Sprintf("%s: no such file; %s has a file of that name, but the URL carries no #sha256= to show it is the same file", secret.StripCredentials(raw), cand))
		}
		if _, err := source.VerifyFile(cand, want, raw); err != nil {
			mismatch = err
			continue
		}
		return cand, nil
	}
	return "", mismatch
}

// resolutionWarnings passes on what the resolution warns about (an extra
// the chosen version does not declare, as pip warns).
func (s *Session) resolutionWarnings(p *plan.Plan) {
	for _, w := range p.Resolution.Warnings {
		s.warnf("%s", w)
	}
}

// hashItems are the items as hash-checking mode sees them.
func hashItems(items []plan.Item) []hashcheck.Item {
	out := make([]hashcheck.Item, len(items))
	for i, it := range items {
		out[i] = hashcheck.Item{What: it.What, URL: it.URL, Name: it.Name, Path: it.Source(), Editable: it.Editable}
	}
	return out
}

// planned are the steps of a plan that fetch a file (not the user's own).
func planned(p *plan.Plan) []hashcheck.Planned {
	var out []hashcheck.Planned
	for _, st := range p.Steps {
		if st.Local == nil {
			out = append(out, hashcheck.Planned{Name: st.Name, Version: st.Version, Announced: st.File.Hashes})
		}
	}
	return out
}

// requestedExtras are the extras the user asked for with the project name
// (pip's requested_extras in --report): those of its name requirements
// and more (its file's or folder's), sorted, once each; nil for none.
func requestedExtras(names []pep508.Requirement, name string, more []string) []string {
	out := append([]string(nil), more...)
	for _, r := range names {
		if r.NormalizedName() == name {
			out = append(out, r.Extras...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
