package python

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/proc"
	"github.com/fwenv/fwenv/env/rawio"
)

//go:embed probe.py
var probeScript string

// probeID changes whenever the probe script changes, so stale cache entries
// are ignored.
var probeID = sync.OnceValue(func() string {
	s := sha256.Sum256([]byte(probeScript))
	return hex.EncodeToString(s[:8])
})

// ProbeTimeout bounds one probe run. A real interpreter answers in tens of
// milliseconds; the bound is for wrappers that never do. The interpreter
// runs in a process group of its own, and the whole group is killed when
// the time is up (env/proc).
var ProbeTimeout = 30 * time.Second

// MaxProbeOutput caps what a probed program may print, stdout and stderr
// together. CPython 2.7 and 3.6 to 3.13 answer with about 1.4 KB, so a
// program that passes the cap is not answering the probe.
const MaxProbeOutput = bounded.ProcessOutput

// Prober runs the probe and keeps its cache.
type Prober struct {
	// CacheDir holds probe results (CacheDir/interpreters/*.json). Empty
	// disables the cache.
	CacheDir string
	// Ran counts real probe runs (for tests and -v output).
	Ran int
	// Waiting, when set, is called once for a probe still running after a
	// second, with the interpreter and the time the probe is given.
	Waiting func(path string, limit time.Duration)

	// failed remembers the interpreters that could not be probed, so that
	// one command does not wait for the same broken one twice.
	mu     sync.Mutex
	failed map[string]error
}

// ProbeError says why an interpreter could not be probed.
type ProbeError struct {
	Path   string
	Err    error
	Stderr string
}

func (e *ProbeError) Error() string {
	msg := fmt.Sprintf("cannot probe the interpreter %s: %v", e.Path, e.Err)
	if errors.Is(e.Err, proc.ErrTooMuchOutput) {
		return fmt.Sprintf("interpreter %s printed more than %s of output when probed", e.Path, bounded.Size(MaxProbeOutput))
	}
	if s := strings.TrimSpace(e.Stderr); s != "" {
		lines := strings.Split(s, "\n")
		if len(lines) > 5 {
			lines = lines[len(lines)-5:]
		}
		msg += "\n  " + strings.Join(lines, "\n  ")
	}
	return msg
}

func (e *ProbeError) Hint() string {
	switch {
	case errors.Is(e.Err, proc.ErrTooMuchOutput):
		return fmt.Sprintf("a Python interpreter answers fwenv's probe with a few kilobytes of JSON; check that %s is a Python interpreter and not a program or wrapper script that prints something else", e.Path)
	case errors.Is(e.Err, proc.ErrTimeout):
		return fmt.Sprintf("a Python interpreter answers fwenv's probe in well under a second; check that %s is a Python interpreter and not a wrapper script that waits (try `%s -c pass`)", e.Path, e.Path)
	}
	var chain *baseChainError
	if errors.As(e.Err, &chain) {
		return chain.hint()
	}
	if isUnreadableLandmark(e.Err) {
		return "a Python 2 environment's lib/python2.7/orig-prefix.txt is a short regular file naming the base prefix (and its pyvenv.cfg a short regular file); recreate the environment with `fwenv create -p 2.7 --clear DIR`"
	}
	return "check that the file is a working Python interpreter; `fwenv python list` shows the ones fwenv found"
}

// baseChainError says the base interpreter an environment's interpreter
// stands for is itself inside an environment: fwenv follows one hop only
// (two environments that name each other would make it go round forever).
type baseChainError struct {
	Env, Base string // the environment's interpreter; the base it names
}

func (e *baseChainError) Error() string {
	return fmt.Sprintf("its environment names %s as the base interpreter, which is itself inside an environment", e.Base)
}

func (e *baseChainError) hint() string {
	return "an environment's base must be an interpreter outside any environment (orig-prefix.txt or pyvenv.cfg's home names it); recreate the environment from the base interpreter itself, e.g. `fwenv create -p 2.7 --clear DIR`"
}

// maxBaseHops bounds how many times Probe goes from an environment's
// interpreter to the base one it names.
const maxBaseHops = 4

type cacheKey struct {
	Path  string `json:"path"`
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
	Probe string `json:"probe"`
}

type cacheEntry struct {
	Key  cacheKey `json:"key"`
	Info *Info    `json:"info"`
}

func (p *Prober) cachePath(real string) string {
	s := sha256.Sum256([]byte(real))
	return filepath.Join(p.CacheDir, "interpreters", hex.EncodeToString(s[:12])+".json")
}

// Probe describes the interpreter at path. The path may be a symlink; it must
// not be a pyenv shim (resolve shims first with Resolve).
func (p *Prober) Probe(path string) (*Info, error) {
	return p.probe(path, 0)
}

func (p *Prober) probe(path string, hops int) (*Info, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, &ProbeError{Path: path, Err: err}
	}
	real, _ = filepath.Abs(real)
	base, err := landmarkBase(real)
	if err != nil {
		return nil, &ProbeError{Path: path, Err: err}
	}
	if base != "" && base != real {
		// One hop: a base that is itself a Python 2 environment's
		// interpreter is refused.
		if again, err := landmarkBase(base); err != nil || (again != "" && again != base) {
			return nil, &ProbeError{Path: path, Err: &baseChainError{Env: real, Base: base}}
		}
		return p.probe(base, hops+1)
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, &ProbeError{Path: path, Err: err}
	}
	if st.IsDir() {
		return nil, &ProbeError{Path: path, Err: errors.New("is a directory")}
	}
	key := cacheKey{Path: real, Size: st.Size(), MTime: st.ModTime().UnixNano(), Probe: probeID()}
	if p.CacheDir != "" {
		if data, err := rawio.ReadFile(p.cachePath(real)); err == nil {
			if e, err := decodeCacheEntry(data); err == nil && e.Key == key && e.Info != nil {
				e.Info.Path = real
				return e.Info, nil
			}
		}
	}
	p.mu.Lock()
	failed := p.failed[real]
	p.mu.Unlock()
	if failed != nil {
		return nil, failed
	}
	info, err := p.run(real)
	if err != nil {
		p.mu.Lock()
		if p.failed == nil {
			p.failed = map[string]error{}
		}
		p.failed[real] = err
		p.mu.Unlock()
		return nil, err
	}
	// An interpreter inside a virtual environment (a --copies venv) stands
	// for its base interpreter.
	if info.IsVenv() && info.BaseExecutable != "" && info.BaseExecutable != info.Executable {
		if b, err := filepath.EvalSymlinks(info.BaseExecutable); err == nil && b != real {
			if hops >= maxBaseHops {
				return nil, &ProbeError{Path: path, Err: &baseChainError{Env: real, Base: b}}
			}
			return p.probe(b, hops+1)
		}
	}
	info.Path = real
	if p.CacheDir != "" {
		p.store(real, cacheEntry{Key: key, Info: info})
	}
	return info, nil
}

func (p *Prober) run(real string) (*Info, error) {
	p.Ran++
	timeout := ProbeTimeout // read once: the announcement runs on another goroutine
	o := proc.Options{Env: probeEnv(), Timeout: timeout, MaxOutput: MaxProbeOutput}
	if p.Waiting != nil {
		o.Announce = func() { p.Waiting(real, timeout) }
	}
	res, err := proc.Run(context.Background(), real, []string{"-E", "-s", "-S", "-c", probeScript}, o)
	if err != nil {
		var stderr string
		if res != nil {
			stderr = string(res.Stderr)
		}
		var pe *proc.Error
		if errors.As(err, &pe) {
			err = pe.Err
			if errors.Is(err, proc.ErrTimeout) {
				err = noAnswer(timeout)
			}
		}
		return nil, &ProbeError{Path: real, Err: err, Stderr: stderr}
	}
	var info Info
	if err := json.Unmarshal(res.Stdout, &info); err != nil {
		return nil, &ProbeError{Path: real, Err: fmt.Errorf("unreadable probe output: %v", err), Stderr: string(res.Stderr)}
	}
	if len(info.VersionInfo) < 2 {
		return nil, &ProbeError{Path: real, Err: errors.New("the probe reported no version")}
	}
	return &info, nil
}

// noAnswer is a probe that timed out; it matches proc.ErrTimeout.
type noAnswer time.Duration

func (n noAnswer) Error() string        { return fmt.Sprintf("no answer within %s", time.Duration(n)) }
func (n noAnswer) Is(target error) bool { return target == proc.ErrTimeout }

// probeEnv is the caller's environment without variables that would make the
// probe describe something other than the interpreter itself.
func probeEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONEXECUTABLE", "__PYVENV_LAUNCHER__":
			continue
		}
		env = append(env, kv)
	}
	return env
}

func (p *Prober) store(real string, e cacheEntry) {
	data, err := json.Marshal(e)
	if err != nil {
		return
	}
	path := p.cachePath(real)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	// Best effort: a probe not stored is run again next time.
	_ = atomicfile.WriteFile(path, data, atomicfile.Options{Perm: 0o600, Temp: ".probe-*"})
}

// landmarkBase is the base interpreter of a Python 2 environment's copied
// bin/python, or "". Such an environment's lib/python2.7 holds only the
// prefix landmark and fwenv's site.py, so its interpreter cannot run the
// probe under -S; it stands for the interpreter of the prefix named in
// lib/python2.7/orig-prefix.txt (env/venv writes it, as virtualenv did).
// Both files are read as bounded regular files: anything else there (a
// FIFO, a device, a huge file) is an error, never a wait.
func landmarkBase(real string) (string, error) {
	root := filepath.Dir(filepath.Dir(real))
	lib := filepath.Join(root, "lib", "python2.7")
	exe := ""
	data, err := bounded.ReadRegular(filepath.Join(lib, "orig-prefix.txt"), bounded.Metadata)
	switch {
	case err == nil:
		if len(data) <= 4096 {
			exe = filepath.Join(strings.TrimSpace(string(data)), "bin", "python2.7")
		}
	case isUnreadableLandmark(err):
		return "", err
	default:
		if _, err := os.Stat(filepath.Join(lib, "site.py")); err != nil {
			break
		}
		// virtualenv 20 writes no orig-prefix.txt; pyvenv.cfg's home names
		// the base's bin folder.
		cfg, err := bounded.ReadRegular(filepath.Join(root, "pyvenv.cfg"), bounded.Metadata)
		if isUnreadableLandmark(err) {
			return "", err
		}
		for _, line := range strings.Split(string(cfg), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "home" {
				exe = filepath.Join(strings.TrimSpace(v), "python2.7")
			}
		}
	}
	if !filepath.IsAbs(exe) {
		return "", nil
	}
	base, err := filepath.EvalSymlinks(exe)
	if err != nil {
		return "", nil
	}
	base, _ = filepath.Abs(base)
	return base, nil
}

// isUnreadableLandmark reports whether err says a landmark file is there
// but is not a regular file or is too large: an error for the probe. A
// missing or unreadable file is not (the interpreter is no such
// environment's, as before).
func isUnreadableLandmark(err error) bool {
	return errors.As(err, new(*bounded.NotRegularError)) || errors.As(err, new(*bounded.TooLargeError))
}
