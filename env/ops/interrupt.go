package ops

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/env/install"
)

// Interrupted is a command stopped by a signal (Ctrl-C, SIGTERM), as one
// line that says what state the environment is in. The install engine
// applies each command's change as one transaction: a signal before its
// commit leaves the environment untouched (the staged files are removed),
// and a commit under way runs to its end, so the environment is always
// either as before or wholly changed.
type Interrupted struct {
	// Env is set when the command changes an environment (install, sync,
	// uninstall).
	Env bool
	// Installed and Removed count the distributions the committed
	// transactions of the command installed and removed, of ToInstall and
	// ToRemove planned in them.
	Installed, ToInstall, Removed, ToRemove int
	// Stopped are the downloads and builds that were running and were
	// stopped ("the download of …", "the build of x-1.0.tar.gz").
	Stopped []string
}

func (e *Interrupted) Error() string { return e.Line(false) }

// Line is the one line printed for the interrupted command; finished says
// the command got to its end before it noticed the signal.
func (e *Interrupted) Line(finished bool) string {
	var b strings.Builder
	switch {
	case e.Installed > 0 || e.Removed > 0:
		var did []string
		if e.ToInstall > 0 {
			did = append(did, fmt.Sprintf("installing %d of %d", e.Installed, e.ToInstall))
		}
		if e.ToRemove > 0 {
			did = append(did, fmt.Sprintf("removing %d of %d", e.Removed, e.ToRemove))
		}
		b.WriteString("interrupted after " + strings.Join(did, " and ") + "; the environment is consistent")
	case e.Env:
		b.WriteString("interrupted: nothing changed")
	case finished:
		b.WriteString("interrupted: the command had finished")
	default:
		b.WriteString("interrupted before the command finished")
	}
	if len(e.Stopped) > 0 {
		b.WriteString(" (" + strings.Join(e.Stopped, ", ") + " stopped; no partial file was kept and the cache is consistent)")
	}
	return b.String()
}

// changeCount is what a session did that an interruption reports.
type changeCount struct {
	mu                                      sync.Mutex
	env                                     bool
	installed, toInstall, removed, toRemove int
	builds                                  map[string]bool
	fetching                                string // the file of the download running, "" for none
	// stopped are the downloads and builds that ended after the session's
	// context was cancelled: the interruption stopped them.
	stopped []string
}

// ctx is the session's context (Background when none was given).
func (s *Session) ctx() context.Context {
	if s.Context != nil {
		return s.Context
	}
	return context.Background()
}

// changing marks the session as one that changes an environment.
func (s *Session) changing() {
	s.changes.mu.Lock()
	s.changes.env = true
	s.changes.mu.Unlock()
}

// committed records a transaction applied to the environment, with the
// number of distributions it installed and removed. The install engine
// calls it inside the commit (install.Options.Committed), before
// Committing drops: a second interrupt that comes once the commit is over
// finds it counted.
func (s *Session) committed(installed, removed int) {
	c := &s.changes
	c.mu.Lock()
	defer c.mu.Unlock()
	c.env = true
	c.installed += installed
	c.toInstall += installed
	c.removed += removed
	c.toRemove += removed
}

// track follows the downloads and builds running, from the session's
// progress events.
func (s *Session) track(e Event) {
	p := e.Progress
	if p == nil || (p.Task != TaskBuild && p.Task != TaskFetch) {
		return
	}
	c := &s.changes
	c.mu.Lock()
	defer c.mu.Unlock()
	cancelled := s.Context != nil && s.Context.Err() != nil
	stop := func(what string) {
		if cancelled && !slices.Contains(c.stopped, what) {
			c.stopped = append(c.stopped, what)
		}
	}
	switch p.Task {
	case TaskBuild:
		if c.builds == nil {
			c.builds = map[string]bool{}
		}
		if p.End {
			if c.builds[p.Name] {
				stop("the build of " + p.Name)
			}
			delete(c.builds, p.Name)
		} else {
			c.builds[p.Name] = true
		}
	case TaskFetch:
		if p.End && c.fetching != "" {
			stop("the download of " + c.fetching)
		}
		c.fetching = p.Name
		if p.End {
			c.fetching = ""
		}
	}
}

// Interruption says what the session left when its command was
// interrupted: what its committed transactions changed, or that nothing
// changed, and the downloads and builds it stopped.
func (s *Session) Interruption() *Interrupted {
	c := &s.changes
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &Interrupted{Env: c.env, Installed: c.installed, ToInstall: c.toInstall, Removed: c.removed, ToRemove: c.toRemove}
	e.Stopped = append(e.Stopped, c.stopped...)
	if c.fetching != "" {
		e.Stopped = append(e.Stopped, "the download of "+c.fetching)
	}
	var builds []string
	for n := range c.builds {
		builds = append(builds, "the build of "+n)
	}
	sort.Strings(builds)
	e.Stopped = append(e.Stopped, builds...)
	return e
}

// Committing reports whether a transaction is moving files into an
// environment now (install.Committing): a second interrupt then waits for
// it to end.
func Committing() bool { return install.Committing() }
