package git

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/proc"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// runner runs the system git without a shell and without prompts, through
// env/proc: every git runs in a process group of its own, killed as a
// whole when the context ends and, for what it left behind, when it ends;
// its output is bounded (stdout is kept up to bounded.GitQueryOutput,
// stderr's last bounded.StderrTail bytes). Queries (rev-parse, cat-file,
// config, ...) are short helpers: bounded by queryTimeout and stopped when
// they print more than the cap. Commands that move data (fetch, clone,
// checkout, submodule) may rightly take minutes: they never time out, and
// say once what they wait for when they run longer than proc.AnnounceAfter
// (Options.Waiting).
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

func newRunner(spec *vcs.Spec, o *Options) (*runner, error) {
	name := o.Git
	if name == "" {
		name = "git"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		e := vcs.NewError(vcs.KindNoGit, spec, "the git command is needed to install from git and was not found",
			"install git (Debian/Ubuntu: apt-get install git; macOS: xcode-select --install), or install the project from a wheel or sdist")
		e.Err = err
		return nil, e
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
	o := proc.Options{Env: g.env, StderrTail: bounded.StderrTail}
	var long *bounded.Head
	if longCommands[sub] {
		// Kept up to the cap, never stopped for it.
		long = &bounded.Head{Limit: bounded.GitQueryOutput}
		o.NoTimeout, o.Stdout = true, long
		if g.waiting != nil {
			o.Announce = func() { g.waiting(fmt.Sprintf("waiting for git %s (%s)…", sub, g.what)) }
		}
	} else {
		o.Timeout, o.MaxOutput = queryTimeout, bounded.GitQueryOutput
	}
	res, err := proc.Run(ctx, g.bin, full, o)
	if err != nil {
		var pe *proc.Error
		if errors.As(err, &pe) {
			switch {
			case errors.Is(pe.Err, proc.ErrTooMuchOutput):
				err = fmt.Errorf("printed more than %s", bounded.Size(bounded.GitQueryOutput))
			case errors.Is(pe.Err, proc.ErrTimeout):
				err = fmt.Errorf("no answer within %s", queryTimeout)
			default:
				err = pe.Err // the caller's context ended, git could not start, or it failed
			}
		}
		text := ""
		if res != nil {
			text = string(res.Stderr)
		}
		if g.scrub != nil {
			text = g.scrub(text)
		}
		return "", &gitError{args: sub, stderr: text, err: err}
	}
	if long != nil {
		return strings.TrimSpace(long.String()), nil
	}
	return strings.TrimSpace(string(res.Stdout)), nil
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
