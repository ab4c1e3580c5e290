package set

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/index"
)

// DefaultIndex is the index used when none is given, as for pip.
const DefaultIndex = "https://pypi.org/simple"

// Config is where distributions come from, as the user chose it.
type Config struct {
	IndexURL       string   // "" means DefaultIndex
	ExtraIndexURLs []string // asked in order after IndexURL
	NoIndex        bool
	// FindLinks are folders and local HTML files of links (relative to
	// Env.Cwd, or file: URLs) and http(s) pages of links.
	FindLinks []string
	// Strategy is "first-index" (or "") or "unsafe-best-match".
	Strategy string
	Offline  bool
	CertFile string
	Timeout  time.Duration
	// Retries is how many times a request that can heal is retried; 0 or
	// less means none.
	Retries int
}

// FileOptions are a requirements file's own source options.
type FileOptions struct {
	IndexURL       string
	ExtraIndexURLs []string
	NoIndex        bool
	FindLinks      []string
}

// Merge adds a requirements file's options to c: a file's --index-url
// applies only when c has none, lists add up, --no-index sticks.
func (c Config) Merge(files ...FileOptions) Config {
	out := c
	out.ExtraIndexURLs = append([]string(nil), c.ExtraIndexURLs...)
	out.FindLinks = append([]string(nil), c.FindLinks...)
	for _, o := range files {
		if out.IndexURL == "" && o.IndexURL != "" {
			out.IndexURL = o.IndexURL
		}
		out.ExtraIndexURLs = append(out.ExtraIndexURLs, o.ExtraIndexURLs...)
		out.NoIndex = out.NoIndex || o.NoIndex
		out.FindLinks = append(out.FindLinks, o.FindLinks...)
	}
	return out
}

// Env is what the sources need from the command's surroundings.
type Env struct {
	Cwd       string // relative find-links folders are relative to it
	CacheDir  string // "" for none
	Getenv    func(string) string
	UserAgent string
	// Used marks a cache file used (cache pruning keeps it); may be nil.
	Used func(path string)
	// Waiting announces a long wait (a slow download, a retry sleep); may
	// be nil.
	Waiting func(msg string)
	// Progress receives each download's bytes (fetch.Options.Progress); may
	// be nil.
	Progress func(fetch.Progress)
	// Warn says, once per index, that an index that cannot be reached is
	// passed over for the other sources; may be nil.
	Warn func(msg string)
	// Note says, once per index, that offline an index page not in the
	// cache is taken as offering nothing (a detail: -v); may be nil.
	Note func(msg string)
}

// Set is what a command resolves and fetches from.
type Set struct {
	Source  source.Source
	Fetcher source.Fetcher
	Client  *fetch.Client
	// LocalDirs are the find-links folders, then the local HTML files of
	// links (source.FindLinks reads both), for build requirements.
	LocalDirs []string
	Indexes   []*index.Index
	// Describe names the sources for messages.
	Describe string
	Offline  bool

	env Env
	// labels name the sources as the user gave them, for the notes on
	// passed-over indexes: "-f ./pkgs", index URLs.
	labels  []string
	mu      sync.Mutex
	skipped []skipped // indexes passed over, in the order met
}

// skipped is an index passed over: it cannot be reached, or offline its
// page is not in the cache.
type skipped struct {
	index  string
	reason string
}

// UsageError is a configuration value that cannot be used as given.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Error is a source that cannot be used, with a hint.
type Error struct{ Msg, hint string }

func (e *Error) Error() string { return e.Msg }
func (e *Error) Hint() string  { return e.hint }

// Open builds the sources of c.
func Open(c Config, env Env) (*Set, error) {
	indexURL := c.IndexURL
	if indexURL == "" {
		indexURL = DefaultIndex
	}
	strategy := source.FirstIndex
	switch c.Strategy {
	case "", "first-index":
	case "unsafe-best-match":
		strategy = source.UnsafeBestMatch
	default:
		return nil, UsageError{fmt.Errorf("--index-strategy %q: expected first-index or unsafe-best-match", c.Strategy)}
	}
	retries := c.Retries
	if retries <= 0 {
		retries = -1 // fetch.Options: -1 is none, 0 the default
	}
	client, err := fetch.New(fetch.Options{
		CacheDir:  env.CacheDir,
		Offline:   c.Offline,
		CertFile:  c.CertFile,
		Timeout:   c.Timeout,
		Retries:   retries,
		Getenv:    env.Getenv,
		UserAgent: env.UserAgent,
		Used:      env.Used,
		Waiting:   env.Waiting,
		Progress:  env.Progress,
	})
	if err != nil {
		return nil, err
	}
	set := &Set{Client: client, Fetcher: &index.Fetcher{Client: client}, Offline: c.Offline, env: env}
	multi := &source.Multi{Strategy: strategy, Passable: passable, Passed: set.passed}
	var names, dirs, pages []string
	for _, fl := range c.FindLinks {
		if strings.Contains(fl, "://") && !strings.HasPrefix(fl, "file://") {
			clean := client.AddCredentials(fl)
			multi.Local = append(multi.Local, index.NewFlatPage(clean, client))
			names = append(names, clean)
			set.labels = append(set.labels, "-f "+clean)
			continue
		}
		set.labels = append(set.labels, "-f "+fl)
		dir := strings.TrimPrefix(fl, "file://")
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(env.Cwd, dir)
		}
		dir = filepath.Clean(dir)
		st, err := os.Stat(dir)
		if err == nil && st.Mode().IsRegular() {
			// A local HTML file of links, as pip takes it; builds take
			// their requirements from its local files too (LocalDirs).
			multi.Local = append(multi.Local, index.NewLocalPage(dir, client))
			names = append(names, dir)
			pages = append(pages, dir)
			continue
		}
		if err != nil || !st.IsDir() {
			return nil, &Error{fmt.Sprintf("find-links %s: not a folder or an HTML file of links", fl), "give a folder of wheels and sdists, a local HTML file of links to them, or an http(s) URL of a page of links with -f"}
		}
		dirs = append(dirs, dir)
		names = append(names, dir)
	}
	if len(dirs) > 0 {
		multi.Local = append([]source.Source{&source.FindLinks{Dirs: dirs}}, multi.Local...)
	}
	if !c.NoIndex {
		for _, u := range append([]string{indexURL}, c.ExtraIndexURLs...) {
			if strings.HasPrefix(u, "file://") || !strings.Contains(u, "://") {
				return nil, &Error{fmt.Sprintf("index %s: an index is an http(s) URL", secret.Redact(u)), "give a local folder with -f instead, or serve it with fwenv index serve"}
			}
			clean := client.AddCredentials(u)
			ix := index.New(clean, client)
			set.Indexes = append(set.Indexes, ix)
			multi.Indexes = append(multi.Indexes, ix)
			names = append(names, clean)
			set.labels = append(set.labels, ix.String())
		}
	}
	set.Source, set.LocalDirs, set.Describe = multi, append(dirs, pages...), strings.Join(names, ", ")
	return set, nil
}

// passable says whether an index's failure lets the other sources serve
// (source.Multi.Passable): the index cannot be reached at all
// (fetch.UnreachableError.NoConnection: no such host, connection refused,
// no route), or offline its page is not in the cache. An HTTP error status,
// a timeout, a TLS failure or a damaged page is not passed over: the index
// is there, and what it would offer is unknown.
func passable(err error) bool {
	var ue *fetch.UnreachableError
	var oe *fetch.OfflineError
	return errors.As(err, &ue) && ue.NoConnection() || errors.As(err, &oe)
}

// passed records an index passed over and says so once per index: a
// warning when it cannot be reached, a note (a detail) offline.
func (s *Set) passed(ix source.Source, err error) {
	name := ix.String()
	var oe *fetch.OfflineError
	offline := errors.As(err, &oe)
	reason := "not in the cache, and the network is off (--offline)"
	var ue *fetch.UnreachableError
	if errors.As(err, &ue) {
		reason = ue.Reason
	}
	s.mu.Lock()
	for _, sk := range s.skipped {
		if sk.index == name {
			s.mu.Unlock()
			return
		}
	}
	s.skipped = append(s.skipped, skipped{index: name, reason: reason})
	s.mu.Unlock()
	others := s.others(name)
	if offline {
		if s.env.Note != nil {
			s.env.Note(fmt.Sprintf("offline: pages of the index %s that are not in the cache offer nothing; using the other sources: %s", name, others))
		}
		return
	}
	if s.env.Warn != nil {
		s.env.Warn(fmt.Sprintf("cannot reach the index %s (%s); using the other sources: %s; pass --no-index to not try it", name, reason, others))
	}
}

// others names the sources other than the indexes named.
func (s *Set) others(names ...string) string {
	var out []string
	for _, l := range s.labels {
		if !slices.Contains(names, l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, ", ")
}

// Explain adds to a resolution's failure what the sources could not say:
// the indexes passed over (unreachable, or offline without a cached page),
// and for an index that could not be reached with no other source, how to
// work on a host with no network. Other errors are returned as they are.
func (s *Set) Explain(err error) error {
	if err == nil || s == nil {
		return err
	}
	s.mu.Lock()
	sk := append([]skipped(nil), s.skipped...)
	s.mu.Unlock()
	if len(sk) > 0 {
		var not, names []string
		for _, k := range sk {
			not = append(not, fmt.Sprintf("%s (%s)", k.index, k.reason))
			names = append(names, k.index)
		}
		searched := s.others(names...)
		hint := "the index could not be reached: on a host with no network, put the missing files in a -f folder and pass --no-index; otherwise check the network connection"
		if s.Offline {
			hint = "the network is off (--offline): put the missing files in a -f folder, or drop --offline to ask the index"
		}
		return &Unsearched{Err: err, Note: fmt.Sprintf("searched: %s; not searched: %s", searched, strings.Join(not, ", ")), hint: hint}
	}
	var ue *fetch.UnreachableError
	if errors.As(err, &ue) && ue.NoConnection() {
		for _, ix := range s.Indexes {
			if strings.HasPrefix(ue.URL, ix.String()+"/") {
				return &Unsearched{Err: err, hint: ue.Hint() + "; on a host with no network, give the files with -f FOLDER and pass --no-index"}
			}
		}
	}
	return err
}

// Unsearched is a failure of the resolution while an index could not be
// searched (set.Explain).
type Unsearched struct {
	Err  error
	Note string // "searched: -f ./pkgs; not searched: URL (reason)"; "" for none
	hint string
}

func (e *Unsearched) Error() string {
	if e.Note == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + "\n  (" + e.Note + ")"
}
func (e *Unsearched) Unwrap() error { return e.Err }
func (e *Unsearched) Hint() string  { return e.hint }

// Local is a Set of one source that needs no network (an offline bundle's
// manifest), fetching through a client of its own that is offline.
func Local(src source.Source, dirs []string, describe string, env Env) (*Set, error) {
	client, err := fetch.New(fetch.Options{Offline: true, CacheDir: env.CacheDir, Getenv: env.Getenv, Used: env.Used})
	if err != nil {
		return nil, err
	}
	return &Set{Source: &source.Multi{Local: []source.Source{src}}, Fetcher: &index.Fetcher{Client: client},
		Client: client, LocalDirs: dirs, Describe: describe, Offline: true}, nil
}

// HasSources says whether anything can serve a name.
func (s *Set) HasSources() bool {
	m, ok := s.Source.(*source.Multi)
	return !ok || len(m.Local) > 0 || len(m.Indexes) > 0
}

// Prefetch reads the index pages of the named projects in parallel, so the
// resolution (which asks one project at a time) finds them in memory.
func (s *Set) Prefetch(names []pep508.Requirement) {
	if len(names) < 2 || len(s.Indexes) == 0 {
		return
	}
	var projects []string
	for _, r := range names {
		projects = append(projects, r.NormalizedName())
	}
	for _, ix := range s.Indexes {
		ix.Prefetch(context.Background(), projects...)
	}
}

// ServedMetadata says whether the resolution read f's dependencies from a
// PEP 658 metadata file beside it (the wheel is then compared with it when
// fetched).
func (s *Set) ServedMetadata(f source.File) bool {
	if fe, ok := s.Fetcher.(*index.Fetcher); ok {
		return fe.ServedMetadata(f)
	}
	return false
}
