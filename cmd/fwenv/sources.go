package main

import (
	"context"
	"fmt"
	"github.com/fwenv/fwenv/env/cachedir"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/bundle"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/index"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// waiting renders a wait the fetch client announces (a long download, a
// retry sleep) on stderr, one escaped line, unless --quiet.
func (a *app) waiting(msg string) { a.logf("%s\n", printable.Escape(secret.Redact(msg))) }

// defaultIndex is the index used when none is given, as for pip.
const defaultIndex = "https://pypi.org/simple"

// sourceFlags choose where distributions come from (install, download).
type sourceFlags struct {
	indexURL       string
	extraIndexURLs []string
	noIndex        bool
	findLinks      []string
	indexStrategy  string
	offline        bool
	cert           string
	timeout        time.Duration
	retries        int
}

func (s *sourceFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&s.indexURL, "index-url", "i", "", "the package index (PEP 503/691 simple API; default "+defaultIndex+")")
	f.StringArrayVar(&s.extraIndexURLs, "extra-index-url", nil, "more indexes, asked in order after --index-url (repeatable)")
	f.BoolVar(&s.noIndex, "no-index", false, "use no package index, only -f folders and pages")
	f.StringArrayVarP(&s.findLinks, "find-links", "f", nil, "a folder of wheels and sdists, or a page of links to them (repeatable)")
	f.StringVar(&s.indexStrategy, "index-strategy", "first-index", "first-index: the first index that has a project provides all its versions; unsafe-best-match: merge every index")
	f.BoolVar(&s.offline, "offline", false, "use no network at all: only local folders and the cache")
	f.StringVar(&s.cert, "cert", "", "a PEM file of CA certificates to trust as well (private indexes)")
	config.PositiveDurationVar(f, &s.timeout, "timeout", 20*time.Second, "give up on one network request after this long (more than 0)")
	config.CountVar(f, &s.retries, "retries", 3, "retry a request this many times on errors that can heal (5xx, timeouts; 0: no retries)")
	config.MarkPath(f, "find-links")
	config.MarkPath(f, "cert")
}

// retries maps --retries (0: none) to fetch.Options.Retries (0: default).
func retries(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// sourceSet is what a command resolves and fetches from.
type sourceSet struct {
	src     source.Source
	fetcher source.Fetcher
	client  *fetch.Client
	// localDirs are the find-links folders (for build requirements).
	localDirs []string
	indexes   []*index.Index
	// describe names the sources for messages.
	describe string
	offline  bool
}

// sources builds the sources from the flags and the requirement files'
// options (flags win: -i replaces a file's --index-url; lists add up).
func (a *app) openSources(s sourceFlags, files ...requirements.Options) (*sourceSet, error) {
	indexURL := s.indexURL
	extra := append([]string(nil), s.extraIndexURLs...)
	noIndex := s.noIndex
	findLinks := append([]string(nil), s.findLinks...)
	for _, o := range files {
		if indexURL == "" && o.IndexURL != "" {
			indexURL = o.IndexURL
		}
		extra = append(extra, o.ExtraIndexURLs...)
		noIndex = noIndex || o.NoIndex
		findLinks = append(findLinks, o.FindLinks...)
	}
	if indexURL == "" {
		indexURL = defaultIndex
	}
	strategy := source.FirstIndex
	switch s.indexStrategy {
	case "", "first-index":
	case "unsafe-best-match":
		strategy = source.UnsafeBestMatch
	default:
		return nil, usageError{fmt.Errorf("--index-strategy %q: expected first-index or unsafe-best-match", s.indexStrategy)}
	}
	client, err := fetch.New(fetch.Options{
		CacheDir:  a.cacheRoot(),
		Offline:   s.offline,
		CertFile:  s.cert,
		Timeout:   s.timeout,
		Retries:   retries(s.retries),
		Getenv:    a.getenv,
		UserAgent: "fwenv/" + version,
		Used:      touchCache,
		Waiting:   a.waiting,
	})
	if err != nil {
		return nil, err
	}
	set := &sourceSet{client: client, fetcher: &index.Fetcher{Client: client}, offline: s.offline}
	multi := &source.Multi{Strategy: strategy}
	var names []string
	var dirs []string
	for _, fl := range findLinks {
		if strings.Contains(fl, "://") && !strings.HasPrefix(fl, "file://") {
			clean := client.AddCredentials(fl)
			multi.Local = append(multi.Local, index.NewFlatPage(clean, client))
			names = append(names, clean)
			continue
		}
		dir := a.abs(strings.TrimPrefix(fl, "file://"))
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			return nil, &cmdError{fmt.Sprintf("find-links %s: not a folder", fl), "give a folder of wheels and sdists (or an http(s) URL of a page of links) with -f"}
		}
		dirs = append(dirs, dir)
		names = append(names, dir)
	}
	if len(dirs) > 0 {
		multi.Local = append([]source.Source{&source.FindLinks{Dirs: dirs}}, multi.Local...)
	}
	if !noIndex {
		for _, u := range append([]string{indexURL}, extra...) {
			if strings.HasPrefix(u, "file://") || !strings.Contains(u, "://") {
				return nil, &cmdError{fmt.Sprintf("index %s: an index is an http(s) URL", secret.Redact(u)), "give a local folder with -f instead, or serve it with fwenv index serve"}
			}
			clean := client.AddCredentials(u)
			ix := index.New(clean, client)
			set.indexes = append(set.indexes, ix)
			multi.Indexes = append(multi.Indexes, ix)
			names = append(names, clean)
		}
	}
	set.src, set.localDirs, set.describe = multi, dirs, strings.Join(names, ", ")
	return set, nil
}

// hasSources says whether anything can serve a name.
func (s *sourceSet) hasSources() bool {
	m := s.src.(*source.Multi)
	return len(m.Local) > 0 || len(m.Indexes) > 0
}

// urlArg splits a command-line argument that is a URL requirement ("URL" or
// "NAME @ URL") into the name and the URL; ok is false for anything else.
func urlArg(arg string) (name, raw string, ok bool) {
	if !strings.Contains(arg, "://") {
		return "", "", false
	}
	if r, err := pep508.ParseRequirement(arg); err == nil {
		if r.URL == "" {
			return "", "", false
		}
		return r.Name, r.URL, true
	}
	return "", strings.TrimSpace(arg), true
}

// urlItem turns a URL requirement into an item: a file: URL is a path, an
// http(s) URL of a wheel or sdist is downloaded (its #sha256= fragment
// checked).
func (a *app) urlItem(c *envCtx, raw string, editable bool, src *sourceSet) (installItem, error) {
	if vcs.IsRequirement(raw) {
		if c == nil {
			return installItem{}, &cmdError{fmt.Sprintf("%s: a version-control requirement cannot be downloaded", secret.Redact(raw)), "build an sdist of the checkout (fwenv build --sdist) and download that"}
		}
		dir, info, err := a.checkoutVCSWith(c, raw, editable, src.offline)
		if err != nil {
			return installItem{}, err
		}
		project := dir
		if info != nil && info.Subdirectory != "" {
			project = filepath.Join(dir, filepath.FromSlash(info.Subdirectory))
		}
		return installItem{project: project, editable: editable, direct: true, vcs: info, what: fetch.Redact(raw)}, nil
	}
	if strings.HasPrefix(raw, "file:") {
		base, frag, _ := strings.Cut(raw, "#")
		path, ok := site.FileURLPath(base)
		if !ok {
			return installItem{}, &cmdError{fmt.Sprintf("%s: not a local file: URL", raw), "write file:///absolute/path"}
		}
		it, err := a.pathItem(path, editable)
		if err != nil {
			return it, err
		}
		// A #sha256= fragment (pip freeze writes one) is checked.
		var want []string
		for _, kv := range strings.Split(frag, "&") {
			if k, v, ok := strings.Cut(kv, "="); ok && (k == "sha256" || k == "sha384" || k == "sha512") {
				want = append(want, k+":"+v)
			}
		}
		if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
			if len(want) > 0 {
				if _, err := source.VerifyFile(path, want, raw); err != nil {
					return it, err
				}
			}
			it.url = base // recorded in direct_url.json; the key of its --hash
		}
		return it, nil
	}
	if editable {
		return installItem{}, &cmdError{fmt.Sprintf("-e %s: editable installs take a folder or a git+ URL", secret.Redact(raw)), "download and unpack the project, then -e its folder"}
	}
	base, frag, _ := strings.Cut(raw, "#")
	name := base[strings.LastIndex(base, "/")+1:]
	f, ok, why := source.ParseFilename(name)
	if !ok {
		if why == "" {
			why = "not a wheel or sdist file name"
		}
		return installItem{}, &cmdError{fmt.Sprintf("%s: %s", secret.Redact(raw), why), "a URL requirement names a .whl, .tar.gz or .zip file"}
	}
	hashes := map[string]string{}
	for _, kv := range strings.Split(frag, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok && (k == "sha256" || k == "sha384" || k == "sha512") {
			hashes[k] = strings.ToLower(v)
		}
	}
	clean := src.client.AddCredentials(base)
	f.URL, f.Hashes = clean, hashes
	path, err := src.fetcher.Fetch(context.Background(), f)
	if err != nil {
		return installItem{}, err
	}
	it := installItem{url: clean, what: clean, direct: true}
	if f.Kind == source.Wheel {
		it.wheel = path
	} else {
		it.project = path
	}
	return it, nil
}

// bundleRestore reads the manifest of an offline bundle given with -f (and
// nothing else to install): what it lists as requested is installed, from
// the bundle alone, every file checked against the manifest's sha256.
func (a *app) bundleRestore(c *envCtx, s sourceFlags) ([]pep508.Requirement, *hashcheck.Policy, *sourceSet, bool, error) {
	for _, fl := range s.findLinks {
		if strings.Contains(fl, "://") {
			continue
		}
		m, ok, err := bundle.Find(a.abs(fl))
		if !ok {
			continue
		}
		if err != nil {
			return nil, nil, nil, true, err
		}
		names, err := m.Requested(c.info.MarkerEnvironment())
		if err != nil {
			return nil, nil, nil, true, err
		}
		hashes := hashcheck.New(true)
		for _, p := range m.Lock.Packages {
			for _, art := range p.Artifacts {
				hashes.Allow(p.Name, "sha256:"+art.SHA256, m.Path)
			}
		}
		client, err := fetch.New(fetch.Options{Offline: true, CacheDir: a.cacheRoot(), Getenv: a.getenv, Used: touchCache})
		if err != nil {
			return nil, nil, nil, true, err
		}
		// Every file of the bundle is checked before any is used: the
		// build requirements too, which builds then take from the checked
		// files alone.
		checked, err := m.Verify()
		if err != nil {
			return nil, nil, nil, true, err
		}
		hashes.Checked()
		vdir, err := a.linkFolder(checked)
		if err != nil {
			return nil, nil, nil, true, err
		}
		set := &sourceSet{src: &source.Multi{Local: []source.Source{m.Source()}}, fetcher: &index.Fetcher{Client: client},
			client: client, localDirs: []string{vdir}, describe: m.Dir, offline: true}
		a.logf("installing the bundle %s (made for %s)\n", m.Dir, m.Lock.Target.Describe())
		return names, hashes, set, true, nil
	}
	return nil, nil, nil, false, nil
}

// prefetch reads the index pages of the named projects in parallel, so the
// resolution (which asks one project at a time) finds them in memory.
func (s *sourceSet) prefetch(names []pep508.Requirement) {
	if len(names) < 2 || len(s.indexes) == 0 {
		return
	}
	var projects []string
	for _, r := range names {
		projects = append(projects, r.NormalizedName())
	}
	for _, ix := range s.indexes {
		ix.Prefetch(context.Background(), projects...)
	}
}

// formatFlags are --only-binary, --no-binary and --prefer-binary. The
// first two share their lists, so their values keep their order across the
// two options: values from FWENV_* variables and configuration files first,
// then the command line's, as pip does.
type formatFlags struct {
	configured   []source.FormatOption // from the environment and configuration files
	binary       []source.FormatOption // from the command line, in order
	preferBinary bool
	// wheelsOnly: only wheels can do (a download for another machine);
	// a --no-binary that would still be in effect is an error.
	wheelsOnly bool
}

// binaryValue is the pflag.Value of --only-binary or --no-binary. It is a
// SliceValue, so configuration files and FWENV_* variables can give lists.
type binaryValue struct {
	ff   *formatFlags
	only bool
}

func (v binaryValue) Type() string   { return "names" }
func (v binaryValue) String() string { return strings.Join(v.GetSlice(), ",") }
func (v binaryValue) Set(s string) error {
	v.ff.binary = append(v.ff.binary, source.FormatOption{OnlyBinary: v.only, Value: s})
	return nil
}
func (v binaryValue) Append(s string) error { return v.Set(s) }

// Replace takes the values of a configuration file or variable (only ever
// for a flag the command line did not give).
func (v binaryValue) Replace(vals []string) error {
	for _, s := range vals {
		v.ff.configured = append(v.ff.configured, source.FormatOption{OnlyBinary: v.only, Value: s})
	}
	return nil
}

func (v binaryValue) GetSlice() []string {
	var out []string
	for _, list := range [][]source.FormatOption{v.ff.configured, v.ff.binary} {
		for _, o := range list {
			if o.OnlyBinary == v.only {
				out = append(out, o.Value)
			}
		}
	}
	return out
}

func (ff *formatFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Var(binaryValue{ff, true}, "only-binary", "use wheels only for these projects (:all:, :none:, or names separated by commas)")
	f.Var(binaryValue{ff, false}, "no-binary", "use sdists only for these projects (:all:, :none:, or names separated by commas)")
	f.BoolVar(&ff.preferBinary, "prefer-binary", false, "prefer an older version with a wheel to a newer one with only an sdist")
}

// formats applies the configured values, the command line's, then the
// requirement files' options, as pip does (a file's option lines change what
// the command line set).
func (ff formatFlags) formats(files ...requirements.Options) (source.Formats, bool, error) {
	opts := append(append([]source.FormatOption(nil), ff.configured...), ff.binary...)
	prefer := ff.preferBinary
	for _, o := range files {
		for _, b := range o.Binary {
			opts = append(opts, source.FormatOption{OnlyBinary: b.OnlyBinary, Value: b.Value})
		}
		prefer = prefer || o.PreferBinary
	}
	f, err := source.ParseFormatOptions(opts)
	if err != nil {
		return f, false, usageError{err}
	}
	if ff.wheelsOnly {
		if names := f.NoBinaryNames(); len(names) > 0 {
			return f, false, usageError{fmt.Errorf("--no-binary %s: files for another machine's interpreter (--platform, --python-version, --implementation, --abi) can only be wheels, which cannot be built here", strings.Join(names, ","))}
		}
		opts = append(opts, source.FormatOption{OnlyBinary: true, Value: ":all:"})
		if f, err = source.ParseFormatOptions(opts); err != nil {
			return f, false, usageError{err}
		}
	}
	return f, prefer, nil
}

// touchCache marks a cache file used, so `fwenv cache prune` keeps it (a
// stamp that cannot be written only makes prune less patient).
func touchCache(path string) { cachedir.Touch(path) }
