package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/secret"
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
	// page GETs a page; nil means c.Page (tests put failures in here).
	page func(ctx context.Context, url, accept string) (*fetch.Page, error)

	pages memoTable[[]source.File]
}

// New makes the index at baseURL ("https://pypi.org/simple"). Credentials
// in the URL are registered with c and kept nowhere else.
func New(baseURL string, c *fetch.Client) *Index {
	clean := c.AddCredentials(strings.TrimSpace(baseURL))
	origin := strings.TrimRight(clean, "/")
	return &Index{base: origin + "/", origin: origin, c: c}
}

// String names the index in messages: its URL without credentials.
func (i *Index) String() string { return i.origin }

// Files implements source.Source: every distribution file on the project's
// page (other files, and files of other projects, are left out). A project
// the index does not have (404 or 410) gives (nil, nil). Each page is
// fetched once; its failure is every later caller's answer too (see
// memoTable), unless the caller that fetched it gave up.
func (i *Index) Files(ctx context.Context, project string) ([]source.File, error) {
	name := wheelname.Normalize(project)
	return i.pages.get(ctx, name, func(ctx context.Context) ([]source.File, error) { return i.fetch(ctx, name) })
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
	get := i.page
	if get == nil {
		get = i.c.Page
	}
	page, err := get(ctx, i.base+name+"/", simple.Accept)
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
		sf.URL = secret.StripCredentials(f.URL)
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
	// path is the local HTML file read instead of url ("" for a remote
	// page); see NewLocalPage.
	path string
	// page GETs the page; nil means c.Page (tests put failures in here).
	page func(ctx context.Context, url, accept string) (*fetch.Page, error)

	files memoTable[map[string][]source.File] // one entry: the page's files by project
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

// NewLocalPage makes the find-links page that is the local HTML file path
// (pip -f ./links.html), an absolute path, read by source.LinksFile: its
// relative links are relative to the file's folder; its file: links are
// local files (source.File.Path), which need no network, and its http(s)
// links are fetched as a remote page's are.
func NewLocalPage(path string, c *fetch.Client) *FlatPage {
	return &FlatPage{url: source.FileURL(path), path: path, c: c}
}

func (p *FlatPage) String() string {
	if p.path != "" {
		return p.path
	}
	return p.url
}

// flatAccept asks for HTML, but takes what comes.
const flatAccept = "text/html, */*;q=0.1"

// Files implements source.Source. The page is fetched once, by the first
// caller; its failure is every later caller's answer too (see memoTable),
// unless the caller that fetched it gave up.
func (p *FlatPage) Files(ctx context.Context, project string) ([]source.File, error) {
	files, err := p.files.get(ctx, "", p.fetch)
	if err != nil {
		return nil, err
	}
	return files[wheelname.Normalize(project)], nil
}

func (p *FlatPage) fetch(ctx context.Context) (map[string][]source.File, error) {
	if p.path != "" {
		return p.readLocal()
	}
	get := p.page
	if get == nil {
		get = p.c.Page
	}
	page, err := get(ctx, p.url, flatAccept)
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
	files := map[string][]source.File{}
	for _, f := range convert(proj.Files, p.url) {
		files[f.Project] = append(files[f.Project], f)
	}
	return files, nil
}

// readLocal reads the local HTML file of links (source.LinksFile).
func (p *FlatPage) readLocal() (map[string][]source.File, error) {
	fs, err := source.LinksFile(p.path)
	if err != nil {
		return nil, err
	}
	files := map[string][]source.File{}
	for _, f := range fs {
		files[f.Project] = append(files[f.Project], f)
	}
	return files, nil
}
