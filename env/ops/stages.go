package ops

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/install/lock"
	"github.com/fwenv/fwenv/env/prepare"
	"github.com/fwenv/fwenv/env/python"
)

// BuildChoices are the build flags of a command.
type BuildChoices struct {
	NoIsolation bool
	// ConfigSettings are KEY=VALUE strings passed to the backend.
	ConfigSettings []string
	NoBuildCache   bool
}

func (b BuildChoices) parse() (prepare.Build, error) {
	settings := map[string][]string{}
	for _, kv := range b.ConfigSettings {
		k, v, ok := cutEq(kv)
		if !ok {
			return prepare.Build{}, UsageError{fmt.Errorf("--config-settings %q: expected KEY=VALUE", kv)}
		}
		settings[k] = append(settings[k], v)
	}
	return prepare.Build{NoIsolation: b.NoIsolation, ConfigSettings: settings, NoCache: b.NoBuildCache}, nil
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], i > 0
		}
	}
	return "", "", false
}

// preparer makes the preparing stage for interpreter env (and its folder,
// when it is an environment), fetching with fetcher.
func (s *Session) preparer(e *Env, b BuildChoices, o prepare.Options) (*prepare.Preparer, error) {
	pb, err := b.parse()
	if err != nil {
		return nil, err
	}
	o.Interp, o.EnvDir, o.CacheDir, o.Build = e.Info, e.Dir(), s.Cache(), pb
	o.Interpreters = build.Discovered(s.Finder().List)
	o.Populate = s.populate
	o.BuildLog = s.BuildLog
	o.TempDir = s.TempDir
	o.Events = s.prepareEvent
	o.Context = s.ctx()
	return prepare.New(o), nil
}

// populate fills a build environment with the install engine: the
// build.Populate that every build of fwenv uses.
func (s *Session) populate(ctx context.Context, envDir string, info *python.Info, wheels []string) error {
	t, err := install.NewTarget(envDir, info)
	if err != nil {
		return err
	}
	reqs := make([]install.Request, len(wheels))
	for i, w := range wheels {
		reqs[i] = install.Request{Path: w}
	}
	_, err = install.Install(t, reqs, &install.Options{Cache: cache.New(s.Cache()), Context: ctx})
	return err
}

// prepareEvent turns the preparing stage's reports into events.
func (s *Session) prepareEvent(e prepare.Event) {
	switch e.Kind {
	case prepare.Building:
		s.emit(Event{Progress: &Progress{Task: TaskBuild, Name: e.Name}})
	case prepare.BuildRunning:
		s.emit(Event{Level: Info, Message: e.Message})
	case prepare.Built:
		s.emit(Event{Progress: &Progress{Task: TaskBuild, Name: e.Name, End: true}})
	case prepare.BuildFallback, prepare.BuildWaiting, prepare.CheckingOut, prepare.CheckoutReused, prepare.Waiting:
		s.emit(Event{Level: Info, Message: e.Message})
	case prepare.Fetched:
		s.emit(Event{Progress: &Progress{Task: TaskDownload, Name: e.Name, Done: e.Done, Total: e.Total, End: e.Done == e.Total}})
	default:
		s.emit(Event{Level: Debug, Message: e.Message})
	}
}

// building shows a build the operation runs itself (not through
// Preparer.Build) as a TaskBuild; the returned function ends it.
func (s *Session) building(name string) (end func()) {
	s.emit(Event{Progress: &Progress{Task: TaskBuild, Name: name}})
	return func() { s.emit(Event{Progress: &Progress{Task: TaskBuild, Name: name, End: true}}) }
}

// installEvent turns the install engine's reports into events.
func (s *Session) installEvent(e install.Event) {
	switch e.Kind {
	case install.EventWaiting:
		if who := lock.Holder(e.Path); who != "" {
			s.infof("waiting for the environment lock held by %s (%s)…", who, e.Path)
		} else {
			s.infof("waiting for another fwenv to finish with this environment (%s)…", e.Path)
		}
	case install.EventCacheRepair:
		s.warnf("%s", e.Message)
	case install.EventCompile:
		if e.Message != "" {
			s.infof("%s", e.Message) // still running after a second
		}
	default:
		if e.Message != "" {
			s.debugf("%s", e.Message)
		}
	}
}

// installing reports an install of n wheels: each wheel unpacked and
// staged (the slow part; moving the files into place takes milliseconds)
// advances one TaskInstall, which end closes when the install returns.
func (s *Session) installing(n int) (progress func(install.Event), end func()) {
	var mu sync.Mutex
	staged := 0
	progress = func(e install.Event) {
		if e.Kind == install.EventStaged && n > 0 {
			mu.Lock()
			staged++
			s.emit(Event{Progress: &Progress{Task: TaskInstall, Name: e.Wheel, Done: staged, Total: n}})
			mu.Unlock()
		}
		s.installEvent(e)
	}
	end = func() {
		mu.Lock()
		defer mu.Unlock()
		if staged > 0 {
			s.emit(Event{Progress: &Progress{Task: TaskInstall, Done: staged, Total: n, End: true}})
		}
	}
	return progress, end
}

// target is the install engine's view of an environment.
func target(e *Env) *install.Target {
	t, err := install.NewTarget(e.Venv.Dir, e.Info)
	if err != nil {
		panic(err) // NewTarget only fails on an unusable probe, which OpenEnv refused
	}
	return t
}

// recoverPending finishes or undoes an interrupted transaction before a
// plan is made, so that what is installed is judged whole (a run with
// nothing to install would otherwise leave it half done).
func (s *Session) recoverPending(e *Env, timeout install.Options) error {
	if ents, _ := os.ReadDir(filepath.Join(e.Venv.Dir, ".fwenv", "txn")); len(ents) == 0 {
		return nil
	}
	timeout.Progress = s.installEvent
	warns, err := install.Recover(target(e), &timeout)
	if err != nil {
		return err
	}
	for _, w := range warns {
		s.warnf("%s", w)
	}
	return nil
}
