package main

import (
	"context"
	"sync"

	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/source"
)

// hashItems are the items as hash-checking mode sees them.
func hashItems(items []installItem) []hashcheck.Item {
	out := make([]hashcheck.Item, len(items))
	for i, it := range items {
		path := it.wheel
		if it.project != "" {
			path = it.project
		}
		out[i] = hashcheck.Item{What: it.what, URL: it.url, Name: it.name, Path: path, Editable: it.editable}
	}
	return out
}

// fetchFiles turns source files into local paths, fetching remote ones in
// parallel (hashes announced by the source are checked by the fetcher) and
// checking the requirements' hashes; every file is checked before any is
// installed.
func (a *app) fetchFiles(src *sourceSet, files []source.File, hashes *hashcheck.Policy) ([]string, error) {
	paths := make([]string, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, f := range files {
		if f.Local() && len(f.Hashes) == 0 {
			paths[i] = f.Path
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			paths[i], errs[i] = src.fetcher.Fetch(context.Background(), f)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, err
		}
		if err := hashes.Verify(files[i], paths[i]); err != nil {
			return nil, err
		}
	}
	return paths, nil
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
