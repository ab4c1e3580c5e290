package main

import (
	"bytes"
	"context"
	"strings"
	"syscall"
	"testing"

	"github.com/fwenv/fwenv/env/ops"
)

// Signals that come once the commit is over but before the command has
// returned (the install engine seals the cache entries it used and
// reports what it did; the session closes its progress) must not say
// "nothing changed": a second one ends fwenv at once with the line of what
// was installed and removed, and a first one alone leaves the same line
// when the command returns. The command runs in this process and is held
// at that step, where the signals are taken by hand, in order.
func TestSignalsAfterCommitSayWhatChanged(t *testing.T) {
	bin, dir, env := interruptFixture(t)
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	getenv := func(k string) string { return vars[k] }
	for _, c := range []struct {
		name string
		args []string
		want string
		fr   string
	}{
		{"install", []string{"install", "--no-index", "-f", "wheels", "alpha", "beta", "gamma"},
			"interrupted after installing 3 of 3; the environment is consistent", "alpha==1.0\nbeta==1.0\ngamma==1.0\n"},
		// sync.lock holds beta alone, which is uninstalled first: one
		// transaction installs it and removes alpha and gamma.
		{"sync", []string{"sync", "sync.lock"},
			"interrupted after installing 1 of 1 and removing 2 of 2; the environment is consistent", "beta==1.0\n"},
	} {
		if c.name == "sync" {
			if out, err := runPlain(bin, dir, env, "lock", "--no-index", "-f", "wheels", "-o", "sync.lock", "beta"); err != nil {
				t.Fatalf("fwenv lock: %v\n%s", err, out)
			}
			if out, err := runPlain(bin, dir, env, "uninstall", "-y", "beta"); err != nil {
				t.Fatalf("fwenv uninstall: %v\n%s", err, out)
			}
		}
		var stdout, stderr, said bytes.Buffer
		a := newApp(strings.NewReader(""), &stdout, &stderr, getenv)
		a.cwd = dir
		in := &interrupts{stderr: &said}
		in.ctx, in.cancel = context.WithCancel(context.Background())
		code := -1
		in.exit = func(n int) { code = n } // here the command goes on: what it leaves is checked after
		a.intr = in
		s := a.session()
		render := s.Events
		held, committing := false, false
		s.Events = func(e ops.Event) {
			render(e)
			// The install's progress closes after the engine returned,
			// before the operation returns.
			if p := e.Progress; p != nil && p.Task == ops.TaskInstall && p.End && !held {
				held, committing = true, ops.Committing()
				in.take(syscall.SIGTERM)
				in.take(syscall.SIGINT)
			}
		}
		root := a.rootCmd(c.args)
		root.SetArgs(c.args)
		err := root.Execute()
		for _, f := range a.cleanups {
			f()
		}
		if !held {
			t.Fatalf("%s: the install's progress never ended (error %v)\n%s", c.name, err, stderr.String())
		}
		if committing {
			t.Errorf("%s: a commit still ran when the engine had returned", c.name)
		}
		if code != 143 {
			t.Errorf("%s: the second signal exited with %d, want 143 (the first signal's)", c.name, code)
		}
		if want := c.want + "; stopped at once on the second signal\n"; said.String() != want {
			t.Errorf("%s: the second signal printed %q, want %q", c.name, said.String(), want)
		}
		if err != nil {
			t.Errorf("%s: the command failed: %v\n%s", c.name, err, stderr.String())
		}
		// The first signal alone: the line printed when the command returns.
		if got := in.line(err == nil); got != c.want {
			t.Errorf("%s: after the first signal the line is %q, want %q", c.name, got, c.want)
		}
		if got := freezeChecked(t, bin, dir, env); got != c.fr {
			t.Errorf("%s: freeze after the interruption:\n%s\nwant:\n%s", c.name, got, c.fr)
		}
	}
}
