package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/cachedir"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// Kind is what a build makes.
type Kind string

const (
	KindWheel    Kind = "wheel"    // build_wheel
	KindEditable Kind = "editable" // build_editable (PEP 660)
	KindSdist    Kind = "sdist"    // build_sdist
	// KindMetadata is prepare_metadata_for_build_wheel (or build_wheel and
	// the wheel's .dist-info when the backend lacks the hook).
	KindMetadata Kind = "metadata"
	// KindEditableMetadata is prepare_metadata_for_build_editable.
	KindEditableMetadata Kind = "editable-metadata"
)

// Result is one finished build.
type Result struct {
	Kind    Kind
	Project string // absolute project folder
	Backend string
	// Path is the built file in the output folder (the .dist-info folder
	// for the metadata kinds).
	Path string
	// Cached is true when Path was copied from the built-file cache and no
	// backend ran.
	Cached bool
	// Env is the build environment used ("" without isolation or when
	// cached); EnvReused says it existed before this build.
	Env       string
	EnvReused bool
	// Requirements are the wheels of the build environment, each with the
	// source that served it (Origin): the CLI says which fallback was used.
	Requirements []Resolved
	// Log is the kept log file ("" when removed after a successful build;
	// see Options.KeepLog).
	Log string
	// Legacy, when not "", says why the build took the legacy setup.py path
	// (egg_info and a staged setup.py install, packed by fwenv) instead of
	// the PEP 517/660 hooks.
	Legacy string
}

// Fallbacks lists the build requirements served by a fallback (an
// interpreter's ensurepip bundle or the system wheel folder).
func (r *Result) Fallbacks() []Resolved {
	var out []Resolved
	for _, w := range r.Requirements {
		if w.Origin != FromFindLinks {
			out = append(out, w)
		}
	}
	return out
}

// OptionsError is an Options value that cannot be used.
type OptionsError struct{ Reason string }

func (e *OptionsError) Error() string { return "build options: " + e.Reason }

// Hint is for the programmer wiring the options.
func (e *OptionsError) Hint() string {
	return "set Options.Interp, Options.CacheDir and Options.Populate (or NoIsolation)"
}

// BuildWheel builds project into a wheel in outDir (PEP 517 build_wheel).
func BuildWheel(ctx context.Context, project, outDir string, o Options) (*Result, error) {
	return run(ctx, project, outDir, KindWheel, o)
}

// BuildEditable builds project into an editable wheel in outDir (PEP 660
// build_editable). A backend without build_editable is an error: there is
// no fallback to setup.py develop.
func BuildEditable(ctx context.Context, project, outDir string, o Options) (*Result, error) {
	return run(ctx, project, outDir, KindEditable, o)
}

// BuildSdist builds project into a source distribution in outDir (PEP 517
// build_sdist).
func BuildSdist(ctx context.Context, project, outDir string, o Options) (*Result, error) {
	return run(ctx, project, outDir, KindSdist, o)
}

// PrepareMetadata writes the project's .dist-info folder into outDir
// (prepare_metadata_for_build_wheel, or _editable when editable), building
// the wheel and taking its .dist-info when the backend lacks the hook.
// Result.Path is the .dist-info folder. Metadata is not cached.
func PrepareMetadata(ctx context.Context, project, outDir string, editable bool, o Options) (*Result, error) {
	k := KindMetadata
	if editable {
		k = KindEditableMetadata
	}
	o.NoCache = true
	return run(ctx, project, outDir, k, o)
}

// BuildOptions are the choices of `fwenv build`.
type BuildOptions struct {
	Options
	// Sdist and Wheel say what to build; neither means both.
	Sdist, Wheel bool
	// OutDir is where the files go; "" means PROJECT/dist.
	OutDir string
}

// BuildResults is what Build made.
type BuildResults struct {
	Sdist *Result // nil when not asked
	Wheel *Result // nil when not asked
	// WheelFrom says what the wheel was built from: "sdist" (the unpacked
	// sdist, as python -m build does) or "source tree".
	WheelFrom string
}

// Build does what `python -m build` does: the sdist with build_sdist, then
// the wheel built from that sdist, unpacked safely (BuildWheelFromSdist), so
// the wheel holds only what the sdist ships. With only Wheel asked, the
// wheel is built from the source tree, as `python -m build --wheel` does.
// WheelFrom says which.
func Build(ctx context.Context, project string, bo BuildOptions) (*BuildResults, error) {
	if !bo.Sdist && !bo.Wheel {
		bo.Sdist, bo.Wheel = true, true
	}
	out := bo.OutDir
	if out == "" {
		out = filepath.Join(project, "dist")
	}
	res := &BuildResults{}
	if bo.Sdist {
		r, err := BuildSdist(ctx, project, out, bo.Options)
		if err != nil {
			return res, err
		}
		res.Sdist = r
	}
	if bo.Wheel {
		var r *Result
		var err error
		if res.Sdist != nil {
			r, err = BuildWheelFromSdist(ctx, res.Sdist.Path, out, bo.Options)
			res.WheelFrom = "sdist"
		} else {
			r, err = BuildWheel(ctx, project, out, bo.Options)
			res.WheelFrom = "source tree"
		}
		if err != nil {
			return res, err
		}
		res.Wheel = r
	}
	return res, nil
}

// hookFor maps a kind to its requirements hook and its build hook (whose
// first argument is the output folder, the second config_settings).
func hookFor(k Kind) (requires, hook string) {
	switch k {
	case KindEditable:
		return "get_requires_for_build_editable", "build_editable"
	case KindSdist:
		return "get_requires_for_build_sdist", "build_sdist"
	case KindMetadata:
		return "get_requires_for_build_wheel", "prepare_metadata_for_build_wheel"
	case KindEditableMetadata:
		return "get_requires_for_build_editable", "prepare_metadata_for_build_editable"
	}
	return "get_requires_for_build_wheel", "build_wheel"
}

func run(ctx context.Context, project, outDir string, kind Kind, o Options) (res *Result, err error) {
	if o.Interp == nil {
		return nil, &OptionsError{Reason: "no target interpreter"}
	}
	if o.CacheDir == "" {
		return nil, &OptionsError{Reason: "no cache folder"}
	}
	if !o.NoIsolation && o.Populate == nil {
		return nil, &OptionsError{Reason: "no Populate function for build environments"}
	}
	abs, err := filepath.Abs(project)
	if err != nil {
		return nil, &ProjectError{File: project, Reason: err.Error()}
	}
	if outDir == "" {
		return nil, &OptionsError{Reason: "no output folder"}
	}
	outDir, err = filepath.Abs(outDir)
	if err != nil {
		return nil, &OptionsError{Reason: err.Error()}
	}
	bs, err := ReadBuildSystem(abs)
	if err != nil {
		return nil, err
	}
	res = &Result{Kind: kind, Project: abs, Backend: bs.Backend}
	name := filepath.Base(abs)

	// The build environment's static requirements.
	var rs *resolver
	var static []Resolved
	if !o.NoIsolation {
		sys := o.SystemWheels
		if sys == "" {
			sys = SystemWheelDir
		} else if sys == "-" {
			sys = ""
		}
		// The find-links folders first; the fallbacks (which need every
		// interpreter discovered) only when they lack something.
		var first []Pool
		if len(o.FindLinks) > 0 {
			first = []Pool{{Origin: FromFindLinks, Dirs: o.FindLinks}}
		}
		rs = newResolver(o.Interp, first)
		rs.project = name
		rs.later = func() []Pool {
			var interps []*python.Info
			if o.Interpreters != nil {
				interps = o.Interpreters()
			}
			return Pools(o.Interp, nil, interps, sys)
		}
		if o.Provide != nil && len(bs.Requires) > 0 {
			dirs, err := o.Provide(ctx, bs.Requires)
			if err != nil {
				return nil, err
			}
			if len(dirs) > 0 {
				rs.prepend(Pool{Origin: FromFindLinks, Dirs: dirs})
			}
		}
		static, err = rs.resolve(bs.Requires, nil)
		noWheel := ""
		if err != nil && legacyBackend(bs) && wheelMissing(err) {
			// setuptools builds sdists without `wheel`, and wheels and
			// editable wheels the legacy way (legacy.go).
			static, err = rs.resolve(withoutWheel(bs.Requires), nil)
			noWheel = noWheelReason(o.Interp)
		}
		if err != nil {
			return nil, err
		}
		if legacyBackend(bs) && noWheel == "" && hookAddsWheel(kind, static) {
			// setuptools before 70.1 adds `wheel` in its
			// get_requires_for_build_wheel/editable hooks: when no
			// source has one for the target, the legacy path as above.
			if noWheel, err = hookWheelMissing(ctx, rs, static, &o); err != nil {
				return nil, err
			}
		}
		if legacyBackend(bs) {
			res.Legacy = legacyReason(kind, static, noWheel)
		}
		res.Requirements = static
		for i := range static {
			o.emit(Event{Kind: RequirementResolved, Project: abs, Wheel: &static[i]})
		}
	}

	// The built-file cache.
	var key string
	cacheable := !o.NoCache && !o.NoIsolation
	if cacheable {
		in, err := HashInputs(abs)
		if err != nil {
			return nil, err
		}
		key = builtKey(kind, &o, abs, bs, static, in.Digest)
		if res.Legacy != "" {
			sum := sha256.Sum256([]byte(key + "\nlegacy setup.py path\n"))
			key = hex.EncodeToString(sum[:])
		}
		if p, extra, ok := cachedFile(o.CacheDir, key); ok {
			cachedir.Touch(filepath.Dir(p)) // fwenv cache prune keeps what is used
			// The requirements the backend added when it ran are part of
			// what the build needs (fwenv download bundles them).
			if len(extra) > 0 && rs != nil && !satisfied(extra, static, rs.env) {
				if o.Provide != nil {
					dirs, err := o.Provide(ctx, extra)
					if err != nil {
						return nil, err
					}
					if len(dirs) > 0 {
						rs.prepend(Pool{Origin: FromFindLinks, Dirs: dirs})
					}
				}
				all, err := rs.resolve(extra, static)
				if err != nil {
					return nil, err
				}
				res.Requirements = all
			}
			dst, err := placeFile(p, outDir)
			if err != nil {
				return nil, err
			}
			res.Path, res.Cached = dst, true
			o.emit(Event{Kind: CacheHit, Project: abs, Path: dst})
			return res, nil
		}
	}

	var pyExe, envDir string
	if o.NoIsolation {
		envDir = o.Env
		if envDir != "" {
			pyExe = filepath.Join(envDir, "bin", "python")
		} else {
			pyExe = o.Interp.Executable
			if pyExe == "" {
				pyExe = o.Interp.Path
			}
		}
		if err := checkInstalled(ctx, abs, envDir, pyExe, o.Interp, noIsolationRequires(bs)); err != nil {
			return nil, err
		}
	} else {
		be, err := ensureEnv(ctx, &o, abs, static)
		if err != nil {
			return nil, err
		}
		pyExe, envDir = be.Python, be.Dir
		res.Env, res.EnvReused = be.Dir, be.Reused
	}

	log, err := openBuildLog(filepath.Join(o.CacheDir, "build-logs"), name+"-"+string(kind), o.Verbose)
	if err != nil {
		return nil, &OptionsError{Reason: "cannot write the build log: " + err.Error()}
	}
	if o.KeepLog {
		log.keep()
	}
	defer func() {
		kept := log.close()
		if res != nil {
			res.Log = kept
		}
	}()
	if err := os.MkdirAll(filepath.Join(o.CacheDir, "tmp"), 0o755); err != nil {
		return nil, &OptionsError{Reason: "cannot use the cache folder: " + err.Error()}
	}
	work, err := os.MkdirTemp(filepath.Join(o.CacheDir, "tmp"), "build-")
	if err != nil {
		return nil, &OptionsError{Reason: "cannot use the cache folder: " + err.Error()}
	}
	defer os.RemoveAll(work)
	base := o.Environ
	if base == nil {
		base = os.Environ()
	}
	hr, err := newHookRunner(pyExe, hookEnviron(base, envDir, !o.NoIsolation), abs, bs, work, log)
	if err != nil {
		return nil, &OptionsError{Reason: "cannot write the hook runner: " + err.Error()}
	}
	hr.slow = func(hook string) { o.emit(Event{Kind: HookRunning, Project: abs, Hook: hook, Backend: bs.Backend}) }
	if o.NoIsolation && legacyBackend(bs) {
		res.Legacy = probeLegacy(ctx, hr, kind)
	}
	cs := configSettings(o.ConfigSettings)
	reqHook, hook := hookFor(kind)
	args := []any{cs}
	if res.Legacy != "" {
		// The project's setup_requires, read by the runner (legacy.go).
		reqHook, args = legacyRequiresHook, nil
	}

	// Requirements the backend adds (get_requires_for_build_*).
	o.emit(Event{Kind: HookStart, Project: abs, Hook: reqHook})
	var extra []string
	if _, err := hr.call(ctx, reqHook, args, &extra); err != nil {
		return res, err
	}
	if res.Legacy != "" {
		// setup_requires, provided and installed below; not `wheel`,
		// which the legacy path does without.
		extra = withoutWheel(extra)
	}
	if o.NoIsolation {
		if err := checkInstalled(ctx, abs, envDir, pyExe, o.Interp, extra); err != nil {
			return res, err
		}
	}
	if !o.NoIsolation && len(extra) > 0 && !satisfied(extra, static, rs.env) {
		if o.Provide != nil {
			dirs, err := o.Provide(ctx, extra)
			if err != nil {
				return res, err
			}
			if len(dirs) > 0 {
				rs.prepend(Pool{Origin: FromFindLinks, Dirs: dirs})
			}
		}
		all, err := rs.resolve(extra, static)
		if err != nil {
			return res, err
		}
		for i := range all {
			if !hasProject(static, all[i].Project) {
				o.emit(Event{Kind: RequirementResolved, Project: abs, Wheel: &all[i]})
			}
		}
		be, err := ensureEnv(ctx, &o, abs, all)
		if err != nil {
			return res, err
		}
		res.Requirements, res.Env, res.EnvReused = all, be.Dir, be.Reused
		hr.python = be.Python
		hr.environ = hookEnviron(base, be.Dir, true)
	}
	if res.Legacy != "" {
		return legacyRun(ctx, hr, res, kind, work, outDir, key, cacheable, extra, &o)
	}

	// The build itself, into a private folder.
	dest := filepath.Join(work, "out")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return res, err
	}
	o.emit(Event{Kind: HookStart, Project: abs, Hook: hook})
	var built string
	_, err = hr.call(ctx, hook, []any{dest, cs}, &built)
	if err != nil {
		return res, err
	}
	if built == "" || filepath.Base(built) != built || built == "." || built == ".." {
		return res, hr.fail(hook, "bad-return", fmt.Sprintf("%s returned %q, not a file name in the output folder", hook, built))
	}
	src := filepath.Join(dest, built)
	st, err := os.Stat(src)
	if err != nil {
		return res, hr.fail(hook, "bad-return", fmt.Sprintf("%s returned %q but wrote no such file", hook, built))
	}
	switch kind {
	case KindMetadata, KindEditableMetadata:
		if !st.IsDir() || !strings.HasSuffix(built, ".dist-info") {
			return res, hr.fail(hook, "bad-return", fmt.Sprintf("%s returned %q, not a .dist-info folder", hook, built))
		}
		dst, err := placeDir(src, outDir)
		if err != nil {
			return res, err
		}
		res.Path = dst
		o.emit(Event{Kind: Built, Project: abs, Path: dst})
		return res, nil
	case KindSdist:
		if !st.Mode().IsRegular() || !strings.HasSuffix(built, ".tar.gz") {
			return res, hr.fail(hook, "bad-return", fmt.Sprintf("%s returned %q, not a .tar.gz file (PEP 517)", hook, built))
		}
	default:
		if !st.Mode().IsRegular() || !strings.HasSuffix(built, ".whl") {
			return res, hr.fail(hook, "bad-return", fmt.Sprintf("%s returned %q, not a .whl file", hook, built))
		}
	}
	if kind == KindWheel || kind == KindEditable {
		if fixed := fixWheelName(built); fixed != built {
			if err := os.Rename(src, filepath.Join(dest, fixed)); err != nil {
				return res, &OutputError{Path: src, Err: err}
			}
			src = filepath.Join(dest, fixed)
		}
	}
	return finish(res, src, outDir, key, cacheable, extra, &o)
}

// finish stores a built file in the cache (when cacheable) and places it in
// outDir.
func finish(res *Result, src, outDir, key string, cacheable bool, extra []string, o *Options) (*Result, error) {
	if cacheable {
		if p, err := storeFile(o.CacheDir, key, src, extra); err == nil {
			src = p
		}
	}
	dst, err := placeFile(src, outDir)
	if err != nil {
		return res, err
	}
	res.Path = dst
	o.emit(Event{Kind: Built, Project: res.Project, Path: dst})
	return res, nil
}

// legacyRun builds the legacy way (legacy.go): setup.py egg_info for
// metadata and editable wheels, a staged setup.py install for wheels; fwenv
// packs the results. extra is what setuptools' requirements hook named
// (setup_requires, without `wheel`), already in the build environment.
func legacyRun(ctx context.Context, hr *hookRunner, res *Result, kind Kind, work, outDir, key string, cacheable bool, extra []string, o *Options) (*Result, error) {
	dest := filepath.Join(work, "out")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return res, err
	}
	var facts legacyFacts
	hook := legacyEggInfoHook
	if kind == KindWheel {
		hook = legacyInstallHook
	}
	o.emit(Event{Kind: HookStart, Project: res.Project, Hook: hook})
	var err error
	if kind == KindWheel {
		_, err = hr.call(ctx, hook, []any{filepath.Join(work, "stage"), filepath.Join(work, "legacy")}, &facts)
	} else {
		_, err = hr.call(ctx, hook, []any{filepath.Join(work, "egg-base")}, &facts)
	}
	if err != nil {
		return res, err
	}
	var built string
	switch kind {
	case KindWheel:
		built, err = packStagedWheel(filepath.Join(work, "stage"), facts, o.Interp, dest)
	default:
		var egg string
		if egg, err = findEggInfo(filepath.Join(work, "egg-base")); err != nil {
			break
		}
		if kind == KindEditable {
			if !facts.Pure {
				o.emit(Event{Kind: HookStart, Project: res.Project, Hook: legacyExtHook})
				if _, err := hr.call(ctx, legacyExtHook, []any{filepath.Join(work, "build-temp")}, nil); err != nil {
					return res, err
				}
			}
			built, err = packEditableWheel(res.Project, egg, facts, o.Interp, dest)
			break
		}
		if built, err = writeDistInfo(egg, dest); err != nil {
			break
		}
		dst, err := placeDir(filepath.Join(dest, built), outDir)
		if err != nil {
			return res, err
		}
		res.Path = dst
		o.emit(Event{Kind: Built, Project: res.Project, Path: dst})
		return res, nil
	}
	if err != nil {
		return res, hr.fail(hook, "hook-failed", "packing what setup.py wrote: "+err.Error())
	}
	return finish(res, filepath.Join(dest, built), outDir, key, cacheable, extra, o)
}

// satisfied reports whether the wheels already chosen meet every
// requirement (markers evaluated for the target).
func satisfied(reqs []string, have []Resolved, env pep508.Environment) bool {
	for _, raw := range reqs {
		r, err := pep508.ParseRequirement(raw)
		if err != nil {
			return false
		}
		if !r.Marker.IsZero() {
			if ok, err := r.Marker.Evaluate(env); err == nil && !ok {
				continue
			}
		}
		if r.URL != "" {
			return false
		}
		found := false
		for _, h := range have {
			if h.Project == r.NormalizedName() {
				v, err := pep440.Parse(h.Version)
				found = err == nil && (r.Specifier.Len() == 0 || r.Specifier.ContainsPre(v, pep440.PreInclude))
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func hasProject(ws []Resolved, name string) bool {
	for _, w := range ws {
		if w.Project == name {
			return true
		}
	}
	return false
}

// configSettings turns repeated keys into lists, single ones into strings.
func configSettings(m map[string][]string) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if len(v) == 1 {
			out[k] = v[0]
		} else {
			out[k] = v
		}
	}
	return out
}

// builtFormat versions the built-file cache.
const builtFormat = "fwenv-built-1"

// builtKey is the cache key of a built file: what is built, for which
// interpreter, in which build environment (its static requirement set), with
// which backend and settings, from which inputs. Editable wheels point at
// the project folder, so its path is part of their key.
func builtKey(kind Kind, o *Options, abs string, bs *BuildSystem, static []Resolved, inputs string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", builtFormat, kind, interpKey(o.Interp), EnvKey(o.Interp, static))
	fmt.Fprintf(h, "backend %s %q\n", bs.Backend, bs.BackendPath)
	keys := make([]string, 0, len(o.ConfigSettings))
	for k := range o.ConfigSettings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b, _ := json.Marshal(o.ConfigSettings[k])
		fmt.Fprintf(h, "config %q %s\n", k, b)
	}
	if kind == KindEditable {
		fmt.Fprintf(h, "path %s\n", abs)
	}
	fmt.Fprintf(h, "inputs %s\n", inputs)
	return hex.EncodeToString(h.Sum(nil))
}

// requiresFile, beside a built file in the cache, lists the requirements
// the backend added (get_requires_for_build_*) when it ran.
const requiresFile = ".requires.json"

// cachedFile returns the file stored under key, if any, with the
// requirements the backend added when it was built.
func cachedFile(cacheDir, key string) (string, []string, bool) {
	dir := filepath.Join(cacheDir, "built", key[:32])
	es, err := os.ReadDir(dir)
	if err != nil {
		return "", nil, false
	}
	var file string
	var extra []string
	for _, e := range es {
		switch {
		case e.Name() == requiresFile:
			data, err := bounded.ReadRegular(filepath.Join(dir, e.Name()), bounded.Metadata)
			if err != nil || json.Unmarshal(data, &extra) != nil {
				return "", nil, false
			}
		case e.Type().IsRegular() && file == "":
			file = filepath.Join(dir, e.Name())
		default:
			return "", nil, false
		}
	}
	return file, extra, file != ""
}

// storeFile moves src into the cache under key: into a temporary folder
// first, then renamed into place; when another process stored it first,
// that copy is kept.
func storeFile(cacheDir, key, src string, extra []string) (string, error) {
	root := filepath.Join(cacheDir, "built")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(root, ".tmp-")
	if err != nil {
		return "", err
	}
	name := filepath.Base(src)
	if len(extra) > 0 {
		data, _ := json.Marshal(extra)
		if err := os.WriteFile(filepath.Join(tmp, requiresFile), data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return "", err
		}
	}
	if err := os.Rename(src, filepath.Join(tmp, name)); err != nil {
		if err := copyFile(src, filepath.Join(tmp, name)); err != nil {
			os.RemoveAll(tmp)
			return "", err
		}
	}
	final := filepath.Join(root, key[:32])
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
		if p, _, ok := cachedFile(cacheDir, key); ok {
			return p, nil
		}
		return "", err
	}
	return filepath.Join(final, name), nil
}

// OutputError is an output folder that cannot be written.
type OutputError struct {
	Path string
	Err  error
}

func (e *OutputError) Error() string { return fmt.Sprintf("writing %s: %v", e.Path, e.Err) }

// Hint tells what to check.
func (e *OutputError) Hint() string { return "check that the output folder (-o) is writable" }

func (e *OutputError) Unwrap() error { return e.Err }

// placeFile copies src into outDir (archive/atomicfile: a temporary file
// renamed into place, replacing a file of the same name), mode 0666 less
// the umask, as cp makes a file.
func placeFile(src, outDir string) (string, error) {
	if err := os.MkdirAll(outDir, 0o777); err != nil { // less the umask, as mkdir
		return "", &OutputError{Path: outDir, Err: err}
	}
	dst := filepath.Join(outDir, filepath.Base(src))
	in, err := os.Open(src)
	if err != nil {
		return "", &OutputError{Path: dst, Err: err}
	}
	defer in.Close()
	if err := atomicfile.Write(dst, in, atomicfile.Options{Perm: 0o666, Temp: ".fwenv-*.tmp"}); err != nil {
		return "", &OutputError{Path: dst, Err: err}
	}
	return dst, nil
}

// placeDir moves (or copies) a folder into outDir, replacing one of the
// same name.
func placeDir(src, outDir string) (string, error) {
	if err := os.MkdirAll(outDir, 0o777); err != nil { // less the umask, as mkdir
		return "", &OutputError{Path: outDir, Err: err}
	}
	dst := filepath.Join(outDir, filepath.Base(src))
	if err := os.RemoveAll(dst); err != nil {
		return "", &OutputError{Path: dst, Err: err}
	}
	if err := os.Rename(src, dst); err == nil {
		return dst, nil
	}
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		t := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(t, 0o777)
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		return copyFile(p, t)
	})
	if err != nil {
		return "", &OutputError{Path: dst, Err: err}
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fixWheelName drops a build tag that PEP 427 tools refuse: setuptools 64
// and later name editable wheels NAME-VERSION-0.editable-TAGS.whl, a build
// tag with a '.' that pip's own filename pattern lets through but
// packaging's (and archive/wheelname's) does not. The build tag only orders
// otherwise equal wheels, which a freshly built local wheel never meets.
func fixWheelName(name string) string {
	if _, err := wheelname.ParseWheel(name); err == nil {
		return name
	}
	parts := strings.Split(strings.TrimSuffix(name, ".whl"), "-")
	if len(parts) != 6 {
		return name
	}
	fixed := strings.Join(append(parts[:2:2], parts[3:]...), "-") + ".whl"
	if _, err := wheelname.ParseWheel(fixed); err != nil {
		return name
	}
	return fixed
}
