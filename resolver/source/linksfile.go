package source

import (
	"fmt"
	"os"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source/simple"
)

// maxLinksFile caps a local HTML file of links, as the fetch client's
// default caps a page served over http.
const maxLinksFile = 256 << 20

// LinksFileError is a local HTML file of links that cannot be read.
type LinksFileError struct {
	Path string
	Err  error
}

func (e *LinksFileError) Error() string { return fmt.Sprintf("find-links file %s: %v", e.Path, e.Err) }
func (e *LinksFileError) Unwrap() error { return e.Err }
func (e *LinksFileError) Hint() string {
	return "check the path given to -f/--find-links: it should be a folder, or an HTML file of links to wheels and sdists"
}

// LinksFile reads the local HTML file of links at path, an absolute path
// (pip -f ./links.html): one File per link to a distribution file, in page
// order, with what the link announces (hash fragment, data-requires-python,
// data-yanked, PEP 658/714 metadata). Relative links are relative to the
// file's folder. A file: link is a local file (Path, read in place; one that
// is missing fails when it is fetched, as pip's download does; one that is
// not a regular file, a FIFO or a device, is left out: reading it could
// block); any other link keeps its URL, without credentials. Origin is path.
func LinksFile(path string) ([]File, error) {
	body, err := bounded.ReadRegular(path, maxLinksFile)
	if err != nil {
		return nil, &LinksFileError{Path: path, Err: err}
	}
	page, err := simple.ParseHTML(body, FileURL(path))
	if err != nil {
		return nil, err
	}
	var out []File
	for _, l := range page.Files {
		f, ok, _ := parseFile(l.Filename)
		if !ok {
			continue
		}
		f.Hashes, f.RequiresPython, f.Yanked, f.YankedReason, f.Size, f.Origin = l.Hashes, l.RequiresPython, l.Yanked, l.YankedReason, l.Size, path
		if local, ok := FileURLPath(l.URL); ok {
			st, err := os.Stat(local)
			if err == nil && !st.Mode().IsRegular() {
				continue
			}
			if err == nil && f.Size == 0 {
				f.Size = st.Size()
			}
			f.Path = local
		} else {
			f.URL = secret.StripCredentials(l.URL)
			if l.CoreMetadata {
				f.MetadataURL, f.MetadataHashes = f.URL+".metadata", l.MetadataHashes
			}
		}
		out = append(out, f)
	}
	return out, nil
}
