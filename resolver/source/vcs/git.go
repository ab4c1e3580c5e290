package vcs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
)

// runner runs the system git without a shell and without prompts.
//
// Every git runs in a process group of its own, killed as a whole when the
// context ends and, for what it left behind, when it ends; its output is
// bounded (stdout is kept up to bounded.GitQueryOutput, stderr's last
// bounded.StderrTail bytes). This package may not import env/proc, so it
// keeps this runner of its own, with the same rules and archive/bounded's
// writers. Queries (rev-parse,
// cat-file, config, ...) are short helpers: bounded by queryTimeout and
// stopped when they print more than the cap. Commands that move data
// (fetch, clone, checkout, submodule) may rightly take minutes: they never
// time out, and say once what they wait for when they run longer than a
// second (Options.Waiting).
type runner struct {
	bin     string
	env     []string
	scrub   func(string) string // removes the URL's credentials from git's output
	what    string              // the repository, credentials removed, for messages
	waiting func(string)
}

// longCommands are the git subcommands that may rightly run for long.
var longCommands = map[string]bool{"fetch": true, "clone": true, "checkout": true, "submodule": true}

// queryTimeout bounds a git query.
var queryTimeout = 2 * time.Minute

// announceAfter is how long a long command runs before it is announced.
const announceAfter = time.Second

func newRunner(spec *Spec, o *Options) (*runner, error) {
	name := o.Git
	if name == "" {
		name = "git"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		return nil, &Error{Kind: KindNoGit, URL: spec.String(), Ref: spec.Ref, Err: err,
			Reason: "the git command is needed to install from git and was not found",
			hint:   "install git (Debian/Ubuntu: apt-get install git; macOS: xcode-select --install), or install the project from a wheel or sdist"}
	}
	env := append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	if os.Getenv("GIT_SSH_COMMAND") == "" && os.Getenv("GIT_SSH") == "" {
		env = append(env, "GIT_SSH_COMMAND=ssh -o BatchMode=yes")
	}
	env = append(env, o.Env...)
	return &runner{bin: bin, env: env, scrub: spec.Scrub, what: spec.Redacted(), waiting: o.Waiting}, nil
}

// gitError is a failed git command; stderr has had credentials removed.
type gitError struct {
	args   string
	stderr string
	err    error
}

func (e *gitError) Error() string { return "git " + e.args + ": " + e.err.Error() }

// run runs git in dir ("" for the current folder) and returns its stdout.
func (g *runner) run(ctx context.Context, dir string, args ...string) (string, error) {
	full := append([]string{"-c", "advice.detachedHead=false", "-c", "init.defaultBranch=fwenv"}, args...)
	if dir != "" {
		full = append([]string{"-C", dir}, full...)
	}
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	long := longCommands[sub]
	parent := ctx
	cancel := func() {}
	if !long {
		ctx, cancel = context.WithTimeout(ctx, queryTimeout)
	}
	defer cancel()
	cmd := exec.CommandContext(ctx, g.bin, full...)
	cmd.Env = g.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd) }
	// Something git started that left the group while holding a pipe
	// cannot keep run waiting.
	cmd.WaitDelay = 5 * time.Second
	stdout := &bounded.Head{Limit: bounded.GitQueryOutput}
	if !long {
		stdout.OnOver = cancel
	}
	stderr := &bounded.Tail{Limit: bounded.StderrTail}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Start()
	if err == nil {
		stop := func() {}
		if long && g.waiting != nil {
			stop = announce(func() { g.waiting(fmt.Sprintf("waiting for git %s (%s)…", sub, g.what)) })
		}
		err = cmd.Wait()
		stop()
		// What git left behind in its group (a credential helper, an ssh
		// it started) is killed, after a success too.
		killGroup(cmd)
		if errors.Is(err, exec.ErrWaitDelay) {
			err = nil // git itself succeeded
		}
	}
	switch {
	case !long && stdout.Over():
		err = fmt.Errorf("printed more than %s", bounded.Size(bounded.GitQueryOutput))
	case err != nil && parent.Err() != nil:
		err = parent.Err()
	case err != nil && ctx.Err() != nil:
		err = fmt.Errorf("no answer within %s", queryTimeout)
	}
	if err != nil {
		text := stderr.String()
		if g.scrub != nil {
			text = g.scrub(text)
		}
		return "", &gitError{args: sub, stderr: text, err: err}
	}
	return strings.TrimSpace(stdout.String()), nil
}

// killGroup kills what is left of cmd's process group.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil || cmd.Process.Pid <= 0 {
		return nil
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}

// announce calls fn once, from another goroutine, if stop has not been
// called within announceAfter; once stop has returned fn is not running and
// will not run (as env/proc.Announce, which this package cannot import).
func announce(fn func()) (stop func()) {
	var mu sync.Mutex
	stopped := false
	t := time.AfterFunc(announceAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			fn()
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		stopped = true
		mu.Unlock()
	}
}

// ok runs a git query whose failure only means "no".
func (g *runner) ok(ctx context.Context, dir string, args ...string) (string, bool) {
	out, err := g.run(ctx, dir, args...)
	return out, err == nil
}

// detail is the last meaningful lines git printed about a failure.
func detail(err error) string {
	var ge *gitError
	if !errors.As(err, &ge) {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	var lines []string
	for _, l := range strings.Split(ge.stderr, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "hint:") {
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	if len(lines) == 0 {
		return ge.err.Error()
	}
	return strings.Join(lines, "; ")
}
