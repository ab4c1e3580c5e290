package main

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/source/indexer"
)

// hangBackend is an in-tree build backend that says it started, then
// never ends by itself.
const hangBackend = `import sys, time


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    print("HANG-BUILD-STARTED", file=sys.stderr, flush=True)
    time.sleep(600)
    raise SystemExit(1)
`

// pausedMain is fwenv whose standard error, once a line matching
// $FWENV_TEST_PAUSE_AFTER was written, says "PAUSED" and holds the command
// there until a SIGINT or SIGTERM arrives: a signal that reaches fwenv at a
// known step, after that line, for the interruption tests.
func pausedMain() {
	re := regexp.MustCompile(os.Getenv("FWENV_TEST_PAUSE_AFTER"))
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	w := &pauseWriter{w: os.Stderr, re: re, sigs: sigs}
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, w, os.Getenv))
}

type pauseWriter struct {
	w      io.Writer
	re     *regexp.Regexp
	sigs   chan os.Signal
	paused bool
}

func (p *pauseWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	if !p.paused && p.re.Match(b) {
		p.paused = true
		io.WriteString(p.w, "PAUSED\n")
		<-p.sigs
	}
	return n, err
}

// interruptRun is one fwenv run the test interrupts.
type interruptRun struct {
	cmd    *exec.Cmd
	lines  chan string
	mu     sync.Mutex
	stderr []string
	done   chan struct{}
}

// startFwenv starts bin with args in dir and collects its standard error
// line by line.
func startFwenv(t *testing.T, bin, dir string, env []string, args ...string) *interruptRun {
	t.Helper()
	return startFwenvIn(t, nil, bin, dir, env, args...)
}

// startFwenvIn is startFwenv with stdin as fwenv's standard input.
func startFwenvIn(t *testing.T, stdin io.Reader, bin, dir string, env []string, args ...string) *interruptRun {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Dir, c.Env, c.Stdin = dir, env, stdin
	errPipe, err := c.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &interruptRun{cmd: c, lines: make(chan string, 1000), done: make(chan struct{})}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(r.done)
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			r.mu.Lock()
			r.stderr = append(r.stderr, sc.Text())
			r.mu.Unlock()
			r.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	return r
}

// waitFor waits until a line of standard error matches re.
func (r *interruptRun) waitFor(t *testing.T, re string) {
	t.Helper()
	rx := regexp.MustCompile(re)
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-r.lines:
			if !ok {
				t.Fatalf("fwenv ended before a line matching %q:\n%s", re, r.output())
			}
			if rx.MatchString(l) {
				return
			}
		case <-timeout:
			t.Fatalf("no line matching %q after 60s:\n%s", re, r.output())
		}
	}
}

func (r *interruptRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.stderr, "\n")
}

// signalAndWait sends s to fwenv alone (not to its children) and returns
// its exit status and standard error.
func (r *interruptRun) signalAndWait(t *testing.T, s os.Signal) (int, []string) {
	t.Helper()
	if err := r.cmd.Process.Signal(s); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { <-r.done; exited <- r.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("fwenv still runs 60s after %v:\n%s", s, r.output())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cmd.ProcessState.ExitCode(), append([]string(nil), r.stderr...)
}

// interruptFixture makes an environment in a new folder, three wheels in
// wheels/ and a project hang/ whose build never ends.
func interruptFixture(t *testing.T) (bin, dir string, env []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs fwenv and a build backend, and interrupts them")
	}
	if _, ok := interpreters()["3.11"]; !ok {
		t.Skip("no pyenv Python 3.11 for the environments")
	}
	bin = fwenvBinary(t)
	dir = t.TempDir()
	env = progressEnv(t, dir)
	for _, n := range []string{"alpha", "beta", "gamma"} {
		writeWheel(t, filepath.Join(dir, "wheels"), n, "1.0")
	}
	writeFile(t, filepath.Join(dir, "hang", "pyproject.toml"), []byte("[build-system]\nrequires = []\nbuild-backend = \"hang_backend\"\nbackend-path = [\"backend\"]\n"))
	writeFile(t, filepath.Join(dir, "hang", "backend", "hang_backend.py"), []byte(hangBackend))
	if out, err := runPlain(bin, dir, env, "create", ".venv"); err != nil {
		t.Fatalf("fwenv create: %v\n%s", err, out)
	}
	return bin, dir, env
}

// interruptedLines are the lines of stderr that speak of the
// interruption.
func interruptedLines(stderr []string) []string {
	var out []string
	for _, l := range stderr {
		if strings.Contains(l, "interrupted") {
			out = append(out, l)
		}
	}
	return out
}

// freeze is what the environment holds, by `fwenv freeze`; `fwenv check`
// must pass on it, and no transaction may be left in it.
func freezeChecked(t *testing.T, bin, dir string, env []string) string {
	t.Helper()
	c := exec.Command(bin, "freeze")
	c.Dir, c.Env = dir, env
	out, err := c.Output()
	if err != nil {
		t.Fatalf("fwenv freeze: %v", err)
	}
	if o, err := runPlain(bin, dir, env, "check"); err != nil {
		t.Fatalf("fwenv check after the interruption: %v\n%s", err, o)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, ".venv", ".fwenv", "txn")); len(ents) != 0 {
		t.Errorf("a transaction is left in the environment: %v", ents)
	}
	return string(out)
}

// A signal while a build runs, before anything is applied: the build is
// stopped (not waited for), nothing changed, one line says so, exit 128+N.
func TestInterruptDuringBuildChangesNothing(t *testing.T) {
	bin, dir, env := interruptFixture(t)
	for _, c := range []struct {
		sig  os.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		start := time.Now()
		r := startFwenv(t, bin, dir, env, "install", "-v", "--no-index", "-f", "wheels", "alpha", "beta", "gamma", "./hang")
		r.waitFor(t, "^HANG-BUILD-STARTED$")
		code, stderr := r.signalAndWait(t, c.sig)
		if code != c.code {
			t.Errorf("%v: exit status %d, want %d\n%s", c.sig, code, c.code, strings.Join(stderr, "\n"))
		}
		if took := time.Since(start); took > 45*time.Second {
			t.Errorf("%v: fwenv took %s: it waited for the build instead of stopping it", c.sig, took)
		}
		want := "interrupted: nothing changed (the build of " + filepath.Join(dir, "hang") + " stopped; no partial file was kept and the cache is consistent)"
		if got := interruptedLines(stderr); len(got) != 1 || stderr[len(stderr)-1] != want {
			t.Errorf("%v: want one last line %q; stderr:\n%s", c.sig, want, strings.Join(stderr, "\n"))
		}
		if got := freezeChecked(t, bin, dir, env); got != "" {
			t.Errorf("%v: the environment changed:\n%s", c.sig, got)
		}
	}
	// The same without -v: the line alone says it.
	r := startFwenv(t, bin, dir, env, "install", "--no-index", "-f", "wheels", "alpha", "./hang")
	r.waitFor(t, "^building .*hang$")
	code, stderr := r.signalAndWait(t, syscall.SIGINT)
	if code != 130 || len(interruptedLines(stderr)) != 1 || !strings.HasPrefix(stderr[len(stderr)-1], "interrupted: nothing changed") {
		t.Errorf("without -v: exit status %d, stderr:\n%s", code, strings.Join(stderr, "\n"))
	}
}

// A signal that arrives once the transaction is committed (here while the
// command reports what it did) must not say "nothing changed": it says
// what was installed, and the environment holds it.
func TestInterruptAfterCommitSaysWhatChanged(t *testing.T) {
	bin, dir, env := interruptFixture(t)
	paused := filepath.Join(filepath.Dir(bin), "fwenv-paused")
	if _, err := os.Stat(paused); err != nil {
		t.Fatalf("the test's fwenv-paused is not beside fwenv: %v", err)
	}
	for _, c := range []struct {
		name  string
		args  []string
		after string
		want  string
		fr    string
	}{
		{"install", []string{"install", "--no-index", "-f", "wheels", "alpha", "beta", "gamma"}, `^\+ `,
			"interrupted after installing 3 of 3; the environment is consistent", "alpha==1.0\nbeta==1.0\ngamma==1.0\n"},
		{"uninstall", []string{"uninstall", "-y", "beta", "gamma"}, `^- `,
			"interrupted after removing 2 of 2; the environment is consistent", "alpha==1.0\n"},
		// sync.lock holds beta alone: one transaction installs it and
		// removes alpha.
		{"sync", []string{"sync", "sync.lock"}, `^[-+] `,
			"interrupted after installing 1 of 1 and removing 1 of 1; the environment is consistent", "beta==1.0\n"},
	} {
		if c.name == "sync" {
			if out, err := runPlain(bin, dir, env, "lock", "--no-index", "-f", "wheels", "-o", "sync.lock", "beta"); err != nil {
				t.Fatalf("fwenv lock: %v\n%s", err, out)
			}
		}
		r := startFwenv(t, paused, dir, append(env, "FWENV_TEST_PAUSE_AFTER="+c.after), c.args...)
		r.waitFor(t, "^PAUSED$")
		code, stderr := r.signalAndWait(t, syscall.SIGINT)
		if code != 130 {
			t.Errorf("%s: exit status %d, want 130\n%s", c.name, code, strings.Join(stderr, "\n"))
		}
		if got := interruptedLines(stderr); len(got) != 1 || stderr[len(stderr)-1] != c.want {
			t.Errorf("%s: want one last line %q; stderr:\n%s", c.name, c.want, strings.Join(stderr, "\n"))
		}
		if got := freezeChecked(t, bin, dir, env); got != c.fr {
			t.Errorf("%s: freeze after the interruption:\n%s\nwant:\n%s", c.name, got, c.fr)
		}
	}
}

// The first signal cancels the command's context; a second one, outside a
// commit, ends fwenv at once with the line and the first signal's status.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	var out strings.Builder
	in := watchInterrupts(&out)
	in.stop() // the real signals stay Go's: take is driven by hand
	in = &interrupts{stderr: &out}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	code := -1
	in.exit = func(c int) { code = c }
	in.take(syscall.SIGTERM)
	if in.ctx.Err() == nil || code != -1 || out.Len() != 0 {
		t.Fatalf("first signal: context %v, exit %d, output %q", in.ctx.Err(), code, out.String())
	}
	// The same signal again at once is the first one seen twice (timeout(1)
	// signals the process and its group): nothing more happens.
	in.take(syscall.SIGTERM)
	if code != -1 || out.Len() != 0 {
		t.Fatalf("the first signal seen twice: exit %d, output %q", code, out.String())
	}
	in.take(syscall.SIGINT)
	if code != 143 {
		t.Errorf("second signal: exit %d, want 143 (the first signal's)", code)
	}
	if want := "interrupted before the command finished; stopped at once on the second signal\n"; out.String() != want {
		t.Errorf("second signal printed %q, want %q", out.String(), want)
	}
	// A command that handles signals itself (run, activate, index serve) is
	// left alone.
	own := &interrupts{stderr: &out}
	own.ctx, own.cancel = context.WithCancel(context.Background())
	own.own.Store(true)
	own.take(syscall.SIGINT)
	if own.ctx.Err() != nil || own.received() != nil {
		t.Error("a command that handles signals itself was interrupted")
	}
}

// serveHalfWheels serves dir as an index whose wheels stop half-way: the
// first half is sent, then started receives the file's name and the
// answer waits until the client goes away.
func serveHalfWheels(t *testing.T, dir string, started chan<- string) string {
	t.Helper()
	h, err := indexer.Handler(dir, indexer.ServeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, ".whl") {
			h.ServeHTTP(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		select {
		case started <- filepath.Base(r.URL.Path):
		default:
		}
		<-r.Context().Done()
	}))
	t.Cleanup(s.Close)
	return s.URL + "/simple"
}

// leftovers lists the files under root whose names say they are
// temporary (".tmp-…").
func leftovers(root string) []string {
	var found []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp") {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// writing reports whether a temporary file under root has bytes.
func writing(root string) bool {
	for _, p := range leftovers(root) {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Size() > 0 {
			return true
		}
	}
	return false
}

// A signal while a download runs: it stops (not waited for), its temporary
// file is removed, nothing enters the cache or the download folder, and the
// line says so.
func TestInterruptDuringDownload(t *testing.T) {
	bin, dir, env := interruptFixture(t)
	started := make(chan string, 1)
	url := serveHalfWheels(t, filepath.Join(dir, "wheels"), started)
	cacheDir := filepath.Join(dir, "cache")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"install", "-i", url, "alpha"},
			"interrupted: nothing changed (the download of alpha-1.0-py3-none-any.whl stopped; no partial file was kept and the cache is consistent)"},
		{[]string{"download", "-i", url, "-d", "out", "alpha"},
			"interrupted before the command finished (the download of alpha-1.0-py3-none-any.whl stopped; no partial file was kept and the cache is consistent)"},
	} {
		r := startFwenv(t, bin, dir, env, c.args...)
		select {
		case <-started:
		case <-time.After(60 * time.Second):
			t.Fatalf("fwenv %s: no wheel was asked for in 60s:\n%s", c.args[0], r.output())
		}
		// The signal goes once fwenv writes the download's temporary file:
		// the download is under way on its side too.
		for deadline := time.Now().Add(60 * time.Second); !writing(cacheDir); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("fwenv %s: no temporary file in the cache after 60s:\n%s", c.args[0], r.output())
			}
		}
		code, stderr := r.signalAndWait(t, syscall.SIGINT)
		if code != 130 {
			t.Errorf("%s: exit status %d, want 130\n%s", c.args[0], code, strings.Join(stderr, "\n"))
		}
		if got := interruptedLines(stderr); len(got) != 1 || stderr[len(stderr)-1] != c.want {
			t.Errorf("%s: want one last line %q; stderr:\n%s", c.args[0], c.want, strings.Join(stderr, "\n"))
		}
		if l := leftovers(cacheDir); len(l) != 0 {
			t.Errorf("%s: temporary files left in the cache: %v", c.args[0], l)
		}
		if ents, _ := os.ReadDir(filepath.Join(dir, "out")); len(ents) != 0 {
			t.Errorf("%s: the download folder holds %v", c.args[0], ents)
		}
	}
	if got := freezeChecked(t, bin, dir, env); got != "" {
		t.Errorf("the environment changed:\n%s", got)
	}
}

// Ctrl-C at a prompt (here uninstall's, whose default is yes) is no: the
// wait for the answer ends, nothing is removed, the line says so.
func TestInterruptAtPromptRemovesNothing(t *testing.T) {
	bin, dir, env := interruptFixture(t)
	if out, err := runPlain(bin, dir, env, "install", "--no-index", "-f", "wheels", "alpha"); err != nil {
		t.Fatalf("fwenv install: %v\n%s", err, out)
	}
	paused := filepath.Join(filepath.Dir(bin), "fwenv-paused")
	stdin, answer, err := os.Pipe() // open, and never answered
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	defer answer.Close()
	r := startFwenvIn(t, stdin, paused, dir, append(env, "FWENV_TEST_PAUSE_AFTER=^Proceed"), "uninstall", "alpha")
	r.waitFor(t, "PAUSED$")
	code, stderr := r.signalAndWait(t, syscall.SIGINT)
	if code != 130 {
		t.Errorf("exit status %d, want 130\n%s", code, strings.Join(stderr, "\n"))
	}
	if got := interruptedLines(stderr); len(got) != 1 || stderr[len(stderr)-1] != "interrupted: nothing changed" {
		t.Errorf("want one last line %q; stderr:\n%s", "interrupted: nothing changed", strings.Join(stderr, "\n"))
	}
	if got := freezeChecked(t, bin, dir, env); got != "alpha==1.0\n" {
		t.Errorf("freeze after the interruption:\n%s", got)
	}
}
