package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
)

// hashPolicy is pip's hash-checking mode: on with --require-hashes or as
// soon as one requirement carries a --hash; then every distribution
// installed must match a hash given for it, and the requirements named must
// be pinned with ==.
type hashPolicy struct {
	on     bool
	byName map[string][]string // normalised name -> "algo:hex"
	byPath map[string][]string // absolute path or URL -> "algo:hex"
	from   map[string]string   // name or path -> "file:line"
	// checked: every file was checked against its hashes before the
	// command began (a bundle); verify need not read them again.
	checked bool
	errs    []string
}

func newHashPolicy(require bool) *hashPolicy {
	return &hashPolicy{on: require, byName: map[string][]string{}, byPath: map[string][]string{}, from: map[string]string{}}
}

// add records a requirement line.
func (h *hashPolicy) add(r requirements.Requirement) {
	where := fmt.Sprintf("%s:%d", r.File, r.Line)
	if len(r.Hashes) > 0 {
		h.on = true
	}
	if r.Constraint && len(r.Hashes) == 0 {
		return
	}
	switch {
	case r.Path != "":
		h.byPath[r.Path] = append(h.byPath[r.Path], r.Hashes...)
		h.from[r.Path] = where
	case r.URL != "" || r.Req.URL != "":
		u := r.URL
		if u == "" {
			u = r.Req.URL
		}
		u, frag, _ := strings.Cut(u, "#")
		u = fetch.Redact(u)
		h.byPath[u] = append(h.byPath[u], r.Hashes...)
		// A #sha256= fragment counts as a hash given for the file, as in pip.
		for _, kv := range strings.Split(frag, "&") {
			if k, v, ok := strings.Cut(kv, "="); ok && (k == "sha256" || k == "sha384" || k == "sha512") {
				h.byPath[u] = append(h.byPath[u], k+":"+v)
			}
		}
		h.from[u] = where
	default:
		n := r.Req.NormalizedName()
		h.byName[n] = append(h.byName[n], r.Hashes...)
		h.from[n] = where
		if !r.Constraint {
			if !isPinned(r.Req.Specifier.String()) {
				h.errs = append(h.errs, fmt.Sprintf("%s: %s is not pinned with ==", where, r.Req.String()))
			}
		}
	}
}

func isPinned(spec string) bool {
	spec = strings.TrimSpace(spec)
	return (strings.HasPrefix(spec, "==") || strings.HasPrefix(spec, "===")) && !strings.Contains(spec, ",") && !strings.Contains(spec, "*")
}

// checkItems refuses, in hash-checking mode, what cannot be verified
// (project folders, editable installs) and verifies the user's own files.
func (h *hashPolicy) checkItems(items []installItem) error {
	if !h.on {
		return nil
	}
	if len(h.errs) > 0 {
		sort.Strings(h.errs)
		return &cmdError{"in hash-checking mode every requirement must be pinned:\n  " + strings.Join(h.errs, "\n  "),
			"write NAME==VERSION --hash=sha256:… (fwenv download writes the hashes into its bundle's fwenv.lock)"}
	}
	for i := range items {
		it := &items[i]
		if it.editable {
			return &cmdError{fmt.Sprintf("%s: an editable install cannot be checked against a hash", it.what), "install editable projects in a separate command without --hash / --require-hashes"}
		}
		path := it.wheel
		if it.project != "" {
			path = it.project
		}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return &cmdError{fmt.Sprintf("%s: a folder cannot be checked against a hash", it.what), "build an sdist or wheel of it (fwenv build) and list that file with its --hash"}
		}
		key := it.url
		if key == "" {
			key = it.what
		}
		want := h.byPath[key]
		if len(want) == 0 && it.name != "" {
			want = h.byName[wheelname.Normalize(it.name)]
		}
		if len(want) == 0 {
			sum, _ := cache.HashFile(path)
			return &cmdError{fmt.Sprintf("%s has no --hash and hash-checking mode is on", it.what),
				fmt.Sprintf("add --hash=sha256:%s to its line if this file is the one you trust", sum)}
		}
		if _, err := source.VerifyFile(path, want, h.from[key]); err != nil {
			return err
		}
	}
	return nil
}

// checkPlan makes sure, before anything is fetched, that every
// distribution to install has hashes to be checked against.
func (h *hashPolicy) checkPlan(p *plan.Plan) error {
	if !h.on {
		return nil
	}
	var missing []string
	for _, st := range p.Steps {
		if st.Local != nil {
			continue
		}
		if len(h.byName[st.Name]) == 0 {
			line := st.Name + "==" + st.Version
			if sum := st.File.Hashes["sha256"]; sum != "" {
				line += " --hash=sha256:" + sum
			}
			missing = append(missing, line)
		}
	}
	if len(missing) > 0 {
		return &cmdError{"hash-checking mode is on, and these distributions have no --hash in the requirements:\n  " + strings.Join(missing, "\n  "),
			"add them, pinned and with their hashes, to the requirements file (the hashes shown come from the index: check them)"}
	}
	return nil
}

// verify checks a fetched file against the hashes given for its project.
func (h *hashPolicy) verify(f source.File, path string) error {
	if !h.on || h.checked {
		return nil
	}
	if len(h.byName[f.Project]) == 0 {
		sum, _ := cache.HashFile(path)
		return &cmdError{fmt.Sprintf("%s (%s) has no --hash and hash-checking mode is on", f.Project, f.Filename),
			fmt.Sprintf("add it, pinned, with --hash=sha256:%s if this file is the one you trust", sum)}
	}
	_, err := source.VerifyFile(path, h.byName[f.Project], h.from[f.Project])
	if err != nil {
		if hm, ok := err.(*source.HashMismatchError); ok {
			hm.File = f.Filename
		}
	}
	return err
}

// fetchFiles turns source files into local paths, fetching remote ones in
// parallel (hashes announced by the source are checked by the fetcher) and
// checking the requirements' hashes; every file is checked before any is
// installed.
func (a *app) fetchFiles(src *sourceSet, files []source.File, hashes *hashPolicy) ([]string, error) {
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
		if err := hashes.verify(files[i], paths[i]); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// guard wraps a metadata build of sdists: in hash-checking mode the sdist is
// checked against its hashes (and refused when it has none) before any
// build backend runs, as pip does.
func (h *hashPolicy) guard(meta func(source.File) ([]string, string, error)) func(source.File) ([]string, string, error) {
	if meta == nil || !h.on || h.checked {
		return meta
	}
	return func(f source.File) ([]string, string, error) {
		if len(h.byName[f.Project]) == 0 {
			sum, _ := cache.HashFile(f.Path)
			return nil, "", &cmdError{fmt.Sprintf("%s %s has no --hash and hash-checking mode is on; it is not built", f.Project, f.Version),
				fmt.Sprintf("add it, pinned, with --hash=sha256:%s if this file is the one you trust", sum)}
		}
		if err := h.verify(f, f.Path); err != nil {
			return nil, "", err
		}
		return meta(f)
	}
}
