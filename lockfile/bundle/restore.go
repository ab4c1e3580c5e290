package bundle

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

// Manifest is a bundle folder found for a restore, with its fwenv.lock.
type Manifest struct {
	Dir  string // the bundle's folder
	Path string // its fwenv.lock
	Lock *lock.Lock
}

// Find reads dir's manifest when dir is a bundle (it holds a regular file
// fwenv.lock); ok is false when it is not one.
func Find(dir string) (m *Manifest, ok bool, err error) {
	p := filepath.Join(dir, lock.Fwenv.FileName())
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return nil, false, nil
	}
	lk, err := lockset.LoadFound(p)
	if err != nil {
		return nil, true, err
	}
	return &Manifest{Dir: dir, Path: p, Lock: lk}, true, nil
}

// Requested are the packages the bundle was made for (not the ones kept
// only to build sdists) whose markers hold in env, pinned to their
// versions. A bundle that lists none is an error.
func (m *Manifest) Requested(env pep508.Environment) ([]pep508.Requirement, error) {
	var out []pep508.Requirement
	for _, p := range m.Lock.Packages {
		if !p.Requested || p.BuildOnly {
			continue
		}
		if p.Marker != "" {
			if mk, err := pep508.ParseMarker(p.Marker); err == nil {
				if ok, err := mk.Evaluate(env); err == nil && !ok {
					continue
				}
			}
		}
		r, err := pep508.ParseRequirement(p.Name + "==" + p.Version)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, &Error{m.Path + ": the bundle lists no requested package", "make the bundle again with fwenv download REQUIREMENTS -d DIR"}
	}
	return out, nil
}

// Verify checks every file the manifest lists (the build requirements too)
// against its sha256, in parallel, and returns their paths. The first
// problem is the error: a missing file, or a *source.HashMismatchError
// naming the file.
func (m *Manifest) Verify() ([]string, error) {
	var arts []lock.Artifact
	for _, p := range m.Lock.Packages {
		arts = append(arts, p.Artifacts...)
	}
	paths := make([]string, len(arts))
	errs := make([]error, len(arts))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, art := range arts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			path, err := resolve(art, m.Dir)
			if err != nil {
				errs[i] = err
				return
			}
			if _, err := os.Stat(path); err != nil {
				errs[i] = &Error{fmt.Sprintf("%s: %s is missing from the bundle", m.Path, art.File), "copy the whole bundle folder, or make it again with fwenv download"}
				return
			}
			if _, err := source.VerifyFile(path, []string{"sha256:" + art.SHA256}, m.Path); err != nil {
				if hm, ok := err.(*source.HashMismatchError); ok {
					hm.File = art.File
				}
				errs[i] = err
				return
			}
			paths[i] = path
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first, with its hint
		}
	}
	return paths, nil
}

// Source serves the files of the bundle's folder that the manifest lists;
// anything else put beside them is left out.
func (m *Manifest) Source() source.Source {
	listed := map[string]bool{}
	for _, p := range m.Lock.Packages {
		for _, a := range p.Artifacts {
			listed[a.File] = true
		}
	}
	return &listedSource{src: &source.FindLinks{Dirs: []string{m.Dir}}, listed: listed}
}

type listedSource struct {
	src    source.Source
	listed map[string]bool
}

func (l *listedSource) Files(ctx context.Context, project string) ([]source.File, error) {
	fs, err := l.src.Files(ctx, project)
	if err != nil {
		return nil, err
	}
	var out []source.File
	for _, f := range fs {
		if l.listed[f.Filename] {
			out = append(out, f)
		}
	}
	return out, nil
}

func (l *listedSource) String() string { return l.src.String() }

// resolve is an artifact's absolute local path: its Path, which is
// relative to the bundle's folder dir. It refuses an artifact without a
// path and a path that is absolute or leaves dir ("..", "a/../../x"), so a
// bundle can never point outside itself. It checks the text of the path
// only: a symbolic link inside dir that points elsewhere is not detected
// (Verify checks every file's sha256).
func resolve(a lock.Artifact, dir string) (string, error) {
	const regenerate = "fwenv.lock is generated: regenerate it with `fwenv download -d DIR` (a bundle) or `fwenv lock` (a project) instead of editing it"
	if a.Path == "" {
		return "", &lock.Error{File: a.File, Msg: "the artifact has no local path (it is recorded by URL only)",
			Fix: "install from a bundle written by `fwenv download -d DIR`, or fetch the file from its URL"}
	}
	if bad := lockio.CheckLocalPath(a.Path); bad != "" {
		return "", &lock.Error{File: a.File, Msg: fmt.Sprintf("artifact path %q %s", a.Path, bad),
			Fix: "a bundle must not point outside its own folder; " + regenerate}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", &lock.Error{File: a.File, Msg: fmt.Sprintf("cannot make %q absolute: %v", dir, err), Fix: regenerate, Err: err}
	}
	return filepath.Join(abs, filepath.FromSlash(a.Path)), nil
}
