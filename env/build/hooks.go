package build

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fwenv/fwenv/env/proc"
)

//go:embed runner.py
var runnerScript []byte

// runnerName is the file name the runner gets in its private folder; the
// folder is sys.path[0] of the hook process, so nothing else lives there.
const runnerName = "_fwenv_hook_runner.py"

// TailLines is how many lines of backend output a failure shows.
const TailLines = 20

// hookRunner calls the hooks of one backend in one project with one
// interpreter. Each call is a new process (as PEP 517 frontends do), so a
// backend's state never leaks from one hook to the next.
type hookRunner struct {
	python      string   // interpreter of the build environment (bin/python)
	environ     []string // process environment
	project     string   // working directory
	backend     string
	backendPath []string
	work        string // private folder: runner, requests and results
	log         *buildLog
	// slow, when set, is called once for a hook still running after a
	// second (a build may rightly take minutes: hooks never time out, they
	// say what fwenv waits for).
	slow func(hook string)
}

// hookOutcome is what the runner wrote.
type hookOutcome struct {
	OK         bool            `json:"ok"`
	Return     json.RawMessage `json:"return"`
	Missing    bool            `json:"missing"`
	BuiltWheel string          `json:"built_wheel"`
	Kind       string          `json:"kind"`
	Message    string          `json:"message"`
}

func newHookRunner(python string, environ []string, project string, bs *BuildSystem, work string, log *buildLog) (*hookRunner, error) {
	if err := os.MkdirAll(filepath.Join(work, "runner"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(work, "runner", runnerName), runnerScript, 0o644); err != nil {
		return nil, err
	}
	return &hookRunner{python: python, environ: environ, project: project, backend: bs.Backend, backendPath: bs.BackendPath, work: work, log: log}, nil
}

// call runs one hook with positional arguments and decodes its return
// value into ret (may be nil).
func (h *hookRunner) call(ctx context.Context, hook string, args []any, ret any) (*hookOutcome, error) {
	req := map[string]any{"backend": h.backend, "backend_path": h.backendPath, "hook": hook, "args": args}
	data, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	in := filepath.Join(h.work, hook+".in.json")
	out := filepath.Join(h.work, hook+".out.json")
	os.Remove(out)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		return nil, err
	}
	h.log.section(fmt.Sprintf("%s (backend %s)", hook, h.backend))
	// The backend may start compilers and other tools, and may rightly run
	// for minutes: a long process (env/proc) that is never timed out; on
	// cancel the whole process group goes, what it left behind is killed
	// when it ends, and a grandchild holding the output pipe open cannot
	// block the wait. Its output goes to the build log, which bounds what
	// it keeps in memory.
	opts := proc.Options{Dir: h.project, Env: h.environ, NoTimeout: true, Stdout: h.log, Stderr: h.log}
	if h.slow != nil {
		opts.Announce = func() { h.slow(hook) }
	}
	_, runErr := proc.Run(ctx, h.python, []string{filepath.Join(h.work, "runner", runnerName), in, out}, opts)
	// The result is a small JSON document the runner wrote; a backend
	// could write anything there, so it is read bounded.
	res, readErr := bounded.ReadRegular(out, bounded.Metadata)
	if readErr != nil {
		why := "the hook runner wrote no result"
		if runErr != nil {
			why = fmt.Sprintf("the hook runner failed: %v", runErr)
		}
		if ctx.Err() != nil {
			why = "cancelled: " + ctx.Err().Error()
		}
		return nil, h.fail(hook, "crashed", why)
	}
	var o hookOutcome
	if err := json.Unmarshal(res, &o); err != nil {
		return nil, h.fail(hook, "crashed", "unreadable hook result: "+err.Error())
	}
	if !o.OK {
		return &o, h.fail(hook, o.Kind, o.Message)
	}
	if ret != nil && len(o.Return) > 0 {
		if err := json.Unmarshal(o.Return, ret); err != nil {
			return &o, h.fail(hook, "bad-return", fmt.Sprintf("%s returned %s, which is not what PEP 517 asks for", hook, string(o.Return)))
		}
	}
	return &o, nil
}

func (h *hookRunner) fail(hook, kind, msg string) error {
	h.log.keep()
	return &HookError{Project: h.project, Backend: h.backend, Hook: hook, Kind: kind, Message: msg, Tail: h.log.tail(TailLines), Log: h.log.path}
}

// HookError is a build hook that failed. Tail holds the last lines the
// backend printed; Log is the file with all of its output.
type HookError struct {
	Project string
	Backend string
	Hook    string
	// Kind is "hook-failed" (the backend raised), "missing-hook",
	// "backend-unavailable" (cannot import), "backend-invalid" (not loaded
	// from backend-path), "unsupported" (UnsupportedOperation), "crashed"
	// (the interpreter died) or "bad-return".
	Kind    string
	Message string
	Tail    []string
	Log     string
}

func (e *HookError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "building %s: %s failed: %s", e.Project, HookLabel(e.Hook), e.Message)
	if len(e.Tail) > 0 {
		fmt.Fprintf(&b, "\nlast %d lines of the build output:", len(e.Tail))
		for _, l := range e.Tail {
			b.WriteString("\n  | ")
			b.WriteString(l)
		}
	}
	if e.Log != "" {
		fmt.Fprintf(&b, "\nfull log: %s", e.Log)
	}
	return b.String()
}

// Hint tells what to do about the failure.
func (e *HookError) Hint() string {
	if h := legacyHint(e); h != "" {
		return h
	}
	switch e.Kind {
	case "missing-hook":
		if e.Hook == "build_editable" {
			return fmt.Sprintf("the build backend %s has no build_editable hook, so it cannot make editable installs (PEP 660); setuptools has it from 64 on: give a newer setuptools wheel with -f DIR, or install without -e", e.Backend)
		}
		return fmt.Sprintf("the build backend %s does not provide %s", e.Backend, e.Hook)
	case "backend-unavailable":
		if strings.Contains(e.Message, "ImpImporter") {
			return "the build environment's setuptools is too old for this Python (pkgutil.ImpImporter was removed in Python 3.12; setuptools 65.5 from the ensurepip bundles does not import there): give a newer setuptools wheel with -f DIR (CPython 3.12 and 3.13 installed with their test package carry setuptools 67.6.1, which fwenv takes by itself), or build with Python 3.8-3.11"
		}
		return fmt.Sprintf("the build environment cannot import %s: check [build-system] build-backend and requires in pyproject.toml", e.Backend)
	case "backend-invalid":
		return "an in-tree backend must live in a backend-path folder of the project (PEP 517)"
	case "unsupported":
		return fmt.Sprintf("the build backend %s refused this kind of build", e.Backend)
	}
	if strings.Contains(e.Message, "install_layout") || strings.Contains(strings.Join(e.Tail, "\n"), "AttributeError: install_layout") {
		return "the build environment's setuptools is Debian's patched one (the install_layout patch), which works only with Debian's own Python, not the project's fault: give an upstream setuptools wheel with -f DIR"
	}
	if e.Log != "" {
		return "the error comes from the project's own build (" + e.Backend + "); read the lines above or the full log " + e.Log
	}
	return "the error comes from the project's own build (" + e.Backend + ")"
}

// maxPartialLine bounds the unfinished last line a buildLog keeps in memory.
const maxPartialLine = 64 << 10

// maxTailLine bounds one line of the tail a failure shows: a backend that
// prints a megabyte without a line end still gives a readable error.
const maxTailLine = 4 << 10

// buildLog collects everything the backend prints during one build: in a
// file (kept when the build fails), in memory for the tail, and copied to a
// verbose sink when one is given. The file is capped
// (bounded.BuildLogHead, bounded.BuildLogTail): the backend is never cut
// off for printing, but the disk one build's log takes is bounded. There is
// one log per build, shared by its hooks.
type buildLog struct {
	mu      sync.Mutex
	path    string
	f       *os.File
	w       *bounded.HeadTail // capped writer to f
	verbose io.Writer
	kept    bool
	lines   []string // ring of the last lines
	partial []byte
}

// maxBuildLogs is how many logs of failed builds CACHE/build-logs keeps:
// each is capped (bounded.BuildLogHead + bounded.BuildLogTail), so the
// folder holds at most about 2 MiB times this many, however many builds
// fail between two `fwenv cache prune`.
const maxBuildLogs = 20

// logPruneAge: a log is removed for the count only when untouched this long,
// so the log of a build still running is left alone.
const logPruneAge = time.Hour

func openBuildLog(dir, name string, verbose io.Writer) (*buildLog, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	pruneBuildLogs(dir, maxBuildLogs-1, time.Now().Add(-logPruneAge))
	f, err := os.CreateTemp(dir, safeName(name)+"-*.log")
	if err != nil {
		return nil, err
	}
	// Held while the build runs (dropped on close, or by the kernel when
	// fwenv dies): pruning skips a log it cannot lock. The file's time is
	// no sign of life, since past the head cap nothing is written to it
	// until the end.
	syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	return &buildLog{path: f.Name(), f: f, w: &bounded.HeadTail{W: f, Head: bounded.BuildLogHead, Tail: bounded.BuildLogTail}, verbose: verbose}, nil
}

func (l *buildLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		l.w.Write(p)
	}
	if l.verbose != nil {
		l.verbose.Write(p)
	}
	l.partial = append(l.partial, p...)
	if len(l.partial) > maxPartialLine {
		// A line without end (a progress bar, a flood): only its end is
		// kept, like the end of the log file.
		l.partial = append(l.partial[:0:0], l.partial[len(l.partial)-maxPartialLine:]...)
	}
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.push(string(bytes.TrimRight(l.partial[:i], "\r")))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

func (l *buildLog) push(s string) {
	l.lines = append(l.lines, s)
	if len(l.lines) > 4*TailLines {
		l.lines = append([]string(nil), l.lines[len(l.lines)-TailLines:]...)
	}
}

func (l *buildLog) section(title string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		fmt.Fprintf(l.w, "=== fwenv: %s\n", title)
	}
}

func (l *buildLog) tail(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	if len(l.partial) > 0 {
		lines = append(append([]string(nil), lines...), string(l.partial))
	}
	// Blank lines at the end say nothing.
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	out := make([]string, len(lines))
	for i, s := range lines {
		if len(s) > maxTailLine {
			s = fmt.Sprintf("%s[… %d bytes left out …]", strings.ToValidUTF8(s[:maxTailLine], ""), len(s)-maxTailLine)
		}
		out[i] = s
	}
	return out
}

func (l *buildLog) keep() {
	l.mu.Lock()
	l.kept = true
	l.mu.Unlock()
}

// close ends the log; the file is removed unless kept (a failure, or the
// caller asked to keep it). It returns the kept file's path or "".
func (l *buildLog) close() string {
	if l == nil {
		return ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		if l.kept {
			// The marker of what was left out and the end of the output.
			l.w.Close()
		}
		l.f.Close()
		l.f = nil
	}
	if l.kept {
		return l.path
	}
	os.Remove(l.path)
	return ""
}

// pruneBuildLogs removes the oldest *.log files of dir last written before
// cut, so that at most keep remain. Failures are ignored: a log left is
// removed by a later build or by `fwenv cache prune`.
func pruneBuildLogs(dir string, keep int, cut time.Time) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type logFile struct {
		path string
		mod  time.Time
	}
	var logs []logFile
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".log") {
			continue
		}
		if info, err := e.Info(); err == nil {
			logs = append(logs, logFile{filepath.Join(dir, e.Name()), info.ModTime()})
		}
	}
	if len(logs) <= keep {
		return
	}
	sort.Slice(logs, func(i, j int) bool { return logs[i].mod.Before(logs[j].mod) })
	for _, l := range logs[:len(logs)-keep] {
		if l.mod.Before(cut) {
			removeUnlessInUse(l.path)
		}
	}
}

// readLines returns a file's lines (for tests and callers that show a log).
func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out, sc.Err()
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "build"
	}
	return b.String()
}

var errNoInterp = errors.New("no target interpreter given (Options.Interp)")

// removeUnlessInUse removes the log at path unless a running build holds
// its lock.
func removeUnlessInUse(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return // a build is writing it
	}
	os.Remove(path)
}
