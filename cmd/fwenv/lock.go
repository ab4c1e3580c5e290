package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/fwlock"
	"github.com/fwenv/fwenv/lockfile/lockset"
	"github.com/fwenv/fwenv/lockfile/pylock"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/index"
)

func init() { register("lock", (*app).lockCmd) }

type lockOptions struct {
	requirements []string
	output       string
	format       string
	fromEnv      bool
	all          bool
	python       string
	src          sourceFlags
	pre          bool
	formats      formatFlags
	build        buildFlags
}

func (a *app) lockCmd() *cobra.Command {
	var o lockOptions
	cmd := &cobra.Command{
		Use:   "lock [-r FILE] [REQ...] [-o fwenv.lock]",
		Short: "Resolve requirements and write an exact, verifiable lock file",
		Long: `Resolve the requirements for the target interpreter (the selected
environment's, else -p, else the default one) and write a lock file: every
package with its version, where it comes from (index URL, find-links folder,
project folder), every file of that version with its sha256 and size, and its
dependencies. The output is deterministic: the same inputs give the same bytes.

--from-env locks what the selected environment has installed: each
distribution's files are looked up in the sources (and the cache); a
distribution with no file anywhere is an error naming it.

-o NAME.toml (or --format pylock) writes PEP 751's pylock.toml instead of
fwenv.lock. fwenv sync makes an environment exactly what a lock says.`,
		Example: `  fwenv lock -r requirements.txt -f ./pkgs
  fwenv lock --from-env -f ./pkgs -o pylock.toml`,
		RunE: func(cmd *cobra.Command, args []string) error { return a.lock(args, o) },
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.requirements, "requirement", "r", nil, "lock what a requirements file lists (repeatable)")
	f.StringVarP(&o.output, "output", "o", "", "the lock file to write (default fwenv.lock; *.toml is written as pylock.toml)")
	f.StringVar(&o.format, "format", "", "fwenv (YAML fwenv.lock) or pylock (PEP 751); default from the output name")
	f.BoolVar(&o.fromEnv, "from-env", false, "lock what the selected environment has installed")
	f.BoolVar(&o.all, "all", false, "with --from-env, lock pip, setuptools and wheel too")
	f.StringVarP(&o.python, "python", "p", "", "resolve for this interpreter")
	f.BoolVar(&o.pre, "pre", false, "allow pre-releases and development releases")
	o.src.add(cmd)
	o.formats.add(cmd)
	o.build.add(cmd)
	config.MarkPath(f, "requirement")
	config.MarkPath(f, "output")
	return cmd
}

// lockFormat decides the format from --format and the file name.
func lockFormat(format, output string) (string, error) {
	switch format {
	case "fwenv", "pylock":
		return format, nil
	case "":
		if strings.HasSuffix(output, ".toml") {
			return "pylock", nil
		}
		return "fwenv", nil
	}
	return "", usageError{fmt.Errorf("--format %q: expected fwenv or pylock", format)}
}

func (a *app) lock(args []string, o lockOptions) error {
	out := o.output
	if out == "" {
		out = fwlock.FileName
		if o.format == "pylock" {
			out = "pylock.toml"
		}
	}
	out = a.abs(out)
	format, err := lockFormat(o.format, out)
	if err != nil {
		return err
	}
	var info *python.Info
	var c *envCtx
	if o.fromEnv {
		if c, err = a.openEnv(); err != nil {
			return err
		}
		info = c.info
	} else if o.python != "" {
		if info, err = a.findPython(o.python); err != nil {
			return err
		}
	} else if c, err = a.openEnv(); err == nil {
		info = c.info
	} else if info, err = a.findPython(""); err != nil {
		return err
	}
	var fileOpts []requirements.Options
	var files []*requirements.File
	for _, path := range o.requirements {
		rf, err := (&requirements.Reader{Getenv: a.getenv}).Read(a.abs(path))
		if err != nil {
			return err
		}
		files = append(files, rf)
		fileOpts = append(fileOpts, rf.Options)
		o.pre = o.pre || rf.Options.Pre
	}
	src, err := a.openSources(o.src, fileOpts...)
	if err != nil {
		return err
	}
	fm, prefer, err := o.formats.formats(fileOpts...)
	if err != nil {
		return err
	}
	lk := &fwlock.Lock{Version: fwlock.FormatVersion, CreatedBy: "fwenv " + version, Kind: fwlock.KindLock,
		Target: fwlock.Target{Python: info.Version(), Implementation: info.Implementation, Platform: strings.ReplaceAll(info.Platform, "-", "_"), Markers: info.Markers}}
	lockDir := filepath.Dir(out)
	if o.fromEnv {
		if len(args) > 0 || len(files) > 0 {
			return usageError{errors.New("--from-env locks the environment: give no requirements")}
		}
		if err := a.lockFromEnv(c, src, lk, lockDir, o.all); err != nil {
			return err
		}
	} else if err := a.lockResolve(info, src, lk, lockDir, args, files, o, fm, prefer); err != nil {
		return err
	}
	return a.writeLock(lk, out, format)
}

// writeLock writes lk as fwenv.lock or pylock.toml.
func (a *app) writeLock(lk *fwlock.Lock, out, format string) error {
	if format == "pylock" {
		if err := writePylock(lk, out); err != nil {
			return err
		}
		a.logf("locked %d packages into %s\n", len(lk.Packages), out)
		return nil
	}
	if err := lk.Save(out); err != nil {
		return err
	}
	a.logf("locked %d packages into %s\n", len(lk.Packages), out)
	return nil
}

// lockResolve resolves the requirements and records every package.
func (a *app) lockResolve(info *python.Info, src *sourceSet, lk *fwlock.Lock, lockDir string, args []string, files []*requirements.File, o lockOptions, fm source.Formats, prefer bool) error {
	hashes := hashcheck.New(false)
	w := wanted{}
	rules := gatherRules{refuseURLs: true}
	if err := a.gatherFiles(nil, files, info.MarkerEnvironment(), src, hashes, rules, &w); err != nil {
		return err
	}
	if err := a.gatherArgs(nil, args, src, rules, &w); err != nil {
		return err
	}
	names, constraints, items := w.names, w.constraints, w.items
	lk.Requirements = append(lk.Requirements, w.asked...)
	if len(names) == 0 && len(items) == 0 {
		return usageError{errors.New("nothing to lock: give requirements, -r FILE or --from-env")}
	}
	// The user's own projects: their metadata through a build.
	env := &envCtx{info: info}
	var locals []plan.Local
	localSource := map[string]fwlock.Source{}
	for _, it := range items {
		wheelPath := it.wheel
		if it.wheel == "" {
			w, err := a.buildForInstall(env, it, src.localDirs, o.build)
			if err != nil {
				return err
			}
			wheelPath = w
		}
		w, err := wheel.Open(wheelPath, &wheel.Options{DeferContentCheck: true})
		if err != nil {
			return err
		}
		m := w.Metadata
		w.Close()
		locals = append(locals, plan.Local{Wheel: wheelPath, Name: m.Name, Version: m.Version, Requires: m.RequiresDist, RequiresPython: m.RequiresPython, Tag: it})
		path := it.project
		if path == "" {
			path = it.wheel
		}
		s := fwlock.Source{Directory: relOrAbs(lockDir, path)}
		if it.editable {
			s = fwlock.Source{Editable: relOrAbs(lockDir, path)}
		} else if st, err := os.Stat(path); err == nil && !st.IsDir() {
			s = fwlock.Source{FindLinks: relOrAbs(lockDir, filepath.Dir(path))}
		}
		localSource[wheelname.Normalize(m.Name)] = s
	}
	src.prefetch(names)
	p, err := plan.Make(context.Background(), plan.Input{Roots: names, Locals: locals, Constraints: constraints, Source: src.src, Fetcher: src.fetcher,
		Info: info, DB: &site.DB{}, Pre: o.pre, Formats: fm, PreferBinary: prefer,
		SdistMetadata: a.sdistMetadata(env, src.localDirs, o.build)})
	if err != nil {
		return err
	}
	deps := dependencies(p)
	for _, pkg := range p.Resolution.Packages {
		lp := fwlock.Package{Name: pkg.Name, Version: pkg.Version.String(), Requested: pkg.Requested, Dependencies: deps[pkg.Name]}
		if s, ok := localSource[pkg.Name]; ok {
			lp.Source = s
			for _, st := range p.Steps {
				if st.Local != nil && wheelname.Normalize(st.Local.Name) == pkg.Name {
					lp.Name = st.Local.Name
					if s.FindLinks != "" {
						it := st.Local.Tag.(installItem)
						path := it.wheel
						if it.project != "" {
							path = it.project
						}
						art, err := fileArtifact(path, lockDir)
						if err != nil {
							return err
						}
						lp.Artifacts = []fwlock.Artifact{art}
					}
				}
			}
			lk.Packages = append(lk.Packages, lp)
			continue
		}
		fs, err := src.src.Files(context.Background(), pkg.Name)
		if err != nil {
			return err
		}
		if err := a.lockArtifacts(src, &lp, fs, pkg.Version, lockDir, fm, hashes); err != nil {
			return err
		}
		lk.Packages = append(lk.Packages, lp)
	}
	return nil
}

// dependencies inverts the resolution's reasons: project -> what it requires.
func dependencies(p *plan.Plan) map[string][]string {
	deps := map[string][]string{}
	for _, pkg := range p.Resolution.Packages {
		for _, why := range pkg.Why {
			if why.By == "" {
				continue
			}
			by := wheelname.Normalize(strings.SplitN(why.By, "[", 2)[0])
			deps[by] = append(deps[by], pkg.Name)
		}
	}
	for k, v := range deps {
		deps[k] = slices.Compact(slices.Sorted(slices.Values(v)))
	}
	return deps
}

// lockArtifacts records every file of version v from fs: its sha256 and
// size from the source when announced, else from the file itself (fetched
// into the cache when remote).
func (a *app) lockArtifacts(src *sourceSet, lp *fwlock.Package, fs []source.File, v pep440.Version, lockDir string, fm source.Formats, hashes *hashcheck.Policy) error {
	seen := map[string]bool{}
	for _, f := range fs {
		// One entry per file name (a file may be both in a -f folder and on
		// an index), only the kinds --only-binary/--no-binary allow.
		if !f.Version.Equal(v) || seen[f.Filename] || !fm.Allows(f) {
			continue
		}
		seen[f.Filename] = true
		if lp.Source == (fwlock.Source{}) {
			switch {
			case !f.Local() && f.Origin != "":
				lp.Source = fwlock.Source{Index: fwlock.StripCredentials(f.Origin)}
			case f.Local():
				lp.Source = fwlock.Source{FindLinks: relOrAbs(lockDir, filepath.Dir(f.Path))}
			default:
				lp.Source = fwlock.Source{URL: fwlock.StripCredentials(f.URL)}
			}
		}
		if w, err := wheelname.ParseWheel(f.Filename); err == nil {
			lp.Name = w.Name
		} else if s, err := wheelname.ParseSdist(f.Filename); err == nil {
			lp.Name = s.Name
		}
		var art fwlock.Artifact
		if f.Local() {
			var err error
			if art, err = fileArtifact(f.Path, lockDir); err != nil {
				return err
			}
		} else {
			art = fwlock.Artifact{File: f.Filename, URL: fwlock.StripCredentials(f.URL), SHA256: f.Hashes["sha256"], Size: f.Size}
			// A wheel whose dependencies the resolution read from its PEP
			// 658 metadata file is fetched even when the index announces
			// its sha256 and size: fetching it compares the wheel's own
			// METADATA with that file, and a difference refuses the lock
			// as it refuses an install (the download is cached, so a later
			// sync costs nothing more).
			checkMeta := false
			if fe, ok := src.fetcher.(*index.Fetcher); ok {
				checkMeta = fe.ServedMetadata(f)
			}
			if checkMeta && art.SHA256 != "" && art.Size != 0 {
				if _, err := src.fetcher.Fetch(context.Background(), f); err != nil {
					return err
				}
			} else if art.SHA256 == "" || art.Size == 0 {
				path, err := src.fetcher.Fetch(context.Background(), f)
				if err != nil {
					return err
				}
				sum, err := cache.HashFile(path)
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
		art.Kind = fwlock.ArtifactWheel
		if f.Kind == source.Sdist {
			art.Kind = fwlock.ArtifactSdist
		}
		// With --hash in the requirements, only the files they name.
		if given, _ := hashes.Given(lp.Name); len(given) > 0 && !slices.ContainsFunc(given, func(g string) bool { return strings.EqualFold(g, "sha256:"+art.SHA256) }) {
			continue
		}
		lp.Artifacts = append(lp.Artifacts, art)
	}
	if given, from := hashes.Given(lp.Name); len(lp.Artifacts) == 0 && len(given) > 0 {
		return &cmdError{fmt.Sprintf("%s %s: no file matches the --hash given for it (%s)", lp.Name, lp.Version, from), "check the hashes in the requirements file against the files the sources serve"}
	}
	if len(lp.Artifacts) == 0 {
		return &cmdError{fmt.Sprintf("%s %s: no file of this version in %s", lp.Name, lp.Version, src.describe), "add the folder or index that holds it (-f DIR, -i URL)"}
	}
	return nil
}

// fileArtifact describes a local file: by a path relative to the lock's
// folder when inside it, else by its file: URL.
func fileArtifact(path, lockDir string) (fwlock.Artifact, error) {
	sum, err := cache.HashFile(path)
	if err != nil {
		return fwlock.Artifact{}, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return fwlock.Artifact{}, err
	}
	art := fwlock.Artifact{File: filepath.Base(path), SHA256: sum, Size: st.Size(), Kind: fwlock.ArtifactWheel}
	if !strings.HasSuffix(path, ".whl") {
		art.Kind = fwlock.ArtifactSdist
	}
	if rel, ok := inside(lockDir, path); ok {
		art.Path = rel
	} else {
		art.URL = site.FileURL(path)
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

// lockFromEnv records what an environment has installed.
func (a *app) lockFromEnv(c *envCtx, src *sourceSet, lk *fwlock.Lock, lockDir string, all bool) error {
	db, err := c.db()
	if err != nil {
		return err
	}
	installed := map[string]bool{}
	for _, d := range db.Dists() {
		installed[d.Key] = true
	}
	hidden := map[string]bool{"pip": !all, "setuptools": !all, "wheel": !all, "distribute": !all}
	var missing []string
	for _, d := range db.Dists() {
		if hidden[d.Key] {
			continue
		}
		lp := fwlock.Package{Name: d.Name, Version: d.Version, Requested: d.Requested}
		if d.Metadata != nil {
			for _, r := range d.Metadata.RequiresDist {
				if req, err := pep508.ParseRequirement(r); err == nil && installed[req.NormalizedName()] {
					if ok, err := req.Marker.Evaluate(c.info.MarkerEnvironment()); err == nil && ok {
						lp.Dependencies = append(lp.Dependencies, req.NormalizedName())
					}
				}
			}
		}
		if dir, ok := d.Editable(); ok {
			lp.Source = fwlock.Source{Editable: relOrAbs(lockDir, dir)}
			lk.Packages = append(lk.Packages, lp)
			continue
		}
		if du := d.DirectURL; du != nil && du.DirInfo != nil {
			if p, ok := site.FileURLPath(du.URL); ok {
				lp.Source = fwlock.Source{Directory: relOrAbs(lockDir, p)}
				lk.Packages = append(lk.Packages, lp)
				continue
			}
		}
		if du := d.DirectURL; du != nil && du.VCSInfo != nil && du.VCSInfo.VCS == "git" {
			// A git checkout: the repository at the installed commit.
			u, _, err := lockset.GitRequirement(lockset.RepoURL(du.URL), du.VCSInfo.CommitID, du.Subdirectory)
			if err != nil {
				return &cmdError{fmt.Sprintf("%s %s was installed from git, but cannot be locked: %v", d.Name, d.Version, fwlock.StripCredentials(err.Error())), "reinstall it from git+URL@COMMIT, or leave it out of the lock"}
			}
			lp.Source = fwlock.Source{VCS: u}
			lk.Packages = append(lk.Packages, lp)
			continue
		}
		v, err := pep440.Parse(d.Version)
		if err != nil {
			missing = append(missing, d.Name+" "+d.Version+" (not a PEP 440 version)")
			continue
		}
		var fs []source.File
		if du := d.DirectURL; du != nil && du.ArchiveInfo != nil {
			if p, ok := site.FileURLPath(du.URL); ok {
				if f, ok, _ := source.ParseFilename(filepath.Base(p)); ok {
					f.Path = p
					f.Origin = filepath.Dir(p)
					fs = append(fs, f)
				}
			}
		}
		if len(fs) == 0 {
			fs, err = src.src.Files(context.Background(), d.Name)
			if err != nil {
				return err
			}
		}
		if err := a.lockArtifacts(src, &lp, fs, v, lockDir, source.Formats{}, hashcheck.New(false)); err != nil {
			missing = append(missing, d.Name+" "+d.Version)
			continue
		}
		lk.Packages = append(lk.Packages, lp)
		lk.Requirements = append(lk.Requirements, d.Name+"=="+d.Version)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return &cmdError{"no file found for installed distributions: " + strings.Join(missing, ", ") + " (looked in " + src.describe + ")",
			"give the folder or index that holds their files (-f DIR, -i URL); fwenv download can fill a folder"}
	}
	return nil
}

// writePylock writes lk as a PEP 751 pylock.toml.
func writePylock(lk *fwlock.Lock, out string) error {
	if !pylock.IsPylockName(out) {
		return &cmdError{fmt.Sprintf("%s: a pylock file is named pylock.toml or pylock.NAME.toml (PEP 751)", out), "use -o pylock.toml"}
	}
	if err := pylock.FromFwlock(lk).Save(out); err != nil {
		return err
	}
	return nil
}
