package ops

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/prepare"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/lock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/solver"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// LockOptions are what `fwenv lock` was asked.
type LockOptions struct {
	Env          EnvSelector
	Args         []string
	Requirements []string
	// Output is the lock file ("" for fwenv.lock, or pylock.toml with
	// Format "pylock"); Format is "fwenv", "pylock" or "" (from the name).
	Output, Format string
	FromEnv, All   bool
	Python         string
	Sources        set.Config
	Pre            bool
	Formats        Formats
	Build          BuildChoices
}

// LockResult is what a lock wrote.
type LockResult struct {
	Path     string
	Packages int
}

// lockRun is one lock's state.
type lockRun struct {
	s       *Session
	e       *Env
	src     *set.Set
	lk      *lock.Lock
	lockDir string
}

// Lock resolves requirements (or reads the environment) and writes a lock
// file.
func (s *Session) Lock(o LockOptions) (*LockResult, error) {
	// The format: --format, else the output's name; the output: -o, else
	// the format's file name.
	format, out := lock.Fwenv, o.Output
	if o.Format != "" {
		f, err := lock.ParseFormat(o.Format)
		if err != nil {
			return nil, UsageError{fmt.Errorf("--format %v", err)}
		}
		format = f
	} else if out != "" {
		format, _ = lock.FormatOf(out)
	}
	if out == "" {
		out = format.FileName()
	}
	out = s.Abs(out)
	// Refused before anything is resolved or built.
	if _, pep751 := lock.FormatOf(out); format == lock.Pylock && !pep751 {
		return nil, errorf("use -o pylock.toml", fmt.Sprintf("%s: a pylock file is named pylock.toml or pylock.NAME.toml (PEP 751)", out))
	}
	var e *Env
	var err error
	if o.FromEnv {
		e, err = s.OpenEnv(o.Env)
	} else {
		e, err = s.Interpreter(o.Python, o.Env)
	}
	if err != nil {
		return nil, err
	}
	files, fileOpts, pre, err := s.readFiles(o.Requirements, o.Pre)
	if err != nil {
		return nil, err
	}
	o.Pre = pre
	src, err := s.openSources(o.Sources, fileOpts...)
	if err != nil {
		return nil, err
	}
	fm, prefer, err := o.Formats.resolve(fileOpts...)
	if err != nil {
		return nil, err
	}
	r := &lockRun{s: s, e: e, src: src, lockDir: filepath.Dir(out),
		lk: &lock.Lock{CreatedBy: "fwenv " + s.Version, Kind: lock.KindLock, Target: lockTargetOf(e.Info)}}
	if o.FromEnv {
		if len(o.Args) > 0 || len(files) > 0 {
			return nil, UsageError{errors.New("--from-env locks the environment: give no requirements")}
		}
		if err := r.fromEnv(o.All); err != nil {
			return nil, err
		}
	} else {
		prep, err := s.preparer(&Env{Info: e.Info}, o.Build, prepare.Options{Fetcher: src.Fetcher, Offline: src.Offline})
		if err != nil {
			return nil, err
		}
		hashes := hashcheck.New(false)
		g := &gatherer{s: s, src: src, prep: prep, rules: gatherRules{refuseURLs: true}}
		w := wanted{}
		if err := g.files(files, e.Info.MarkerEnvironment(), hashes, &w); err != nil {
			return nil, err
		}
		if err := g.args(o.Args, &w); err != nil {
			return nil, err
		}
		if err := r.resolve(prep, w, o.Pre, fm, prefer, hashes); err != nil {
			return nil, err
		}
	}
	if err := lockset.Save(r.lk, out, format); err != nil {
		return nil, err
	}
	return &LockResult{Path: out, Packages: len(r.lk.Packages)}, nil
}

// resolve resolves the requirements and records every package.
func (r *lockRun) resolve(prep *prepare.Preparer, w wanted, pre bool, fm source.Formats, prefer bool, hashes *hashcheck.Policy) error {
	r.lk.Requirements = append(r.lk.Requirements, w.asked...)
	if len(w.names) == 0 && len(w.items) == 0 {
		return UsageError{errors.New("nothing to lock: give requirements, -r FILE or --from-env")}
	}
	// The user's own projects: their metadata through a build.
	var locals []plan.Local
	localSource := map[string]lock.Source{}
	for i := range w.items {
		it := &w.items[i]
		wheelPath := it.Wheel
		if wheelPath == "" {
			var err error
			if wheelPath, err = prep.Build(*it, r.src.LocalDirs); err != nil {
				return err
			}
		}
		m, err := prepare.WheelMetadata(wheelPath)
		if err != nil {
			return err
		}
		locals = append(locals, plan.Local{Wheel: wheelPath, Name: m.Name, Version: m.Version, Requires: m.RequiresDist, RequiresPython: m.RequiresPython, Extras: it.Extras, Item: it})
		path := it.Source()
		s := lock.Source{Directory: &lock.Directory{Path: relOrAbs(r.lockDir, path), Editable: it.Editable}}
		if st, err := os.Stat(path); err == nil && !st.IsDir() && !it.Editable {
			s = lock.Source{FindLinks: relOrAbs(r.lockDir, filepath.Dir(path))}
		}
		localSource[wheelname.Normalize(m.Name)] = s
	}
	r.src.Prefetch(w.names)
	p, err := plan.Make(r.s.ctx(), plan.Input{Roots: w.names, Locals: locals, Constraints: w.constraints, Source: r.src.Source, Fetcher: r.src.Fetcher,
		Info: r.e.Info, DB: site.Nothing(), Pre: pre, Formats: fm, PreferBinary: prefer,
		Sdists: solver.SdistBuilderFunc(hashes.Guard(prep.Sdists(r.src.LocalDirs).SdistMetadata))})
	if err != nil {
		return r.src.Explain(err)
	}
	r.s.resolutionWarnings(p)
	deps := dependencies(p)
	for _, pkg := range p.Resolution.Packages {
		lp := lock.Package{Name: pkg.Name, Version: pkg.Version.String(), Requested: pkg.Requested, Dependencies: lock.DependenciesOn(deps[pkg.Name])}
		if s, ok := localSource[pkg.Name]; ok {
			lp.Source = s
			for _, st := range p.Steps {
				if st.Local != nil && wheelname.Normalize(st.Local.Name) == pkg.Name {
					lp.Name = st.Local.Name
					if s.FindLinks != "" {
						art, err := fileArtifact(st.Local.Item.Source(), r.lockDir)
						if err != nil {
							return err
						}
						lp.Artifacts = []lock.Artifact{art}
					}
				}
			}
			r.lk.Packages = append(r.lk.Packages, lp)
			continue
		}
		fs, err := r.src.Source.Files(r.s.ctx(), pkg.Name)
		if err != nil {
			return err
		}
		if err := r.artifacts(&lp, fs, pkg.Version, fm, hashes); err != nil {
			return err
		}
		r.lk.Packages = append(r.lk.Packages, lp)
	}
	return nil
}

// artifacts records every file of version v from fs: its sha256 and size
// from the source when announced, else from the file itself (fetched into
// the cache when remote).
func (r *lockRun) artifacts(lp *lock.Package, fs []source.File, v pep440.Version, fm source.Formats, hashes *hashcheck.Policy) error {
	seen := map[string]bool{}
	for _, f := range fs {
		// One entry per file name (a file may be both in a -f folder and on
		// an index), only the kinds --only-binary/--no-binary allow.
		if !f.Version.Equal(v) || seen[f.Filename] || !fm.Allows(f) {
			continue
		}
		seen[f.Filename] = true
		if lp.Source.IsZero() {
			switch {
			case !f.Local() && f.Origin != "":
				lp.Source = lock.Source{Index: secret.StripCredentials(f.Origin)}
			case f.Local():
				lp.Source = lock.Source{FindLinks: relOrAbs(r.lockDir, filepath.Dir(f.Path))}
			default:
				lp.Source = lock.Source{Archive: &lock.Archive{URL: secret.StripCredentials(f.URL)}}
			}
		}
		if w, err := wheelname.ParseWheel(f.Filename); err == nil {
			lp.Name = w.Name
		} else if s, err := wheelname.ParseSdist(f.Filename); err == nil {
			lp.Name = s.Name
		}
		var art lock.Artifact
		if f.Local() {
			var err error
			if art, err = fileArtifact(f.Path, r.lockDir); err != nil {
				return err
			}
		} else {
			art = lock.Artifact{File: f.Filename, URL: secret.StripCredentials(f.URL), SHA256: f.Hashes["sha256"], Size: f.Size}
			// A wheel whose dependencies the resolution read from its PEP
			// 658 metadata file is fetched even when the index announces
			// its sha256 and size: fetching it compares the wheel's own
			// METADATA with that file, and a difference refuses the lock
			// as it refuses an install (the download is cached, so a later
			// sync costs nothing more).
			if r.src.ServedMetadata(f) && art.SHA256 != "" && art.Size != 0 {
				if _, err := r.src.Fetcher.Fetch(r.s.ctx(), f); err != nil {
					return err
				}
			} else if art.SHA256 == "" || art.Size == 0 {
				path, err := r.src.Fetcher.Fetch(r.s.ctx(), f)
				if err != nil {
					return err
				}
				sum, err := source.FileSHA256(path)
				if err != nil {
					return err
				}
				st, err := os.Stat(path)
				if err != nil {
					return err
				}
				art.SHA256, art.Size = sum, st.Size()
			}
		}
		art.Kind = lock.ArtifactWheel
		if f.Kind == source.Sdist {
			art.Kind = lock.ArtifactSdist
		}
		// With --hash in the requirements, only the files they name.
		if given, _ := hashes.Given(lp.Name); len(given) > 0 && !slices.ContainsFunc(given, func(g string) bool { return strings.EqualFold(g, "sha256:"+art.SHA256) }) {
			continue
		}
		lp.Artifacts = append(lp.Artifacts, art)
	}
	if given, from := hashes.Given(lp.Name); len(lp.Artifacts) == 0 && len(given) > 0 {
		return errorf("check the hashes in the requirements file against the files the sources serve", fmt.Sprintf("%s %s: no file matches the --hash given for it (%s)", lp.Name, lp.Version, from))
	}
	if len(lp.Artifacts) == 0 {
		return errorf("add the folder or index that holds it (-f DIR, -i URL)", fmt.Sprintf("%s %s: no file of this version in %s", lp.Name, lp.Version, r.src.Describe))
	}
	return nil
}

// fileArtifact describes a local file: by a path relative to the lock's
// folder when inside it, else by its file: URL.
func fileArtifact(path, lockDir string) (lock.Artifact, error) {
	sum, err := source.FileSHA256(path)
	if err != nil {
		return lock.Artifact{}, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return lock.Artifact{}, err
	}
	art := lock.Artifact{File: filepath.Base(path), SHA256: sum, Size: st.Size(), Kind: lock.ArtifactWheel}
	if !strings.HasSuffix(path, ".whl") {
		art.Kind = lock.ArtifactSdist
	}
	if rel, ok := inside(lockDir, path); ok {
		art.Path = rel
	} else {
		art.URL = source.FileURL(path)
	}
	return art, nil
}

// inside returns path relative to dir when it is inside dir.
func inside(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// relOrAbs is path relative to dir when inside it, else absolute.
func relOrAbs(dir, path string) string {
	if rel, ok := inside(dir, path); ok {
		return rel
	}
	return path
}

// fromEnv records what an environment has installed.
func (r *lockRun) fromEnv(all bool) error {
	db, err := r.e.DB()
	if err != nil {
		return err
	}
	installed := map[string]bool{}
	for _, d := range db.Dists() {
		installed[d.Key] = true
	}
	var missing []string
	for _, d := range db.Dists() {
		if site.LeftOutOfLock(d.Key) && !all {
			continue
		}
		lp := lock.Package{Name: d.Name, Version: d.Version, Requested: d.Requested}
		if d.Metadata != nil {
			for _, req := range d.Metadata.RequiresDist {
				if rq, err := pep508.ParseRequirement(req); err == nil && installed[rq.NormalizedName()] {
					if ok, err := rq.Marker.Evaluate(r.e.Info.MarkerEnvironment()); err == nil && ok {
						lp.Dependencies = append(lp.Dependencies, lock.Dependency{Name: rq.NormalizedName()})
					}
				}
			}
		}
		if dir, ok := d.Editable(); ok {
			lp.Source = lock.Source{Directory: &lock.Directory{Path: relOrAbs(r.lockDir, dir), Editable: true}}
			r.lk.Packages = append(r.lk.Packages, lp)
			continue
		}
		if du := d.DirectURL; du != nil && du.DirInfo != nil {
			if p, ok := source.FileURLPath(du.URL); ok {
				lp.Source = lock.Source{Directory: &lock.Directory{Path: relOrAbs(r.lockDir, p)}}
				r.lk.Packages = append(r.lk.Packages, lp)
				continue
			}
		}
		if du := d.DirectURL; du != nil && du.VCSInfo != nil && du.VCSInfo.VCS == "git" {
			// A git checkout: the repository at the installed commit.
			src, err := lock.GitSource(secret.StripCredentials(du.URL), du.VCSInfo.CommitID, du.Subdirectory)
			if err != nil {
				return errorf("reinstall it from git+URL@COMMIT, or leave it out of the lock", fmt.Sprintf("%s %s was installed from git, but cannot be locked: %v", d.Name, d.Version, secret.StripCredentials(err.Error())))
			}
			lp.Source = src
			r.lk.Packages = append(r.lk.Packages, lp)
			continue
		}
		v, err := pep440.Parse(d.Version)
		if err != nil {
			missing = append(missing, d.Name+" "+d.Version+" (not a PEP 440 version)")
			continue
		}
		var fs []source.File
		if du := d.DirectURL; du != nil && du.ArchiveInfo != nil {
			if p, ok := source.FileURLPath(du.URL); ok {
				if f, ok, _ := source.ParseFilename(filepath.Base(p)); ok {
					f.Path = p
					f.Origin = filepath.Dir(p)
					fs = append(fs, f)
				}
			}
		}
		if len(fs) == 0 {
			fs, err = r.src.Source.Files(r.s.ctx(), d.Name)
			if err != nil {
				return err
			}
		}
		if err := r.artifacts(&lp, fs, v, source.Formats{}, hashcheck.New(false)); err != nil {
			missing = append(missing, d.Name+" "+d.Version)
			continue
		}
		r.lk.Packages = append(r.lk.Packages, lp)
		r.lk.Requirements = append(r.lk.Requirements, d.Name+"=="+d.Version)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return r.src.Explain(errorf("give the folder or index that holds their files (-f DIR, -i URL); fwenv download can fill a folder",
			"no file found for installed distributions: "+strings.Join(missing, ", ")+" (looked in "+r.src.Describe+")"))
	}
	return nil
}
