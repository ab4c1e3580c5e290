package python

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Finder discovers interpreters on PATH, in pyenv's versions folder and in
// the usual system prefixes.
type Finder struct {
	Prober *Prober
	Pyenv  *Pyenv
	// PathDirs is $PATH split into folders.
	PathDirs []string
	// ExtraDirs are searched after PATH and pyenv (system prefixes, uv's
	// managed interpreters). Each may contain one '*' path element.
	ExtraDirs []string
}

// DefaultExtraDirs are the usual places interpreters live outside PATH.
func DefaultExtraDirs(home string) []string {
	dirs := []string{"/usr/local/bin", "/usr/bin", "/opt/homebrew/bin", "/opt/local/bin",
		"/Library/Frameworks/Python.framework/Versions/*/bin"}
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local/share/uv/python/*/bin"))
	}
	return dirs
}

// Candidate is an interpreter file found before probing.
type Candidate struct {
	Path   string // as found (may be a shim or symlink)
	Real   string // what it runs: shim resolved, symlinks followed
	Source string // "PATH", "pyenv", "system"
	Hint   []int  // version guessed from the file or folder name
}

var pythonNameRE = lazyRE(`^python(([23])(?:\.(\d+))?)?$`)

func nameHint(name string) []int {
	m := pythonNameRE().FindStringSubmatch(name)
	if m == nil || m[1] == "" {
		return nil
	}
	major, _ := strconv.Atoi(m[2])
	if m[3] == "" {
		return []int{major}
	}
	n, _ := strconv.Atoi(m[3])
	return []int{major, n}
}

// pythonsIn lists python, python3, python3.N, python2 and python2.7 in
// dir: python3 first, then python3.N newest first, then python, then
// python2 and python2.7.
func pythonsIn(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if pythonNameRE().MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	rank := func(n string) (int, int) {
		switch n {
		case "python3":
			return 0, 0
		case "python":
			return 2, 0
		case "python2":
			return 3, 0
		}
		h := nameHint(n)
		if h[0] == 2 {
			return 4, 0
		}
		return 1, -h[1]
	}
	sort.Slice(names, func(i, j int) bool {
		a1, a2 := rank(names[i])
		b1, b2 := rank(names[j])
		if a1 != b1 {
			return a1 < b1
		}
		return a2 < b2
	})
	return names
}

// resolve turns a found file into the executable it runs.
func (f *Finder) resolve(path string) (string, error) {
	if f.Pyenv.IsShim(path) {
		r, err := f.Pyenv.ResolveShim(path, f.PathDirs)
		if err != nil {
			return "", err
		}
		path = r
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}

// Candidates lists every interpreter file found, in search order, without
// duplicates (by the file they run).
func (f *Finder) Candidates() []Candidate {
	var out []Candidate
	seen := map[string]bool{}
	add := func(path, source string, hint []int) {
		if !isExecutable(path) {
			return
		}
		real, err := f.resolve(path)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		if h := nameHint(filepath.Base(real)); h != nil && (hint == nil || len(h) > len(hint)) {
			hint = h
		}
		out = append(out, Candidate{Path: path, Real: real, Source: source, Hint: hint})
	}
	for _, d := range f.PathDirs {
		if d == "" {
			continue
		}
		for _, n := range pythonsIn(d) {
			add(filepath.Join(d, n), "PATH", nameHint(n))
		}
	}
	if f.Pyenv != nil {
		for _, v := range f.Pyenv.Installed() {
			bin := filepath.Join(f.Pyenv.Root, "versions", v, "bin")
			hint := numericKey(v)
			for _, n := range []string{"python3", "python"} {
				add(filepath.Join(bin, n), "pyenv", hint)
			}
		}
	}
	for _, pattern := range f.ExtraDirs {
		dirs := []string{pattern}
		if strings.Contains(pattern, "*") {
			dirs, _ = filepath.Glob(pattern)
		}
		for _, d := range dirs {
			for _, n := range pythonsIn(d) {
				add(filepath.Join(d, n), "system", nameHint(n))
			}
		}
	}
	return out
}

// Found is a probed candidate.
type Found struct {
	Candidate
	Info *Info
	Err  error
}

// List probes every candidate.
func (f *Finder) List() []Found {
	var out []Found
	for _, c := range f.Candidates() {
		info, err := f.Prober.Probe(c.Real)
		if info != nil {
			info.Source = c.Source
		}
		out = append(out, Found{Candidate: c, Info: info, Err: err})
	}
	return out
}

// NotFoundError says no interpreter fits a request; it lists what was seen.
type NotFoundError struct {
	Request string
	Reason  string
	Seen    []string
}

func (e *NotFoundError) Error() string {
	msg := "no Python interpreter matches " + e.Request
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if len(e.Seen) > 0 {
		msg += "\nfound:\n  " + strings.Join(e.Seen, "\n  ")
	} else {
		msg += "\nfound no interpreters on PATH, in pyenv or in the system folders"
	}
	return msg
}

func (e *NotFoundError) Hint() string {
	return fmt.Sprintf("install it (for example `pyenv install`), or choose another with -p; fwenv supports %s", SupportedVersions)
}

// UnsupportedError is an interpreter that exists and answers the probe but
// that fwenv cannot work with (Python 3.5, 2.6, or one without an install
// scheme). Env is set when it is the interpreter of an existing environment.
type UnsupportedError struct {
	Info *Info
	Why  string
	Env  string
}

// Unsupported returns an *UnsupportedError for info, or nil when fwenv
// supports it. env names the environment it belongs to, if any.
func Unsupported(info *Info, env string) error {
	if ok, why := info.Supported(); !ok {
		return &UnsupportedError{Info: info, Why: why, Env: env}
	}
	return nil
}

func (e *UnsupportedError) Error() string {
	if e.Env != "" {
		return fmt.Sprintf("the environment %s uses %s: %s", e.Env, e.Info.Path, e.Why)
	}
	return fmt.Sprintf("cannot use the interpreter %s: %s", e.Info.Path, e.Why)
}

func (e *UnsupportedError) Hint() string {
	if e.Env != "" {
		return fmt.Sprintf("fwenv works only with environments of %s; make a new one with a supported interpreter (`fwenv create -p 3.11 DIR`; `fwenv python list` shows the ones installed)", SupportedVersions)
	}
	return fmt.Sprintf("the interpreter is installed but fwenv cannot use it; choose one of %s with -p (`fwenv python list` shows the ones installed and which are supported)", SupportedVersions)
}

// Find returns the interpreter a request names.
func (f *Finder) Find(req Request) (*Info, error) {
	switch req.Kind {
	case PathRequest:
		return f.findPath(req)
	case CommandRequest:
		return f.findCommand(req)
	case AnyPython:
		return f.findDefault(req)
	}
	return f.findVersion(req)
}

func (f *Finder) supported(info *Info, req string) (*Info, error) {
	if err := Unsupported(info, ""); err != nil {
		return nil, err
	}
	return info, nil
}

func (f *Finder) findPath(req Request) (*Info, error) {
	p := req.Raw
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		for _, n := range []string{"bin/python3", "bin/python"} {
			if isExecutable(filepath.Join(p, n)) {
				p = filepath.Join(p, n)
				break
			}
		}
	}
	if _, err := os.Stat(p); err != nil {
		return nil, &NotFoundError{Request: fmt.Sprintf("%q", req.Raw), Reason: "no such file", Seen: f.seen()}
	}
	real, err := f.resolve(p)
	if err != nil {
		return nil, err
	}
	info, err := f.Prober.Probe(real)
	if err != nil {
		return nil, err
	}
	info.Source = "path"
	return f.supported(info, fmt.Sprintf("%q", req.Raw))
}

func (f *Finder) lookPath(name string) string {
	for _, d := range f.PathDirs {
		if d == "" {
			continue
		}
		c := filepath.Join(d, name)
		if isExecutable(c) {
			return c
		}
	}
	return ""
}

func (f *Finder) findCommand(req Request) (*Info, error) {
	p := f.lookPath(req.Raw)
	if p != "" {
		real, err := f.resolve(p)
		if err == nil {
			info, err := f.Prober.Probe(real)
			if err != nil {
				return nil, err
			}
			info.Source = "PATH"
			return f.supported(info, fmt.Sprintf("%q", req.Raw))
		}
		if _, isShim := err.(*ShimError); !isShim {
			return nil, err
		}
	}
	if vr, ok := req.versionFallback(); ok {
		return f.findVersion(vr)
	}
	return nil, &NotFoundError{Request: fmt.Sprintf("%q", req.Raw), Reason: "no such command on PATH", Seen: f.seen()}
}

func (f *Finder) findDefault(req Request) (*Info, error) {
	var firstErr error
	for _, name := range []string{"python3", "python"} {
		p := f.lookPath(name)
		if p == "" {
			continue
		}
		real, err := f.resolve(p)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		info, err := f.Prober.Probe(real)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if ok, _ := info.Supported(); ok {
			info.Source = "PATH"
			return info, nil
		}
	}
	// Nothing usable under the plain names: any supported interpreter, newest first.
	best := f.bestOf(f.List(), req)
	if best != nil {
		return best, nil
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return nil, &NotFoundError{Request: "python3 on PATH", Seen: f.seen()}
}

func (f *Finder) bestOf(found []Found, req Request) *Info {
	var best *Info
	for _, fd := range found {
		if fd.Info == nil || !req.Matches(fd.Info) {
			continue
		}
		if ok, _ := fd.Info.Supported(); !ok {
			continue
		}
		if best == nil || lessInts(best.VersionInfo, fd.Info.VersionInfo) {
			best = fd.Info
		}
	}
	return best
}

func (f *Finder) findVersion(req Request) (*Info, error) {
	var unusable *Info
	for _, c := range f.Candidates() {
		if !req.mayMatch(c.Hint) {
			continue
		}
		info, err := f.Prober.Probe(c.Real)
		if err != nil || !req.Matches(info) {
			continue
		}
		info.Source = c.Source
		if ok, _ := info.Supported(); ok {
			return info, nil
		}
		if unusable == nil {
			unusable = info
		}
	}
	if unusable != nil {
		return f.supported(unusable, req.Raw)
	}
	return nil, &NotFoundError{Request: req.Raw, Seen: f.seen()}
}

// seen labels every interpreter found, for error messages.
func (f *Finder) seen() []string {
	var out []string
	for _, fd := range f.List() {
		if fd.Info != nil {
			label := fd.Info.Label()
			if ok, why := fd.Info.Supported(); !ok {
				label += " — " + why
			}
			out = append(out, label)
		} else {
			out = append(out, fmt.Sprintf("%s (cannot probe)", fd.Real))
		}
	}
	return out
}
