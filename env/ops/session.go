package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fwenv/fwenv/env/cachedir"
	"github.com/fwenv/fwenv/env/locate"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/env/venv"
)

// Session is what every operation of one command shares: where the command
// runs, the cache, the interpreter finder, the sink of its events and the
// temporary folders removed when it ends (Close).
type Session struct {
	Cwd    string
	Getenv func(string) string
	// CacheDir is the cache folder ("" for none). It is tagged as a cache
	// (cachedir.Ensure) the first time an operation uses it.
	CacheDir string
	// Version is fwenv's version, recorded in reports, locks and the HTTP
	// user agent.
	Version string
	// Events receives messages and progress; nil drops them.
	Events func(Event)
	// BuildLog, when set, receives the build backends' output as they
	// print it (--verbose).
	BuildLog io.Writer
	// Context, when set, is cancelled when the command is interrupted
	// (Ctrl-C, SIGTERM): downloads, builds and a transaction not yet
	// committed stop; Interruption then says what state the environment
	// is in.
	Context context.Context

	mu       sync.Mutex
	tagged   sync.Once
	cleanups []func()
	prober   *python.Prober
	// fetching holds each running download's bytes received and expected
	// (fetchProgress), under fetchMu.
	fetchMu  sync.Mutex
	fetching map[string][2]int64
	// changes are the environment transactions committed (interrupt.go).
	changes changeCount
}

// Close removes the session's temporary folders, last made first.
func (s *Session) Close() {
	s.mu.Lock()
	fs := s.cleanups
	s.cleanups = nil
	s.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

// OnClose runs f when the session closes.
func (s *Session) OnClose(f func()) {
	s.mu.Lock()
	s.cleanups = append(s.cleanups, f)
	s.mu.Unlock()
}

// TempDir makes a temporary folder removed when the session closes.
func (s *Session) TempDir(parent, pattern string) (string, error) {
	d, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		return "", err
	}
	s.OnClose(func() { os.RemoveAll(d) })
	return d, nil
}

func (s *Session) emit(e Event) {
	s.track(e)
	if s.Events != nil {
		s.Events(e)
	}
}

// infof, debugf and warnf send a message event.
func (s *Session) infof(format string, args ...any) {
	s.emit(Event{Level: Info, Message: fmt.Sprintf(format, args...)})
}
func (s *Session) debugf(format string, args ...any) {
	s.emit(Event{Level: Debug, Message: fmt.Sprintf(format, args...)})
}
func (s *Session) warnf(format string, args ...any) {
	s.emit(Event{Level: Warning, Message: fmt.Sprintf(format, args...)})
}

// Abs is p relative to the session's folder when not absolute.
func (s *Session) Abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(s.Cwd, p)
}

// Cache is the cache folder, tagged as a cache on first use ("" for none).
func (s *Session) Cache() string {
	if s.CacheDir != "" {
		// Once per command: a folder holding other things stays untagged,
		// and fwenv cache clean then refuses it.
		s.tagged.Do(func() { cachedir.Ensure(s.CacheDir) })
	}
	return s.CacheDir
}

// touchCache marks a cache file used, so `fwenv cache prune` keeps it (a
// stamp that cannot be written only makes prune less patient).
func touchCache(path string) { cachedir.Touch(path) }

// Prober is the session's one interpreter prober: probes are cached on
// disk, a probe that fails is not run again, and one that takes more than
// a second is announced.
func (s *Session) Prober() *python.Prober {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.prober == nil {
		s.prober = &python.Prober{CacheDir: s.Cache(), Waiting: func(path string, limit time.Duration) {
			s.infof("waiting for %s to answer the interpreter probe (fwenv gives up after %s)…", path, limit)
		}}
	}
	return s.prober
}

// Finder finds interpreters as fwenv does everywhere: pyenv, PATH, the
// usual folders.
func (s *Session) Finder() *python.Finder {
	return &python.Finder{
		Prober:    s.Prober(),
		Pyenv:     python.NewPyenv(s.Getenv, s.Cwd),
		PathDirs:  filepath.SplitList(s.Getenv("PATH")),
		ExtraDirs: python.DefaultExtraDirs(s.Getenv("HOME")),
	}
}

// FindPython finds the interpreter a request ("3.11", a path, "" for the
// default) names.
func (s *Session) FindPython(req string) (*python.Info, error) {
	r, err := python.ParseRequest(req)
	if err != nil {
		return nil, err
	}
	f := s.Finder()
	info, err := f.Find(r)
	if err == nil {
		s.debugf("interpreter: %s (found via %s; %d probe run(s))", info.Label(), info.Source, f.Prober.Ran)
	}
	return info, err
}

// Env is the environment an operation works on, with its interpreter.
type Env struct {
	Venv   *venv.Env
	Info   *python.Info
	Layout site.Layout
}

// EnvSelector is how the user chose the environment: --env, else
// $VIRTUAL_ENV, else the nearest .venv or venv.
type EnvSelector struct {
	Flag string
}

// OpenEnv selects the environment and describes its interpreter (from the
// probe cache when warm).
func (s *Session) OpenEnv(sel EnvSelector) (*Env, error) {
	env, err := s.SelectEnv(sel)
	if err != nil {
		return nil, err
	}
	info, err := s.Prober().Probe(env.Python())
	if err != nil {
		return nil, err
	}
	// An environment of Python 3.5 or 2.6 (made by another tool) is refused
	// here, before any command half-runs on it.
	if err := python.Unsupported(info, env.Dir); err != nil {
		return nil, err
	}
	return &Env{Venv: env, Info: info, Layout: site.LayoutFor(env.Dir, info)}, nil
}

// SelectUsableEnv is SelectEnv for the commands that only run things in the
// environment (activate, run): an environment whose interpreter answers the
// probe as an unsupported version (3.5, 2.6) is refused as everywhere; one
// whose interpreter cannot be probed is left to the command.
func (s *Session) SelectUsableEnv(sel EnvSelector) (*venv.Env, error) {
	env, err := s.SelectEnv(sel)
	if err != nil {
		return nil, err
	}
	if info, perr := s.Prober().Probe(env.Python()); perr == nil {
		if err := python.Unsupported(info, env.Dir); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// SelectEnv finds the environment the user chose, without probing its
// interpreter.
func (s *Session) SelectEnv(sel EnvSelector) (*venv.Env, error) {
	found, err := locate.Env(locate.OS, locate.Input{Flag: sel.Flag, VirtualEnv: s.Getenv("VIRTUAL_ENV"), Cwd: s.Cwd})
	if err != nil {
		return nil, err
	}
	s.debugf("environment: %s (%s)", found.Dir, found.By)
	return venv.Open(found.Dir)
}

// DB reads the environment's installed distributions.
func (e *Env) DB() (*site.DB, error) { return site.Open(e.Layout) }

// Dir is the environment's folder ("" for an interpreter alone).
func (e *Env) Dir() string {
	if e == nil || e.Venv == nil {
		return ""
	}
	return e.Venv.Dir
}

// Interpreter is the interpreter a command works for: -p (python) when
// given, else the selected environment's (env is then set too), else the
// default interpreter.
func (s *Session) Interpreter(python string, sel EnvSelector) (*Env, error) {
	if python != "" {
		info, err := s.FindPython(python)
		if err != nil {
			return nil, err
		}
		return &Env{Info: info}, nil
	}
	e, err := s.OpenEnv(sel)
	if err == nil {
		return e, nil
	}
	if isUnsupported(err) {
		return nil, err
	}
	info, err := s.FindPython("")
	if err != nil {
		return nil, err
	}
	return &Env{Info: info}, nil
}

// isUnsupported tells a refused interpreter (Python 3.5, 2.6) apart from
// an environment that is not there.
func isUnsupported(err error) bool {
	var u *python.UnsupportedError
	return errors.As(err, &u)
}
