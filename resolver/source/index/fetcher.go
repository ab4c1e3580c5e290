package index

import (
	"context"
	"errors"
	"sync"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
)

// Fetcher implements source.Fetcher with a fetch client. It remembers the
// PEP 658 metadata it served, and when a wheel whose metadata file it served
// is fetched, it compares the wheel's own METADATA with it (see
// CheckMetadata): an index whose metadata file says something else than the
// wheel is refused before anything is installed from that resolution. Use
// one Fetcher for a resolution and the downloads that follow it.
type Fetcher struct {
	Client *fetch.Client

	mu     sync.Mutex
	served map[string]*metadata.Metadata // metadata URL -> what Metadata returned, parsed
}

var _ source.Fetcher = (*Fetcher)(nil)
var _ source.Source = (*Index)(nil)
var _ source.Source = (*FlatPage)(nil)

// Fetch returns a local path for f: a local file as it is, after verifying
// f.Hashes if any; a remote one downloaded into the client's file cache
// with f.Hashes verified (already cached by its sha256: no network).
//
// A remote wheel whose PEP 658 metadata this Fetcher served is compared with
// it once downloaded: a difference is a *MetadataMismatchError.
func (fe *Fetcher) Fetch(ctx context.Context, f source.File) (string, error) {
	if f.Local() {
		if err := fetch.Verify(f.Path, f.Hashes); err != nil {
			return "", from(err, f.Origin)
		}
		return f.Path, nil
	}
	if f.URL == "" {
		return "", &LocationError{File: f.Filename}
	}
	p, err := fe.Client.DownloadAs(ctx, f.URL, f.Filename, f.Hashes)
	if err != nil {
		return "", from(err, f.Origin)
	}
	if used := fe.usedMetadata(f); used != nil {
		if err := CheckMetadata(f, used, p); err != nil {
			return "", err
		}
	}
	return p, nil
}

// ServedMetadata reports whether this Fetcher served the PEP 658 metadata
// file of the wheel f (a resolution read f's dependencies from it): Fetch
// of f then compares the wheel with it. A caller that would not otherwise
// download f (fwenv lock, when the index announces f's sha256 and size)
// fetches it to have that check done.
func (fe *Fetcher) ServedMetadata(f source.File) bool {
	return fe.usedMetadata(f) != nil
}

// usedMetadata is the parsed PEP 658 metadata this Fetcher served for the
// wheel f, or nil.
func (fe *Fetcher) usedMetadata(f source.File) *metadata.Metadata {
	if f.Kind != source.Wheel || f.MetadataURL == "" {
		return nil
	}
	fe.mu.Lock()
	defer fe.mu.Unlock()
	return fe.served[f.MetadataURL]
}

// Metadata returns f's PEP 658 core-metadata file (GET f.MetadataURL,
// cached like a distribution file, by its sha256 when announced), verified
// against f.MetadataHashes.
//
// What it returns is remembered (by f.MetadataURL) so that Fetch can check
// the wheel against it.
func (fe *Fetcher) Metadata(ctx context.Context, f source.File) ([]byte, error) {
	if f.MetadataURL == "" {
		return nil, &MetadataError{File: f.Filename, Reason: "the source serves no metadata file for it"}
	}
	p, err := fe.Client.DownloadAs(ctx, f.MetadataURL, f.Filename+".metadata", f.MetadataHashes)
	if err != nil {
		return nil, from(err, f.Origin)
	}
	data, err := bounded.ReadRegular(p, bounded.Metadata)
	if err != nil {
		var tl *bounded.TooLargeError
		if errors.As(err, &tl) {
			return nil, &MetadataError{File: f.Filename, Reason: "its metadata file is larger than " + bounded.Size(bounded.Metadata)}
		}
		return nil, &fetch.FileError{Path: p, Op: "read", Err: err}
	}
	if m, err := metadata.Parse(data); err == nil {
		// (A file that does not parse fails the resolution that asked.)
		fe.mu.Lock()
		if fe.served == nil {
			fe.served = map[string]*metadata.Metadata{}
		}
		fe.served[f.MetadataURL] = m
		fe.mu.Unlock()
	}
	return data, nil
}

// from names who announced a digest that did not match.
func from(err error, origin string) error {
	var hm *source.HashMismatchError
	if errors.As(err, &hm) && hm.From == "" && origin != "" {
		hm.From = origin
	}
	return err
}

// MetadataError is a file whose metadata (or bytes) cannot be fetched.
type MetadataError struct {
	File   string
	Reason string
}

func (e *MetadataError) Error() string { return e.File + ": " + e.Reason }
func (e *MetadataError) Hint() string {
	return "fetch the distribution file itself and read its metadata from it"
}

// LocationError is a file with neither a path nor a URL.
type LocationError struct{ File string }

func (e *LocationError) Error() string {
	return e.File + ": neither a local path nor a URL to fetch it from"
}
func (e *LocationError) Hint() string {
	return "the source that listed this file gave no location for it; this is a bug in that source"
}
