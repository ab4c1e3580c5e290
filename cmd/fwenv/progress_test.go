//go:build unix

package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fwenv/fwenv/cmd/internal/progress"
	"github.com/fwenv/fwenv/cmd/internal/progress/ptytest"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/resolver/source/indexer"
)

// The progress bars end to end: the fwenv binary downloads and installs
// from a slow index (fwenv's own index handler, one wheel at a time, each
// held back) and builds an sdist whose backend takes a while, once on a
// pseudo-terminal (bars drawn while the work runs, gone at the end), once
// with its output on a pipe (no escape sequence) and once on a terminal
// with NO_COLOR set (no bar); the messages are the same in all three.
//
// Files in a local -f folder are not fetched (nothing to count) and a
// commit of a few wheels takes milliseconds, less than the bar library's
// first redraw: the slow server and backend make the download and build
// bars last long enough to be drawn.

// progressWheels are the wheels the index serves.
var progressWheels = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"}

// wheelDelay is how long the index holds back each wheel; it serves them
// one at a time, so the download bar is shown for about 5 of them.
const wheelDelay = 200 * time.Millisecond

func TestProgressBarsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs fwenv on a terminal, with downloads and a build held back")
	}
	if tm, err := ptytest.Open(ptytest.Size{}); err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	} else {
		tm.Close()
	}
	if _, ok := interpreters()["3.11"]; !ok {
		t.Skip("no pyenv Python 3.11 for the environments")
	}
	bin := fwenvBinary(t)
	root := t.TempDir()
	index := filepath.Join(root, "index")
	local := filepath.Join(root, "local")
	for _, name := range progressWheels {
		writeWheel(t, index, name, "1.0")
	}
	writeSlowSdist(t, local, "slowbuild", "1.0")
	url := serveSlowly(t, index)

	commands := [][]string{
		append([]string{"download", "-i", url, "-d", "out"}, progressWheels...),
		append(append([]string{"install", "-i", url, "-f", local}, progressWheels...), "slowbuild"),
	}
	// What each shows for sure while it runs: download counts the six
	// wheels as the slow index sends them; install builds the sdist (its
	// wheels came while the build ran, and its commit is quick: their bars
	// may be drawn or not).
	bars := []*regexp.Regexp{
		regexp.MustCompile(`Downloading \[[=>-]+\] [1-6]/6 [a-z]+-1\.0`),
		regexp.MustCompile(`Building \[-+\] 0/1 slowbuild-1\.0\.tar\.gz`),
	}
	size := ptytest.Size{Cols: 100, Rows: 30}

	// Each way of running works in a folder of its own, with an empty
	// cache (the same downloads and builds happen) and a new environment;
	// with NO_COLOR the download alone is run.
	runAll := func(way string, run func(dir string, env []string, args []string) string) []string {
		dir := filepath.Join(root, way)
		env := progressEnv(t, dir)
		cmds := commands
		if way == "nocolor" {
			cmds = commands[:1]
		} else if out, err := runPlain(bin, dir, env, "create", ".venv"); err != nil {
			t.Fatalf("%s: fwenv create: %v\n%s", way, err, out)
		}
		var outs []string
		for _, args := range cmds {
			out := run(dir, env, args)
			outs = append(outs, strings.ReplaceAll(out, dir, "$WORK"))
		}
		return outs
	}

	onTerminal := func(extraEnv ...string) func(dir string, env []string, args []string) string {
		return func(dir string, env []string, args []string) string {
			res, err := ptytest.Run(ptytest.Command{Path: bin, Args: args, Env: append(env, extraEnv...), Dir: dir, Size: size, Timeout: 60 * time.Second})
			if err != nil {
				t.Fatalf("fwenv %s: %v\n%q", args[0], err, res.Output)
			}
			if res.ExitCode != 0 {
				t.Fatalf("fwenv %s: exit status %d\n%s", args[0], res.ExitCode, ptytest.Emulate(res.Output, size))
			}
			return string(res.Output)
		}
	}
	raw := runAll("pty", onTerminal())
	piped := runAll("pipe", func(dir string, env []string, args []string) string {
		out, err := runPlain(bin, dir, env, args...)
		if err != nil {
			t.Fatalf("fwenv %s on a pipe: %v\n%s", args[0], err, out)
		}
		return out
	})
	noColor := runAll("nocolor", onTerminal("NO_COLOR=1"))

	for i, args := range commands {
		cmd := args[0]
		out := raw[i]
		screen := ptytest.Emulate([]byte(out), size)

		// While it ran, the terminal showed the bars.
		if !bars[i].MatchString(out) {
			t.Errorf("fwenv %s on a terminal: no bar like %q in what it wrote:\n%q", cmd, bars[i], out)
		}
		// At the end only the messages are left, as a pipe gets them.
		if got, want := steady(screen.String()), steady(piped[i]); got != want {
			t.Errorf("fwenv %s: the terminal's last screen is not what a pipe gets\nscreen:\n%s\npipe:\n%s", cmd, got, want)
		}
		if screen.CursorHidden {
			t.Errorf("fwenv %s left the cursor hidden", cmd)
		}
		for _, l := range screen.Lines {
			if strings.Contains(l, "Downloading") || strings.Contains(l, "Building") || strings.Contains(l, "Installing") {
				t.Errorf("fwenv %s left a bar on the screen: %q", cmd, l)
			}
		}

		// On a pipe, and on a terminal with NO_COLOR, only the messages.
		if strings.Contains(piped[i], "\x1b") || strings.Contains(piped[i], "Downloading") {
			t.Errorf("fwenv %s on a pipe wrote a bar or an escape sequence: %q", cmd, piped[i])
		}
		if i >= len(noColor) {
			continue
		}
		nc := strings.ReplaceAll(noColor[i], "\r\n", "\n")
		if strings.Contains(nc, "\x1b") || strings.Contains(nc, "\r") || strings.Contains(nc, "Downloading") {
			t.Errorf("fwenv %s with NO_COLOR=1 drew on the terminal: %q", cmd, noColor[i])
		}
		if nc != piped[i] {
			t.Errorf("fwenv %s with NO_COLOR=1 wrote\n%s\nwhere a pipe gets\n%s", cmd, nc, piped[i])
		}
	}
	if !strings.Contains(piped[1], "building slowbuild") || !strings.Contains(piped[1], "+ alpha 1.0") {
		t.Errorf("fwenv install's messages are not the expected ones:\n%s", piped[1])
	}
}

// TestBarsFollowEvents: the events carry running counts and the display
// takes steps; a growing total is added, a build is a bar of its own until
// its end, and nothing is left once every task ended.
func TestBarsFollowEvents(t *testing.T) {
	size := ptytest.Size{Cols: 100, Rows: 24}
	tm, err := ptytest.Open(size)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer tm.Close()
	d := progress.New(tm.TTY(), false, func(k string) string {
		if k == "TERM" {
			return "xterm"
		}
		return ""
	})
	defer d.Close()
	b := newBars(d)
	wait := func(s string) {
		t.Helper()
		if _, err := tm.WaitFor(s, 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	b.update(&ops.Progress{Task: ops.TaskDownload, Name: "a.whl", Done: 3, Total: 10})
	b.update(&ops.Progress{Task: ops.TaskDownload, Name: "b.whl", Done: 5, Total: 10})
	wait("Downloading [")
	wait("5/10 b.whl")
	b.update(&ops.Progress{Task: ops.TaskDownload, Name: "c.whl", Done: 6, Total: 12})
	wait("6/12 c.whl")
	b.update(&ops.Progress{Task: ops.TaskBuild, Name: "x-1.0.tar.gz"})
	wait("0/1 x-1.0.tar.gz")
	b.update(&ops.Progress{Task: ops.TaskBuild, Name: "x-1.0.tar.gz", End: true})
	b.update(&ops.Progress{Task: ops.TaskDownload, Name: "d.whl", Done: 12, Total: 12, End: true})
	fmt.Fprintf(d, "saved\n")
	if len(b.tasks) != 0 {
		t.Errorf("tasks left after their ends: %v", b.tasks)
	}
	d.Close()
	out := tm.Close()
	if bytes.Contains(out, []byte("8/10")) || bytes.Contains(out, []byte("/22")) {
		t.Errorf("running counts were added up instead of followed: %q", out)
	}
	if got := ptytest.Emulate(out, size).String(); got != "saved\n" {
		t.Errorf("final screen:\n%s\nwant the message alone; raw %q", got, out)
	}

	// Without a session nothing draws, and nothing fails.
	var none *bars
	none.update(&ops.Progress{Task: ops.TaskInstall, Done: 1, Total: 2})
}

// steady is a command's output without the lines that depend on how fast
// the machine is: a backend running for more than a second is announced.
func steady(out string) string {
	var keep []string
	for _, l := range strings.SplitAfter(out, "\n") {
		if !strings.HasPrefix(l, "waiting for the build backend of ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// fwenvBinary is the fwenv that TestMain (script_test.go) puts on PATH: a
// copy of the test binary that runs Main when called fwenv.
func fwenvBinary(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("fwenv")
	if err != nil || !strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(p))), "testscript-main") {
		t.Fatalf("the fwenv of TestMain is not on PATH (found %q, %v)", p, err)
	}
	return p
}

// progressEnv is the environment of the script tests (script_test.go) for
// a run in dir, which it makes: its own home and cache, the default
// interpreter pyenv's 3.11, no real index.
func progressEnv(t *testing.T, dir string) []string {
	t.Helper()
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{
		"HOME=" + home,
		"PYENV_ROOT=" + pyenvRoot(),
		"PYENV_VERSION=3.11",
		"PATH=" + filepath.Join(pyenvRoot(), "shims") + string(os.PathListSeparator) + os.Getenv("PATH"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"FWENV_INDEX_URL=http://127.0.0.1:1/simple",
		"TERM=xterm",
		"LANG=C.UTF-8",
	}
}

// runPlain runs fwenv with stdout and stderr on one pipe, as a script or a
// log would see it.
func runPlain(bin, dir string, env []string, args ...string) (string, error) {
	c := exec.Command(bin, args...)
	c.Dir, c.Env = dir, env
	out, err := c.CombinedOutput()
	return string(out), err
}

// serveSlowly serves dir as a simple index (with PEP 658 metadata, so the
// resolution does not fetch the wheels) and returns its URL; wheels are
// sent one at a time, each after wheelDelay.
func serveSlowly(t *testing.T, dir string) string {
	t.Helper()
	h, err := indexer.Handler(dir, indexer.ServeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var one sync.Mutex
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".whl") {
			one.Lock()
			defer one.Unlock()
			time.Sleep(wheelDelay)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s.URL + "/simple"
}

// writeWheel writes a pure-Python wheel of one module.
func writeWheel(t *testing.T, dir, name, version string) {
	t.Helper()
	info := name + "-" + version + ".dist-info"
	files := [][2]string{
		{name + "/__init__.py", "NAME = " + fmt.Sprintf("%q", name) + "\n"},
		{info + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"},
		{info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: progress_test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var record strings.Builder
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
		sum := sha256.Sum256([]byte(f[1]))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", f[0], base64.RawURLEncoding.EncodeToString(sum[:]), len(f[1]))
	}
	record.WriteString(info + "/RECORD,,\n")
	w, err := zw.Create(info + "/RECORD")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(record.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, name+"-"+version+"-py3-none-any.whl"), buf.Bytes())
}

// slowBackend is an in-tree build backend that needs nothing installed and
// takes a while, so that the build's bar is drawn.
const slowBackend = `import base64, hashlib, os, time, zipfile


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    time.sleep(0.6)
    name, version = open("NAME").read().strip(), open("VERSION").read().strip()
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": b"", f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
             f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: slow\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    rows = [f"{p},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}" for p, d in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(rows + [f"{info}/RECORD,,"]) + "\n").encode()
    filename = f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as z:
        for p, d in files.items():
            z.writestr(p, d)
    return filename
`

// writeSlowSdist writes an sdist built by slowBackend.
func writeSlowSdist(t *testing.T, dir, name, version string) {
	t.Helper()
	top := name + "-" + version + "/"
	files := [][2]string{
		{top + "PKG-INFO", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"},
		{top + "NAME", name + "\n"},
		{top + "VERSION", version + "\n"},
		{top + "pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"slow_backend\"\nbackend-path = [\"backend\"]\n"},
		{top + "backend/slow_backend.py", slowBackend},
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(f[1]))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, name+"-"+version+".tar.gz"), buf.Bytes())
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
