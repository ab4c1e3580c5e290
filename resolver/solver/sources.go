package solver

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/source"
)

// SdistBuilder reads the dependencies of a project that has only an sdist,
// which only a build can tell: the resolution asks, the preparing stage
// (env/prepare) builds.
type SdistBuilder interface {
	SdistMetadata(f source.File) (requires []string, requiresPython string, err error)
}

// SdistBuilderFunc is a function used as an SdistBuilder.
type SdistBuilderFunc func(f source.File) (requires []string, requiresPython string, err error)

// SdistMetadata calls f.
func (f SdistBuilderFunc) SdistMetadata(file source.File) ([]string, string, error) { return f(file) }

// SourceProvider serves the distribution files of a source (find-links
// folders, package indexes, both through resolver/source). Metadata comes
// from, in order: a local wheel's METADATA; a remote wheel's PEP 658
// metadata file; the remote wheel itself, fetched; and for a version that
// has only sdists, Sdists (building is the preparing stage's job,
// env/prepare, which implements SdistBuilder). Which file is finally installed is the caller's
// choice (source.Choose with the chosen version); the provider only says
// whether some file fits, through Accept.
type SourceProvider struct {
	Source source.Source
	// Fetcher gets remote files and metadata files; nil means the source
	// has only local files.
	Fetcher source.Fetcher
	// Context bounds network use; nil means context.Background().
	Context context.Context
	// Accept says whether a file can be used for the target (wheel tags,
	// --only-binary). nil accepts every file.
	Accept func(source.File) bool
	// Reject, when set, says why Accept refused a file (the format options,
	// the wheel's tags), for the report of a version no file of which fits
	// and its hint. nil names the files only.
	Reject func(source.File) Rejection
	// Rank orders the acceptable wheels of a version (lower is better); the
	// best one's METADATA is read. nil takes them in file name order.
	Rank func(source.File) int
	// Sdists gives the Requires-Dist and Requires-Python of a local sdist
	// (remote ones are fetched first, local ones with announced hashes are
	// checked first). When nil, versions that have only sdists are
	// unavailable.
	Sdists SdistBuilder
	// Speculate, when set, starts fetching the PEP 658 metadata of each
	// project's newest version as soon as its versions are listed (most
	// resolutions take it), in the background, so the solver's later
	// Metadata call usually finds it fetched. At most 8 run at once. A
	// speculation's failure is the answer (never fetched again unless the
	// Context ended), and waiting for one ends with the Context.
	Speculate bool
	// PreferBinary makes the versions that have only sdists unavailable
	// when some version of the project has a usable wheel (the caller
	// resolves again without it when that fails: pip's --prefer-binary).
	PreferBinary bool

	mu      sync.Mutex
	pending map[string]*speculation // metadata URL -> fetch in flight or done
	sem     chan struct{}
}

type speculation struct {
	done chan struct{}
	data []byte
	err  error
	// abandoned: the fetch failed because the context ended, not because
	// of the file.
	abandoned bool
}

// Rejection is why a file does not fit the target: Why completes "no file
// fits the target: ", Hint says what to change.
type Rejection struct {
	Why, Hint string
}

// TagAccept accepts sdists and the wheels whose tags the ranker supports.
func TagAccept(r tags.Ranker) func(source.File) bool {
	return func(f source.File) bool {
		if f.Kind != source.Wheel {
			return true
		}
		_, ok := r.Rank(f.Tags)
		return ok
	}
}

// TagRank ranks wheels by their best tag for the ranker.
func TagRank(r tags.Ranker) func(source.File) int {
	return func(f source.File) int {
		n, ok := r.Rank(f.Tags)
		if !ok {
			return 1 << 30
		}
		return n
	}
}

func (p *SourceProvider) ctx() context.Context {
	if p.Context != nil {
		return p.Context
	}
	return context.Background()
}

func (p *SourceProvider) files(name string, v *pep440.Version) ([]source.File, []source.File, error) {
	all, err := p.Source.Files(p.ctx(), name)
	if err != nil {
		return nil, nil, err
	}
	var ok, rejected []source.File
	for _, f := range all {
		if v != nil && !f.Version.Equal(*v) {
			continue
		}
		if p.Accept == nil || p.Accept(f) {
			ok = append(ok, f)
		} else {
			rejected = append(rejected, f)
		}
	}
	return ok, rejected, nil
}

// Versions implements Provider. A version is yanked when every usable file
// of it is yanked (PEP 592); its Requires-Python is the one the source
// announces for its files (the first usable file that has one).
func (p *SourceProvider) Versions(name string) ([]Candidate, error) {
	ok, rejected, err := p.files(name, nil)
	if err != nil {
		return nil, err
	}
	type info struct {
		v             pep440.Version
		wheel, sdist  bool
		yanked        int
		files         int
		yankReason    string
		requiresPy    string
		rejectedNames []string
		rejections    []Rejection
	}
	byV := map[string]*info{}
	var keys []string
	get := func(v pep440.Version) *info {
		k := v.String()
		if byV[k] == nil {
			byV[k] = &info{v: v}
			keys = append(keys, k)
		}
		return byV[k]
	}
	for _, f := range ok {
		in := get(f.Version)
		in.files++
		if f.Yanked {
			in.yanked++
			if in.yankReason == "" {
				in.yankReason = f.YankedReason
			}
		}
		if in.requiresPy == "" {
			in.requiresPy = f.RequiresPython
		}
		if f.Kind == source.Wheel {
			in.wheel = true
		} else {
			in.sdist = true
		}
	}
	for _, f := range rejected {
		in := get(f.Version)
		in.rejectedNames = append(in.rejectedNames, f.Filename)
		if p.Reject != nil {
			in.rejections = append(in.rejections, p.Reject(f))
		}
	}
	sort.Strings(keys)
	if p.Speculate && p.Fetcher != nil {
		p.speculate(ok)
	}
	anyWheel := false
	for _, k := range keys {
		anyWheel = anyWheel || byV[k].wheel
	}
	var out []Candidate
	for _, k := range keys {
		in := byV[k]
		c := Candidate{Version: in.v, RequiresPython: in.requiresPy}
		if in.files > 0 && in.yanked == in.files {
			c.Yanked, c.YankedReason = true, in.yankReason
		}
		switch {
		case in.wheel:
		case in.sdist && p.PreferBinary && anyWheel:
			c.Unavailable = "only an sdist, and --prefer-binary tries the versions with wheels first"
		case in.sdist && p.Sdists != nil:
		case in.sdist:
			c.Unavailable = "only an sdist, whose metadata needs a build"
		default:
			c.Unavailable, c.UnavailableHint = unfit(in.rejectedNames, in.rejections)
		}
		out = append(out, c)
	}
	return out, nil
}

// Metadata implements Provider.
func (p *SourceProvider) Metadata(name string, v pep440.Version) ([]string, string, error) {
	ok, _, err := p.files(name, &v)
	if err != nil {
		return nil, "", err
	}
	var wheels, sdists []source.File
	for _, f := range ok {
		if f.Kind == source.Wheel {
			wheels = append(wheels, f)
		} else {
			sdists = append(sdists, f)
		}
	}
	sort.SliceStable(wheels, func(i, j int) bool {
		if a, b := wheels[i].Yanked, wheels[j].Yanked; a != b {
			return !a
		}
		if p.Rank != nil {
			if a, b := p.Rank(wheels[i]), p.Rank(wheels[j]); a != b {
				return a < b
			}
		}
		return wheels[i].Filename < wheels[j].Filename
	})
	if len(wheels) > 0 {
		m, err := p.wheelMetadata(wheels[0])
		if err != nil {
			return nil, "", err
		}
		if n := wheelname.Normalize(m.Name); n != wheelname.Normalize(name) {
			return nil, "", fmt.Errorf("%s: METADATA names %q", wheels[0].Filename, m.Name)
		}
		return m.RequiresDist, m.RequiresPython, nil
	}
	if len(sdists) > 0 && p.Sdists != nil {
		sort.Slice(sdists, func(i, j int) bool { return sdists[i].Filename < sdists[j].Filename })
		f := sdists[0]
		if !f.Local() || len(f.Hashes) > 0 && p.Fetcher != nil {
			if p.Fetcher == nil {
				return nil, "", fmt.Errorf("%s: a remote file and no fetcher", f.Filename)
			}
			path, err := p.Fetcher.Fetch(p.ctx(), f)
			if err != nil {
				return nil, "", err
			}
			f.Path = path
		}
		return p.Sdists.SdistMetadata(f)
	}
	return nil, "", fmt.Errorf("no usable file for %s %s", name, v)
}

// wheelMetadata reads a wheel's core metadata: from the file when it is
// local, else from its PEP 658 metadata file, else from the fetched wheel.
func (p *SourceProvider) wheelMetadata(f source.File) (*metadata.Metadata, error) {
	if f.Local() && len(f.Hashes) > 0 && p.Fetcher != nil {
		// A local file with announced hashes (a bundle's) is checked
		// before it is read.
		path, err := p.Fetcher.Fetch(p.ctx(), f)
		if err != nil {
			return nil, err
		}
		return readWheelMetadata(path)
	}
	if f.Local() {
		return readWheelMetadata(f.Path)
	}
	if p.Fetcher == nil {
		return nil, fmt.Errorf("%s: a remote file and no fetcher", f.Filename)
	}
	if f.MetadataURL != "" {
		data, err := p.metadataFile(f)
		if err != nil {
			return nil, err
		}
		m, err := metadata.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s.metadata: %w", f.Filename, err)
		}
		return m, nil
	}
	path, err := p.Fetcher.Fetch(p.ctx(), f)
	if err != nil {
		return nil, err
	}
	return readWheelMetadata(path)
}

// readWheelMetadata reads only the METADATA of a wheel's .dist-info folder
// (the one folder NAME-VERSION.dist-info at the top). The wheel is fully
// validated by archive/wheel when it is installed; for choosing versions
// reading one member is enough, and much faster than validating every
// member of a big wheel.
func readWheelMetadata(path string) (*metadata.Metadata, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	defer zr.Close()
	var found *zip.File
	for _, f := range zr.File {
		dir, file, ok := strings.Cut(f.Name, "/")
		if !ok || file != "METADATA" || !strings.HasSuffix(dir, ".dist-info") {
			continue
		}
		if found != nil {
			return nil, fmt.Errorf("%s: more than one .dist-info/METADATA", filepath.Base(path))
		}
		found = f
	}
	if found == nil {
		return nil, fmt.Errorf("%s: no .dist-info/METADATA", filepath.Base(path))
	}
	// The cap of core metadata everywhere (bounded.Metadata): the
	// installed-database reader's, and the wheel reader's.
	name := filepath.Base(path) + ": " + found.Name
	if found.UncompressedSize64 > uint64(bounded.Metadata) {
		return nil, &bounded.TooLargeError{Path: name, Limit: bounded.Metadata}
	}
	rc, err := found.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	defer rc.Close()
	data, err := bounded.ReadAll(rc, bounded.Metadata, name)
	if err != nil {
		var tl *bounded.TooLargeError
		if errors.As(err, &tl) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m, err := metadata.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return m, nil
}

// speculate starts fetching the metadata file of the best wheel of the
// newest version among files.
func (p *SourceProvider) speculate(files []source.File) {
	var best *source.File
	for i := range files {
		f := &files[i]
		if f.Kind != source.Wheel || f.MetadataURL == "" || f.Yanked || f.Version.IsPrerelease() {
			continue
		}
		if best == nil || f.Version.Compare(best.Version) > 0 ||
			f.Version.Equal(best.Version) && p.Rank != nil && p.Rank(*f) < p.Rank(*best) {
			best = f
		}
	}
	if best == nil {
		return
	}
	f := *best
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending == nil {
		p.pending = map[string]*speculation{}
		p.sem = make(chan struct{}, 8)
	}
	if p.pending[f.MetadataURL] != nil {
		return
	}
	s := &speculation{done: make(chan struct{})}
	p.pending[f.MetadataURL] = s
	go func() {
		defer close(s.done)
		p.sem <- struct{}{}
		defer func() { <-p.sem }()
		ctx := p.ctx()
		s.data, s.err = p.Fetcher.Metadata(ctx, f)
		s.abandoned = s.err != nil && ctx.Err() != nil
	}()
}

// metadataFile returns a wheel's metadata file, from a speculative fetch
// when one was started for it. A speculation's answer is final, its error
// included (retrying is the fetcher's policy; a fetch that timed out by its
// own deadline has failed for this run): the file is fetched again only
// when the speculation was abandoned because the provider's context ended,
// and then with that same context, which fails at once. The wait ends with
// the context too.
func (p *SourceProvider) metadataFile(f source.File) ([]byte, error) {
	p.mu.Lock()
	s := p.pending[f.MetadataURL]
	p.mu.Unlock()
	if s != nil {
		ctx := p.ctx()
		select {
		case <-s.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if s.err == nil || !s.abandoned {
			return s.data, s.err
		}
	}
	return p.Fetcher.Metadata(p.ctx(), f)
}

// unfit says why no file of a version fits: the files grouped by reason
// ("no file fits the target: --only-binary excludes sdists (a-1.0.tar.gz);
// the wheel tags are not the target's, Python 3.11.7: cp311-cp311-...
// (a-1.0-cp312-cp312-win_amd64.whl)"), and the hints of those reasons.
func unfit(names []string, why []Rejection) (string, string) {
	if len(why) != len(names) {
		return "no file fits the target: " + strings.Join(names, ", "), ""
	}
	var order []string
	files := map[string][]string{}
	var hints []string
	seenHint := map[string]bool{}
	for i, r := range why {
		if files[r.Why] == nil {
			order = append(order, r.Why)
		}
		files[r.Why] = append(files[r.Why], names[i])
		if r.Hint != "" && !seenHint[r.Hint] {
			seenHint[r.Hint] = true
			hints = append(hints, r.Hint)
		}
	}
	parts := make([]string, len(order))
	for i, w := range order {
		parts[i] = w + " (" + strings.Join(files[w], ", ") + ")"
	}
	return "no file fits the target: " + strings.Join(parts, "; "), strings.Join(hints, "\n")
}
