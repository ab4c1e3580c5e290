package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/simple"
)

// prefetchWorkers bounds Prefetch's parallel requests.
const prefetchWorkers = 8

// Index is a PEP 503/691 simple index. It implements source.Source and is
// safe for concurrent use.
type Index struct {
	base   string // without credentials, ending in "/"
	origin string // without credentials or trailing slash, for messages
	c      *fetch.Client

	mu    sync.Mutex
	pages map[string]*memo
}

// memo is one project's files, fetched once; waiters block on done.
type memo struct {
	done  chan struct{}
	files []source.File
	err   error
}

// New makes the index at baseURL ("https://pypi.org/simple"). Credentials
// in the URL are registered with c and kept nowhere else.
func New(baseURL string, c *fetch.Client) *Index {
	clean := c.AddCredentials(strings.TrimSpace(baseURL))
	origin := strings.TrimRight(clean, "/")
	return &Index{base: origin + "/", origin: origin, c: c, pages: map[string]*memo{}}
}

// String names the index in messages: its URL without credentials.
func (i *Index) String() string { return i.origin }

// Files implements source.Source: every distribution file on the project's
// page (other files, and files of other projects, are left out). A project
// the index does not have (404 or 410) gives (nil, nil).
func (i *Index) Files(ctx context.Context, project string) ([]source.File, error) {
	name := wheelname.Normalize(project)
	for {
		i.mu.Lock()
		m, ok := i.pages[name]
		if !ok {
			m = &memo{done: make(chan struct{})}
			i.pages[name] = m
			i.mu.Unlock()
			m.files, m.err = i.fetch(ctx, name)
			if m.err != nil && ctx.Err() != nil {
				// A cancelled caller's failure is not the project's.
				i.mu.Lock()
				delete(i.pages, name)
				i.mu.Unlock()
			}
			close(m.done)
			return m.files, m.err
		}
		i.mu.Unlock()
		select {
		case <-m.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if m.err != nil && (errors.Is(m.err, context.Canceled) || errors.Is(m.err, context.DeadlineExceeded)) {
			continue // the first caller gave up; try again with ours
		}
		return m.files, m.err
	}
}

// Prefetch fetches the pages of several projects, at most 8 at a time, and
// returns when all are done; later Files calls are answered from memory,
// errors included.
func (i *Index) Prefetch(ctx context.Context, projects ...string) {
	sem := make(chan struct{}, prefetchWorkers)
	var wg sync.WaitGroup
	for _, p := range projects {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			i.Files(ctx, p)
		}()
	}
	wg.Wait()
}

func (i *Index) fetch(ctx context.Context, name string) ([]source.File, error) {
	page, err := i.c.Page(ctx, i.base+name+"/", simple.Accept)
	var nf *fetch.NotFoundError
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	proj, err := simple.Parse(page.Body, page.ContentType, page.URL)
	if err != nil {
		return nil, err
	}
	var out []source.File
	for _, f := range convert(proj.Files, i.origin) {
		if f.Project == name {
			out = append(out, f)
		}
	}
	return out, nil
}

// convert turns page links into source files; links that are not
// distribution files are left out.
func convert(files []simple.File, origin string) []source.File {
	var out []source.File
	for _, f := range files {
		sf, ok, _ := source.ParseFilename(f.Filename)
		if !ok {
			continue
		}
		sf.URL = fetch.Redact(f.URL)
		sf.Hashes = f.Hashes
		sf.RequiresPython = f.RequiresPython
		sf.Yanked = f.Yanked
		sf.YankedReason = f.YankedReason
		if f.CoreMetadata {
			sf.MetadataURL = sf.URL + ".metadata"
			sf.MetadataHashes = f.MetadataHashes
		}
		sf.Size = f.Size
		sf.Origin = origin
		out = append(out, sf)
	}
	return out
}

// FlatPage is a find-links URL: one HTML page of links to files of any
// projects (pip -f URL). It implements source.Source and is safe for
// concurrent use.
type FlatPage struct {
	url string // without credentials
	c   *fetch.Client

	mu    sync.Mutex
	done  bool
	files map[string][]source.File
}

// FindLinksError is a find-links page that does not exist.
type FindLinksError struct {
	URL string
	Err error
}

func (e *FindLinksError) Error() string {
	return fmt.Sprintf("find-links page %s: %v", e.URL, e.Err)
}
func (e *FindLinksError) Unwrap() error { return e.Err }
func (e *FindLinksError) Hint() string {
	return "check the URL given to -f/--find-links: it should be a page of links to wheels and sdists"
}

// NewFlatPage makes the find-links page at url. Credentials in the URL are
// registered with c.
func NewFlatPage(url string, c *fetch.Client) *FlatPage {
	return &FlatPage{url: c.AddCredentials(strings.TrimSpace(url)), c: c}
}

func (p *FlatPage) String() string { return p.url }

// flatAccept asks for HTML, but takes what comes.
const flatAccept = "text/html, */*;q=0.1"

// Files implements source.Source. The page is fetched on the first call;
// a failure is returned to every caller until one succeeds.
func (p *FlatPage) Files(ctx context.Context, project string) ([]source.File, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.done {
		page, err := p.c.Page(ctx, p.url, flatAccept)
		var nf *fetch.NotFoundError
		if errors.As(err, &nf) {
			return nil, &FindLinksError{URL: p.url, Err: err}
		}
		if err != nil {
			return nil, err
		}
		proj, err := simple.ParseHTML(page.Body, page.URL)
		if err != nil {
			return nil, err
		}
		p.files = map[string][]source.File{}
		for _, f := range convert(proj.Files, p.url) {
			p.files[f.Project] = append(p.files[f.Project], f)
		}
		p.done = true
	}
	return p.files[wheelname.Normalize(project)], nil
}
