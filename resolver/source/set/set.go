package set

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	set := &Set{Client: client, Fetcher: &index.Fetcher{Client: client}, Offline: c.Offline}
	multi := &source.Multi{Strategy: strategy}
	var names, dirs, pages []string
	for _, fl := range c.FindLinks {
		if strings.Contains(fl, "://") && !strings.HasPrefix(fl, "file://") {
			clean := client.AddCredentials(fl)
			multi.Local = append(multi.Local, index.NewFlatPage(clean, client))
			names = append(names, clean)
			continue
		}
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
		}
	}
	set.Source, set.LocalDirs, set.Describe = multi, append(dirs, pages...), strings.Join(names, ", ")
	return set, nil
}

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
