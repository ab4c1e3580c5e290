package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/solver"
	"github.com/fwenv/fwenv/resolver/source"
)

// request turns a wheel for an item into an install request, recording
// where the user's own files came from (direct_url.json).
func itemRequest(it installItem, wheelPath string, requested bool) (install.Request, error) {
	req := install.Request{Path: wheelPath, Requested: requested, DirectURL: it.direct}
	if it.vcs != nil {
		req.VCS, req.Editable = it.vcs, it.editable
		req.Dir, req.Reinstall = it.project, true
		return req, nil
	}
	if it.url != "" {
		src := it.wheel
		if it.project != "" {
			src = it.project
		}
		sum, err := cache.HashFile(src)
		if err != nil {
			return req, err
		}
		req.URL, req.ArchiveSHA256 = it.url, sum
		return req, nil
	}
	if it.direct && it.project != "" {
		if st, err := os.Stat(it.project); err == nil && st.IsDir() {
			req.Dir, req.Editable, req.Reinstall = it.project, it.editable, true
		} else {
			sum, err := cache.HashFile(it.project)
			if err != nil {
				return req, err
			}
			req.URL, req.ArchiveSHA256 = site.FileURL(it.project), sum
		}
	}
	return req, nil
}

// requestsNoDeps installs exactly what was named: each name's best file
// from the folders, each item built if needed.
func (a *app) requestsNoDeps(c *envCtx, names []pep508.Requirement, items []installItem, src *sourceSet, hashes *hashcheck.Policy, pre bool, o installOptions) ([]install.Request, error) {
	if len(names) > 0 {
		ranker := tags.NewRanker(c.info.Tags())
		var chosen []source.File
		for _, r := range names {
			files, err := src.src.Files(context.Background(), r.Name)
			if err != nil {
				return nil, err
			}
			f, err := source.Choose(files, source.Want{Project: r.NormalizedName(), Specifier: r.Specifier, Pre: pre || r.Specifier.NamesPrerelease(),
				Ranker: ranker, BestTag: c.info.TagTarget().Best().String(), OnlyBinary: o.fm.OnlyBinary(r.Name), NoBinary: o.fm.NoBinary(r.Name)}, []string{src.describe})
			if err != nil {
				return nil, err
			}
			chosen = append(chosen, f)
		}
		if o.dryRun {
			for _, f := range chosen {
				fmt.Fprintf(a.stdout, "would install %s %s (%s)\n", f.Project, f.Version, f.Filename)
			}
		} else {
			paths, err := a.fetchFiles(src, chosen, hashes)
			if err != nil {
				return nil, err
			}
			for i, f := range chosen {
				it := installItem{what: names[i].String()}
				if f.Kind == source.Wheel {
					it.wheel = paths[i]
				} else {
					it.project = paths[i]
				}
				items = append(items, it)
			}
		}
	}
	if o.dryRun {
		for _, it := range items {
			fmt.Fprintf(a.stdout, "would install %s\n", it.what)
		}
		return nil, nil
	}
	var reqs []install.Request
	for _, it := range items {
		if it.wheel == "" {
			w, err := a.buildForInstall(c, it, src.localDirs, o.build)
			if err != nil {
				return nil, err
			}
			it.wheel = w
		}
		req, err := itemRequest(it, it.wheel, true)
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, req)
	}
	return reqs, nil
}

// requestsResolved resolves the names, the user's own files and their
// dependencies against the environment, then builds what needs building.
func (a *app) requestsResolved(c *envCtx, names, constraints []pep508.Requirement, items []installItem, src *sourceSet, hashes *hashcheck.Policy, pre bool, o installOptions) ([]install.Request, error) {
	findLinks := src.localDirs
	var locals []plan.Local
	metas := map[string]*metadata.Metadata{} // wheel path -> METADATA
	for i := range items {
		it := &items[i]
		if it.wheel == "" {
			w, err := a.buildForInstall(c, *it, findLinks, o.build)
			if err != nil {
				return nil, err
			}
			it.wheel = w
		}
	}
	// Every local wheel is validated before anything is resolved, built or
	// downloaded for it, and handed to the install as it is (not opened
	// twice).
	opened, err := openWheels(items)
	defer func() {
		for _, w := range opened {
			w.Close() // those not handed to the install
		}
	}()
	if err != nil {
		return nil, err
	}
	for i := range items {
		it := &items[i]
		m := opened[it.wheel].Wheel.Metadata
		metas[it.wheel] = m
		locals = append(locals, plan.Local{Wheel: it.wheel, Name: m.Name, Version: m.Version, Requires: m.RequiresDist, RequiresPython: m.RequiresPython, Tag: it})
	}
	db, err := c.db()
	if err != nil {
		return nil, err
	}
	upgrade := map[string]bool{}
	if o.upgrade {
		for _, r := range names {
			upgrade[r.NormalizedName()] = true
		}
	}
	for _, n := range o.upgradePkgs {
		upgrade[n] = true
	}
	src.prefetch(names)
	builds := &sdistBuilds{}
	p, err := plan.Make(context.Background(), plan.Input{
		Roots: names, Locals: locals, Constraints: constraints, Source: src.src, Fetcher: src.fetcher,
		Info: c.info, DB: db, Upgrade: upgrade, Reinstall: o.reinstall, Pre: pre, Formats: o.fm, PreferBinary: o.prefer,
		SdistMetadata: hashes.Guard(a.sdistMetadataWith(c, findLinks, o.build, builds)),
	})
	if err != nil {
		return nil, err
	}
	for _, w := range p.Resolution.Warnings {
		a.logf("warning: %s\n", w)
	}
	if o.dryRun && o.report == "" {
		a.printPlan(p)
		return nil, nil
	}
	// The files the plan takes from find-links folders, pages and indexes
	// are fetched (and checked: hashes, and a wheel against the PEP 658
	// metadata the resolution read) before anything is reported or
	// installed; each sdist is built once, for the report and the install
	// alike.
	if err := hashes.CheckPlan(planned(p)); err != nil {
		return nil, err
	}
	var remote []source.File
	for _, st := range p.Steps {
		if st.Local == nil {
			remote = append(remote, st.File)
		}
	}
	paths, err := a.fetchFiles(src, remote, hashes)
	if err != nil {
		return nil, err
	}
	fetched := map[string]string{} // file location -> local file
	wheels := map[string]string{}  // file location -> wheel (built for an sdist)
	for i, f := range remote {
		loc := f.Location()
		fetched[loc] = paths[i]
		wheels[loc] = paths[i]
		if f.Kind == source.Sdist {
			w, err := builds.build(a, c, installItem{project: paths[i], what: f.Project + " " + f.Version.String()}, findLinks, o.build)
			if err != nil {
				return nil, err
			}
			wheels[loc] = w
		}
	}
	if o.report != "" {
		if err := a.writeReport(c, p, metas, fetched, wheels, o); err != nil {
			return nil, err
		}
	}
	if o.dryRun {
		a.printPlan(p)
		return nil, nil
	}
	var reqs []install.Request
	handedOver := func() {
		for _, r := range reqs {
			if r.Opened != nil {
				r.Opened.Close()
			}
		}
	}
	for _, st := range p.Steps {
		if st.Local != nil {
			req, err := itemRequest(*st.Local.Tag.(*installItem), st.Local.Wheel, true)
			if err != nil {
				handedOver()
				return nil, err
			}
			if w := opened[st.Local.Wheel]; w != nil {
				req.Opened = w
				delete(opened, st.Local.Wheel)
			}
			reqs = append(reqs, req)
			continue
		}
		reqs = append(reqs, install.Request{Path: wheels[st.File.Location()], Requested: st.Requested})
	}
	if len(reqs) == 0 {
		a.logf("nothing to do: every requirement is already satisfied\n")
		return nil, nil
	}
	return reqs, nil
}

// sdistBuilds builds each sdist once per command, by its sha256: the
// resolution's metadata build, the report and the install share the wheel
// (with --no-cache there is no wheel cache to share it otherwise).
type sdistBuilds struct {
	mu     sync.Mutex
	wheels map[string]string // sdist sha256 -> built wheel
}

func (b *sdistBuilds) build(a *app, c *envCtx, it installItem, findLinks []string, bf buildFlags) (string, error) {
	sum, err := cache.HashFile(it.project)
	if err != nil {
		return "", err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if w, ok := b.wheels[sum]; ok {
		return w, nil
	}
	w, err := a.buildForInstall(c, it, findLinks, bf)
	if err != nil {
		return "", err
	}
	if b.wheels == nil {
		b.wheels = map[string]string{}
	}
	b.wheels[sum] = w
	return w, nil
}

// sdistMetadata reads an sdist's dependencies by building its wheel (cached
// by the sdist) and reading the wheel's METADATA.
func (a *app) sdistMetadata(c *envCtx, findLinks []string, b buildFlags) func(source.File) ([]string, string, error) {
	return a.sdistMetadataWith(c, findLinks, b, &sdistBuilds{})
}

// sdistMetadataWith is sdistMetadata building through builds.
func (a *app) sdistMetadataWith(c *envCtx, findLinks []string, b buildFlags, builds *sdistBuilds) func(source.File) ([]string, string, error) {
	return func(f source.File) ([]string, string, error) {
		w, err := builds.build(a, c, installItem{project: f.Path, what: f.Filename}, findLinks, b)
		if err != nil {
			return nil, "", err
		}
		whl, err := wheel.Open(w, &wheel.Options{DeferContentCheck: true})
		if err != nil {
			return nil, "", err
		}
		defer whl.Close()
		return whl.Metadata.RequiresDist, whl.Metadata.RequiresPython, nil
	}
}

func (a *app) printPlan(p *plan.Plan) {
	for _, ch := range p.Changes {
		switch ch.Action {
		case solver.Keep:
			continue
		}
		if ch.From.IsZero() {
			fmt.Fprintf(a.stdout, "%s %s %s\n", ch.Action, ch.Name, ch.To)
		} else {
			fmt.Fprintf(a.stdout, "%s %s %s -> %s\n", ch.Action, ch.Name, ch.From, ch.To)
		}
	}
}

// writeReport writes pip's installation report for the plan. fetched holds
// the local copy of each file the plan takes from a source (by
// source.File.Location), wheels the wheel installed for it (built for an
// sdist); remote files are reported by their URL, as pip does.
func (a *app) writeReport(c *envCtx, p *plan.Plan, metas map[string]*metadata.Metadata, fetched, wheels map[string]string, o installOptions) error {
	var items []plan.ReportItem
	for _, st := range p.Steps {
		var ri plan.ReportItem
		wheelPath := ""
		if st.Local != nil {
			it := st.Local.Tag.(*installItem)
			wheelPath = st.Local.Wheel
			ri.Direct, ri.Requested = it.direct, true
			src := it.wheel
			if it.project != "" {
				src = it.project
			}
			if st2, err := os.Stat(src); err == nil && st2.IsDir() {
				ri.URL, ri.Dir, ri.Editable = site.FileURL(src), src, it.editable
			} else {
				sum, err := cache.HashFile(src)
				if err != nil {
					return err
				}
				ri.URL, ri.SHA256 = site.FileURL(src), sum
			}
		} else {
			loc := st.File.Location()
			path := fetched[loc]
			wheelPath = wheels[loc]
			if path == "" || wheelPath == "" {
				return fmt.Errorf("%s: not fetched before the report (a bug in fwenv)", st.File.Filename)
			}
			sum := strings.ToLower(st.File.Hashes["sha256"]) // verified by the fetch
			if sum == "" {
				var err error
				if sum, err = cache.HashFile(path); err != nil {
					return err
				}
			}
			ri.SHA256, ri.Requested = sum, st.Requested
			if st.File.Local() {
				ri.URL = site.FileURL(st.File.Path)
			} else {
				ri.URL = st.File.URL
			}
		}
		m := metas[wheelPath]
		if m == nil {
			w, err := wheel.Open(wheelPath, &wheel.Options{DeferContentCheck: true})
			if err != nil {
				return err
			}
			m = w.Metadata
			w.Close()
		}
		ri.Metadata = m
		items = append(items, ri)
	}
	data, err := plan.Report(items, c.info.MarkerEnvironment(), version)
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if o.report == "-" {
		_, err = a.stdout.Write(data)
		return err
	}
	return os.WriteFile(a.abs(o.report), data, 0o644)
}

// openWheels opens and validates the items' wheels (as the install engine
// does, two at a time), keyed by path; on an error, the first in the items'
// order, the map holds what was opened so the caller can close it.
func openWheels(items []installItem) (map[string]*install.Opened, error) {
	op := &install.Opener{}
	ws := make([]*install.Opened, len(items))
	errs := make([]error, len(items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ws[i], errs[i] = op.Open(items[i].wheel)
		}()
	}
	wg.Wait()
	out := map[string]*install.Opened{}
	for i, w := range ws {
		if w == nil {
			continue
		}
		if out[items[i].wheel] != nil {
			w.Close() // the same file named twice
			continue
		}
		out[items[i].wheel] = w
	}
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
