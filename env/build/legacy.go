package build

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// The legacy path builds setuptools projects whose build environment cannot
// make wheels the PEP 517 way: no `wheel` package suits the target (Python
// 2.7 and 3.6 offline), or, for editable installs, setuptools older than 64
// (no build_editable, PEP 660). The hook runner runs `setup.py egg_info` and
// a staged `setup.py install --single-version-externally-managed --root
// STAGE` (which needs no `wheel`); the functions here pack what they wrote
// into a wheel, as bdist_wheel would have, which then goes through the
// install engine, the built-file cache and bundles like any other.

// Hooks of the runner's own for the legacy path (runner.py).
const (
	legacyRequiresHook = "fwenv_legacy_requires"
	legacyEggInfoHook  = "fwenv_legacy_egg_info"
	legacyInstallHook  = "fwenv_legacy_install"
	legacyProbeHook    = "fwenv_legacy_probe"
	legacyExtHook      = "fwenv_legacy_build_ext"
)

// legacyFacts is what the runner reports of the project's distribution.
type legacyFacts struct {
	// PackageDir is package_dir[""]: the folder, relative to the project,
	// that holds the top-level packages ("" for the project itself).
	PackageDir string   `json:"package_dir"`
	Pure       bool     `json:"pure"`      // no extension modules or C libraries
	Universal  bool     `json:"universal"` // [bdist_wheel] universal = 1
	Scripts    []string `json:"scripts"`   // setup(scripts=...) as written
}

// legacyBackend reports whether the project builds with setuptools' own
// backend (explicit or the default), the only one the legacy path stands in
// for.
func legacyBackend(bs *BuildSystem) bool {
	if len(bs.BackendPath) > 0 {
		return false
	}
	return bs.Backend == LegacyBackend || bs.Backend == "setuptools.build_meta"
}

// wheelMissing reports whether err is the build requirement `wheel` that no
// source can serve.
func wheelMissing(err error) bool {
	re, ok := err.(*RequirementError)
	if !ok {
		return false
	}
	r, perr := pep508.ParseRequirement(re.Requirement)
	return perr == nil && r.NormalizedName() == "wheel"
}

// withoutWheel drops the `wheel` requirements.
func withoutWheel(reqs []string) []string {
	var out []string
	for _, raw := range reqs {
		if r, err := pep508.ParseRequirement(raw); err == nil && r.NormalizedName() == "wheel" {
			continue
		}
		out = append(out, raw)
	}
	return out
}

// pep660Setuptools is the first setuptools with build_editable.
var pep660Setuptools = pep440.MustParse("64")

// LegacyNote is the line that says a build took the legacy path, and why;
// "" when it did not.
func (r *Result) LegacyNote() string {
	if r.Legacy == "" {
		return ""
	}
	switch r.Kind {
	case KindEditable, KindEditableMetadata:
		return fmt.Sprintf("legacy build: %s; fwenv runs setup.py egg_info and makes the editable wheel itself (a .pth file naming the project's package folder)", r.Legacy)
	case KindMetadata:
		return fmt.Sprintf("legacy build: %s; fwenv reads the metadata from setup.py egg_info", r.Legacy)
	}
	return fmt.Sprintf("legacy build: %s; fwenv runs setup.py egg_info and setup.py install and packs the wheel itself", r.Legacy)
}

// legacyReason says why a build of kind must take the legacy path, or ""
// when the PEP 517/660 hooks can do it. noWheel, when not "", says why the
// build environment has no `wheel`.
func legacyReason(kind Kind, static []Resolved, noWheel string) string {
	if kind == KindSdist {
		return ""
	}
	var setuptools *pep440.Version
	for _, w := range static {
		if v, err := pep440.Parse(w.Version); err == nil && w.Project == "setuptools" {
			setuptools = &v
		}
	}
	if setuptools == nil {
		return ""
	}
	if noWheel != "" && setuptools.Compare(bdistWheelSetuptools) < 0 {
		return noWheel + ", so setuptools cannot build wheels"
	}
	if (kind == KindEditable || kind == KindEditableMetadata) && setuptools.Compare(pep660Setuptools) < 0 {
		return fmt.Sprintf("setuptools %s has no PEP 660 editable hook (setuptools 64 and later have)", setuptools)
	}
	return ""
}

// bdistWheelSetuptools is the first setuptools with bdist_wheel of its own
// (no `wheel` package needed).
var bdistWheelSetuptools = pep440.MustParse("70.1")

// hookAddsWheel reports whether setuptools' get_requires_for_build_wheel
// (or _editable) will ask for `wheel` that the static requirements lack:
// every build but an sdist, with a setuptools older than 70.1.
func hookAddsWheel(kind Kind, static []Resolved) bool {
	if kind == KindSdist || hasProject(static, "wheel") {
		return false
	}
	for _, w := range static {
		if v, err := pep440.Parse(w.Version); err == nil && w.Project == "setuptools" {
			return v.Compare(bdistWheelSetuptools) < 0
		}
	}
	return false
}

// hookWheelMissing looks for the `wheel` the backend will add, before it
// runs (so that the built-file cache key knows the path taken): "" when a
// source has one for the target, else why not, as legacyReason takes it.
// Other failures are left for the hook's own requirements to report.
func hookWheelMissing(ctx context.Context, rs *resolver, static []Resolved, o *Options) (string, error) {
	if o.Provide != nil {
		dirs, err := o.Provide(ctx, []string{"wheel"})
		if err != nil {
			return "", err
		}
		if len(dirs) > 0 {
			rs.prepend(Pool{Origin: FromFindLinks, Dirs: dirs})
		}
	}
	if _, err := rs.resolve([]string{"wheel"}, static); err != nil && wheelMissing(err) {
		return noWheelReason(o.Interp), nil
	}
	return "", nil
}

// noWheelReason is the legacy path's reason when no source has `wheel`.
func noWheelReason(target *python.Info) string {
	return fmt.Sprintf("no `wheel` package suits Python %s", target.Version())
}

// probeLegacy asks the target environment (builds without isolation) what
// its setuptools can do, and returns why the build must take the legacy
// path, or "".
func probeLegacy(ctx context.Context, hr *hookRunner, kind Kind) string {
	if kind == KindSdist {
		return ""
	}
	var got struct {
		Setuptools string `json:"setuptools"`
		Wheel      bool   `json:"wheel"`
	}
	if _, err := hr.call(ctx, legacyProbeHook, nil, &got); err != nil || got.Setuptools == "" {
		return "" // the PEP 517 hooks say what is wrong
	}
	v, err := pep440.Parse(got.Setuptools)
	if err != nil {
		return ""
	}
	noWheel := ""
	if !got.Wheel {
		noWheel = "the environment has no `wheel` package (--no-build-isolation)"
	}
	return legacyReason(kind, []Resolved{{Project: "setuptools", Version: v.String()}}, noWheel)
}

// HookLabel names a hook in messages: the legacy path's own hooks by the
// setup.py command they run.
func HookLabel(hook string) string {
	switch hook {
	case legacyInstallHook:
		return "setup.py install (legacy path)"
	case legacyRequiresHook:
		return "setup.py --name (legacy path, reading setup_requires)"
	case legacyEggInfoHook:
		return "setup.py egg_info (legacy path)"
	case legacyExtHook:
		return "setup.py build_ext --inplace (legacy path)"
	}
	return hook
}

// legacyHint is the hint of a failed legacy-path step, or "".
func legacyHint(e *HookError) string {
	if e.Hook != legacyInstallHook && e.Hook != legacyEggInfoHook && e.Hook != legacyExtHook && e.Hook != legacyRequiresHook {
		return ""
	}
	h := "the error comes from the project's own setup.py, which fwenv ran directly (the legacy path for setuptools without `wheel` or PEP 660, see docs/build.md)"
	if e.Log != "" {
		h += "; read the lines above or the full log " + e.Log
	}
	return h
}

// zipTime is the time of every member of a wheel fwenv packs, so that the
// same staged tree gives the same wheel.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// wheelWriter writes a wheel's members and, at the end, its RECORD.
type wheelWriter struct {
	zw      *zip.Writer
	entries []record.Entry
	names   map[string]bool
}

func (w *wheelWriter) add(name string, data []byte, mode fs.FileMode) error {
	if w.names[name] {
		return fmt.Errorf("%s is packed twice", name)
	}
	w.names[name] = true
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime}
	perm := fs.FileMode(0o644)
	if mode&0o111 != 0 {
		perm = 0o755
	}
	h.SetMode(perm)
	f, err := w.zw.CreateHeader(h)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	w.entries = append(w.entries, record.Entry{Path: name, Hash: record.Sum(data), Size: int64(len(data))})
	return nil
}

// writeWheel packs files (wheel path -> content) into outDir/filename, the
// .dist-info files last and RECORD at the very end, as PEP 427 asks.
func writeWheel(outDir, filename, distInfo string, files map[string]packed) (string, error) {
	dst := filepath.Join(outDir, filename)
	f, err := os.Create(dst)
	if err != nil {
		return "", err
	}
	w := &wheelWriter{zw: zip.NewWriter(f), names: map[string]bool{}}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	prefix := distInfo + "/"
	sort.Slice(names, func(i, j int) bool {
		a, b := strings.HasPrefix(names[i], prefix), strings.HasPrefix(names[j], prefix)
		if a != b {
			return b
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		if err := w.add(n, files[n].data, files[n].mode); err != nil {
			f.Close()
			return "", err
		}
	}
	rec := prefix + "RECORD"
	var buf bytes.Buffer
	if err := record.Write(&buf, append(w.entries, record.Entry{Path: rec, Size: -1})); err != nil {
		f.Close()
		return "", err
	}
	if err := w.add(rec, buf.Bytes(), 0o644); err != nil {
		f.Close()
		return "", err
	}
	if err := w.zw.Close(); err != nil {
		f.Close()
		return "", err
	}
	return dst, f.Close()
}

// packed is one member of a wheel being packed.
type packed struct {
	data []byte
	mode fs.FileMode
}

// distInfoFromEggInfo turns an .egg-info folder into the files of a
// .dist-info folder (names relative to it): METADATA from PKG-INFO with
// Requires-Dist and Provides-Extra from requires.txt, WHEEL, and the other
// files copied (entry_points.txt, top_level.txt, …) except those a
// .dist-info does not carry, as bdist_wheel converts them. It returns the
// project's name and version too.
func distInfoFromEggInfo(eggInfo string, wheelFile []byte) (map[string][]byte, string, string, error) {
	pkgInfo, err := bounded.ReadRegular(filepath.Join(eggInfo, "PKG-INFO"), bounded.Metadata)
	if err != nil {
		return nil, "", "", fmt.Errorf("reading the egg-info's PKG-INFO: %w", err)
	}
	var requires []byte
	if data, err := bounded.ReadRegular(filepath.Join(eggInfo, "requires.txt"), bounded.Metadata); err == nil {
		requires = data
	} else if !os.IsNotExist(err) {
		return nil, "", "", fmt.Errorf("reading the egg-info's requires.txt: %w", err)
	}
	md, err := metadataFromPkgInfo(pkgInfo, requires)
	if err != nil {
		return nil, "", "", err
	}
	parsed, err := metadata.Parse(md)
	if err != nil {
		return nil, "", "", fmt.Errorf("the METADATA made from PKG-INFO: %w", err)
	}
	out := map[string][]byte{"METADATA": md}
	if wheelFile != nil {
		out["WHEEL"] = wheelFile
	}
	ents, err := os.ReadDir(eggInfo)
	if err != nil {
		return nil, "", "", err
	}
	for _, e := range ents {
		switch e.Name() {
		case "PKG-INFO", "requires.txt", "SOURCES.txt", "not-zip-safe", "zip-safe", "installed-files.txt":
			continue
		}
		if !e.Type().IsRegular() {
			continue
		}
		data, err := bounded.ReadRegular(filepath.Join(eggInfo, e.Name()), bounded.Metadata)
		if err != nil {
			return nil, "", "", err
		}
		out[e.Name()] = data
	}
	return out, parsed.Name, parsed.Version, nil
}

// metadataFromPkgInfo is PKG-INFO with the requirements of requires.txt as
// Requires-Dist and Provides-Extra fields (replacing any it had), and
// Metadata-Version raised to 2.1 when it was older.
func metadataFromPkgInfo(pkgInfo, requires []byte) ([]byte, error) {
	h, body := metadata.ParseHeaders(pkgInfo)
	if _, ok := h.Get("Name"); !ok {
		return nil, fmt.Errorf("PKG-INFO has no Name")
	}
	dists, extras, err := requiresDist(requires)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, f := range h {
		switch strings.ToLower(f.Name) {
		case "requires-dist", "provides-extra":
			continue
		case "metadata-version":
			if maj, min, _, err := metadata.ParseVersion(f.Value); err == nil && (maj < 2 || maj == 2 && min < 1) {
				f.Value = "2.1"
			}
		}
		fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
	}
	for _, e := range extras {
		fmt.Fprintf(&b, "Provides-Extra: %s\n", e)
	}
	for _, d := range dists {
		fmt.Fprintf(&b, "Requires-Dist: %s\n", d)
	}
	if strings.TrimSpace(body) != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	return []byte(b.String()), nil
}

// requiresDist reads an egg-info requires.txt: requirements, then sections
// "[extra]", "[:marker]" and "[extra:marker]", each line one requirement.
// It returns them as Requires-Dist values (the section's marker and
// `extra == "…"` joined to the requirement's own) and the extras in order.
func requiresDist(data []byte) ([]string, []string, error) {
	var dists, extras []string
	seen := map[string]bool{}
	extra, marker := "", ""
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, nil, fmt.Errorf("requires.txt line %d: %q is not a section", i+1, line)
			}
			extra, marker, _ = strings.Cut(strings.TrimSpace(line[1:len(line)-1]), ":")
			extra, marker = strings.TrimSpace(extra), strings.TrimSpace(marker)
			if extra != "" && !seen[extra] {
				seen[extra] = true
				extras = append(extras, extra)
			}
			continue
		}
		req, own, _ := strings.Cut(line, ";")
		var conds []string
		for _, m := range []string{strings.TrimSpace(own), marker} {
			if m != "" {
				conds = append(conds, m)
			}
		}
		if extra != "" {
			conds = append(conds, fmt.Sprintf("extra == %q", extra))
		}
		out := strings.TrimSpace(req)
		if len(conds) == 1 {
			out += " ; " + conds[0]
		} else if len(conds) > 1 {
			for k, c := range conds {
				conds[k] = "(" + c + ")"
			}
			out += " ; " + strings.Join(conds, " and ")
		}
		if _, err := pep508.ParseRequirement(out); err != nil {
			return nil, nil, fmt.Errorf("requires.txt line %d: %q: %v", i+1, line, err)
		}
		dists = append(dists, out)
	}
	return dists, extras, nil
}

// legacyTag is the tag bdist_wheel would give: py2.py3 for a universal pure
// project, pyX for a pure one, else the interpreter's own
// cpXY-ABI-platform (the plain platform, as bdist_wheel writes it).
func legacyTag(f legacyFacts, target *python.Info) string {
	t := target.TagTarget()
	if f.Pure {
		if f.Universal {
			return "py2.py3-none-any"
		}
		return fmt.Sprintf("py%d-none-any", t.Major)
	}
	best := t.Best()
	plat := strings.NewReplacer("-", "_", ".", "_").Replace(t.Platform)
	tag := tags.Tag{Interpreter: best.Interpreter, ABI: best.ABI, Platform: plat}
	if _, ok := tags.Supported([]tags.Tag{tag}, t.Tags()); ok {
		return tag.String()
	}
	return best.String()
}

func wheelFile(rootIsPurelib bool, tag string) []byte {
	var b strings.Builder
	b.WriteString("Wheel-Version: 1.0\nGenerator: fwenv (legacy setup.py path)\n")
	fmt.Fprintf(&b, "Root-Is-Purelib: %t\n", rootIsPurelib)
	for _, t := range expandTag(tag) {
		fmt.Fprintf(&b, "Tag: %s\n", t)
	}
	return []byte(b.String())
}

// expandTag turns a compressed tag set ("py2.py3-none-any") into its tags.
func expandTag(tag string) []string {
	ts, err := tags.Parse(tag)
	if err != nil {
		return []string{tag}
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.String()
	}
	return out
}

// unsafeNameRun is what bdist_wheel replaces in a name: runs of anything
// but letters, digits and dots.
var unsafeNameRun = regexp.MustCompile(`[^A-Za-z0-9.]+`)

// wheelFilename is NAME-VERSION-TAG.whl and NAME-VERSION.dist-info with the
// name escaped as bdist_wheel of the setuptools era does (case and dots
// kept, other runs made '_'; a valid PEP 427 name): the pkg_resources of
// Python 2.7 and 3.6 takes the project's name from the .dist-info folder's
// name, so pip 18 and 19 list "framework.typeA.plugin1" as written.
func wheelFilename(name, version, tag string) (string, string) {
	esc := unsafeNameRun.ReplaceAllString(name, "_") + "-" + strings.ReplaceAll(version, "-", "_")
	return esc + "-" + tag + ".whl", esc + ".dist-info"
}

// scriptNames are the console and GUI script names of an entry_points.txt:
// the launchers fwenv's installer writes itself.
func scriptNames(data []byte) (map[string]bool, error) {
	out := map[string]bool{}
	if data == nil {
		return out, nil
	}
	eps, err := entrypoints.Parse(data)
	if err != nil {
		return nil, err
	}
	for _, ep := range entrypoints.Scripts(eps) {
		out[ep.Name] = true
	}
	return out, nil
}

// packStagedWheel packs the tree a staged `setup.py install` wrote (see
// runner.py's legacy_install: STAGE/purelib or STAGE/platlib, scripts,
// data, headers) into a wheel in outDir and returns its file name. The
// .egg-info folder becomes the .dist-info; the launchers setup.py wrote for
// console_scripts and gui_scripts are left out (the installer writes its
// own from entry_points.txt); other scripts go to .data/scripts.
func packStagedWheel(stage string, f legacyFacts, target *python.Info, outDir string) (string, error) {
	// distutils puts everything into platlib when there are extension
	// modules, else into purelib; a project with C libraries only is not
	// pure either, wherever its files went.
	libDir := "purelib"
	if !nonEmpty(filepath.Join(stage, "purelib")) && nonEmpty(filepath.Join(stage, "platlib")) {
		libDir = "platlib"
	}
	pure := libDir == "purelib"
	f.Pure = f.Pure && pure
	lib := filepath.Join(stage, libDir)
	ents, err := os.ReadDir(lib)
	if err != nil {
		return "", fmt.Errorf("setup.py install wrote no %s folder: %w", libDir, err)
	}
	var eggInfo string
	for _, e := range ents {
		if e.IsDir() && strings.HasSuffix(e.Name(), ".egg-info") {
			if eggInfo != "" {
				return "", fmt.Errorf("setup.py install wrote two .egg-info folders (%s, %s)", eggInfo, e.Name())
			}
			eggInfo = e.Name()
		}
	}
	if eggInfo == "" {
		return "", fmt.Errorf("setup.py install wrote no .egg-info folder")
	}
	tag := legacyTag(f, target)
	info, name, version, err := distInfoFromEggInfo(filepath.Join(lib, eggInfo), wheelFile(pure, tag))
	if err != nil {
		return "", err
	}
	filename, distInfo := wheelFilename(name, version, tag)
	dataDir := strings.TrimSuffix(distInfo, ".dist-info") + ".data"
	launchers, err := scriptNames(info["entry_points.txt"])
	if err != nil {
		return "", fmt.Errorf("the egg-info's entry_points.txt: %w", err)
	}
	files := map[string]packed{}
	for n, data := range info {
		files[distInfo+"/"+n] = packed{data: data, mode: 0o644}
	}
	other := "platlib"
	if !pure {
		other = "purelib"
	}
	roots := []struct{ dir, prefix string }{
		{libDir, ""},
		{other, dataDir + "/" + other + "/"},
		{"scripts", dataDir + "/scripts/"},
		{"data", dataDir + "/data/"},
		{"headers", dataDir + "/headers/"},
	}
	// data_files with absolute folders land outside these under the root
	// (STAGE/etc/…): they go with the data, relative to the environment,
	// as bdist_wheel places them.
	if tops, err := os.ReadDir(stage); err == nil {
		for _, e := range tops {
			switch e.Name() {
			case "purelib", "platlib", "scripts", "data", "headers":
				continue
			}
			roots = append(roots, struct{ dir, prefix string }{e.Name(), dataDir + "/data/" + e.Name() + "/"})
		}
	}
	for _, r := range roots {
		top := filepath.Join(stage, r.dir)
		err := filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == top {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(top, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if r.dir == libDir && rel == eggInfo || d.Name() == "__pycache__" {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return fmt.Errorf("setup.py install wrote %s, which is not a regular file", p)
			}
			member := r.prefix + rel
			if rel == "." {
				// A file at the stage's top (data_files for "/"): the
				// root is the file itself.
				member, rel = strings.TrimSuffix(r.prefix, "/"), d.Name()
			}
			if r.dir == "scripts" && launchers[rel] {
				return nil
			}
			if strings.HasSuffix(rel, ".pyc") || strings.HasSuffix(rel, ".pyo") {
				return nil
			}
			st, err := d.Info()
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[member] = packed{data: data, mode: st.Mode()}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	if _, err := writeWheel(outDir, filename, distInfo, files); err != nil {
		return "", err
	}
	return filename, nil
}

func nonEmpty(dir string) bool {
	ents, err := os.ReadDir(dir)
	return err == nil && len(ents) > 0
}

// pythonShebang is the first line of a Python script that build_scripts
// rewrites (and so does fwenv for editable wheels): #!python in a wheel.
var pythonShebang = regexp.MustCompile(`^#!.*python[0-9.]*([ \t].*)?$`)

// packEditableWheel makes an editable wheel from the project's egg-info: its
// .dist-info, a .pth file naming the folder that holds the project's
// packages (package_dir[""], "src" in a src layout) and the setup(scripts=)
// files as .data/scripts. The installer writes direct_url.json (PEP 610,
// editable) as for any editable install.
func packEditableWheel(project, eggInfo string, f legacyFacts, target *python.Info, outDir string) (string, error) {
	root := project
	if f.PackageDir != "" {
		r, err := insideProject(project, filepath.FromSlash(f.PackageDir))
		if err != nil {
			return "", fmt.Errorf("package_dir %q %v", f.PackageDir, err)
		}
		root = r
	}
	// Built code (extension modules built in place) ties the wheel to the
	// interpreter; otherwise it is as pure as the sources.
	tag := legacyTag(f, target)
	info, name, version, err := distInfoFromEggInfo(eggInfo, wheelFile(true, tag))
	if err != nil {
		return "", err
	}
	filename, distInfo := wheelFilename(name, version, tag)
	files := map[string]packed{}
	for n, data := range info {
		files[distInfo+"/"+n] = packed{data: data, mode: 0o644}
	}
	files["__editable__."+strings.TrimSuffix(distInfo, ".dist-info")+".pth"] = packed{data: []byte(root + "\n"), mode: 0o644}
	launchers, err := scriptNames(info["entry_points.txt"])
	if err != nil {
		return "", fmt.Errorf("the egg-info's entry_points.txt: %w", err)
	}
	dataDir := strings.TrimSuffix(distInfo, ".dist-info") + ".data"
	for _, s := range f.Scripts {
		p, err := insideProject(project, filepath.FromSlash(s))
		if err != nil {
			return "", fmt.Errorf("script %q %v", s, err)
		}
		base := path.Base(filepath.ToSlash(s))
		if launchers[base] {
			continue
		}
		data, err := bounded.ReadRegular(p, bounded.Settings)
		if err != nil {
			return "", fmt.Errorf("script %s: %w", s, err)
		}
		first, rest, _ := bytes.Cut(data, []byte("\n"))
		if m := pythonShebang.FindSubmatch(bytes.TrimRight(first, "\r")); m != nil {
			data = append([]byte("#!python"+string(m[1])+"\n"), rest...)
		}
		files[dataDir+"/scripts/"+base] = packed{data: data, mode: 0o755}
	}
	if _, err := writeWheel(outDir, filename, distInfo, files); err != nil {
		return "", err
	}
	return filename, nil
}

// writeDistInfo makes NAME-VERSION.dist-info in outDir from an egg-info
// (the metadata kinds of the legacy path) and returns its name.
func writeDistInfo(eggInfo string, outDir string) (string, error) {
	info, name, version, err := distInfoFromEggInfo(eggInfo, nil)
	if err != nil {
		return "", err
	}
	_, distInfo := wheelFilename(name, version, "py3-none-any")
	dir := filepath.Join(outDir, distInfo)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for n, data := range info {
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			return "", err
		}
	}
	return distInfo, nil
}

// findEggInfo returns the one .egg-info folder egg_info wrote into dir.
func findEggInfo(dir string) (string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var found []string
	for _, e := range ents {
		if e.IsDir() && strings.HasSuffix(e.Name(), ".egg-info") {
			found = append(found, e.Name())
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("setup.py egg_info wrote %d .egg-info folders into %s", len(found), dir)
	}
	return filepath.Join(dir, found[0]), nil
}
