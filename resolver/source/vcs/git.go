package vcs

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
)

// runner runs the system git without a shell and without prompts.
type runner struct {
	bin    string
	env    []string
	secret string // the URL whose credentials are scrubbed from git's output
}

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
	return &runner{bin: bin, env: env, secret: spec.URL}, nil
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
	cmd := exec.CommandContext(ctx, g.bin, full...)
	cmd.Env = g.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		sub := ""
		if len(args) > 0 {
			sub = args[0]
		}
		return "", &gitError{args: sub, stderr: scrub(stderr.String(), g.secret), err: err}
	}
	return strings.TrimSpace(stdout.String()), nil
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
