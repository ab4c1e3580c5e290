package build

import (
	"context"
	"io"
	"sync"

	"github.com/fwenv/fwenv/env/python"
)

// Populate installs wheels into the environment at envDir (made for info).
// The operations (env/ops) give the install engine (env/install).
type Populate func(ctx context.Context, envDir string, info *python.Info, wheels []string) error

// Options are the choices shared by every build.
type Options struct {
	// Interp is the target interpreter: the build environment is made from
	// it and the built wheel is for it. Required.
	Interp *python.Info
	// Env is the target environment folder. With NoIsolation the hooks run
	// with its bin/python; otherwise it is not used.
	Env string
	// CacheDir holds build environments (CacheDir/build-envs), built files
	// (CacheDir/built) and failed builds' logs (CacheDir/build-logs).
	// Required.
	CacheDir string
	// FindLinks are the folders searched first for build requirements.
	FindLinks []string
	// Interpreters lists the discovered interpreters whose ensurepip bundles
	// serve build requirements the find-links folders lack (see Discovered).
	// Called at most once per build; nil means the target's bundle only.
	Interpreters func() []*python.Info
	// SystemWheels is Debian's wheel folder; "" means SystemWheelDir and
	// "-" means none.
	SystemWheels string
	// ConfigSettings are passed to every hook as config_settings: a key
	// given once is a string, a key given several times a list (as pip and
	// build do). Nil passes None.
	ConfigSettings map[string][]string
	// Provide, when set, is asked for the build requirements (the static
	// ones, then those the backend adds) before any pool is searched; it
	// returns folders holding wheels for them (fetched from a package
	// index, say), searched before the find-links folders. An error stops
	// the build.
	Provide func(ctx context.Context, requirements []string) (dirs []string, err error)
	// NoIsolation builds in the target environment (Env, else the
	// interpreter itself) without a build environment.
	NoIsolation bool
	// NoCache always runs the backend and does not store the result.
	NoCache bool
	// Populate installs wheels into a new build environment. Required
	// unless NoIsolation.
	Populate Populate
	// Verbose, when set, receives the backends' output as it is printed.
	Verbose io.Writer
	// KeepLog keeps the log file of a successful build (its path is in
	// Result.Log); a failed build's log is always kept.
	KeepLog bool
	// Events receives progress; it may be called from several goroutines
	// when builds run in parallel.
	Events func(Event)
	// Environ is the base process environment for hooks; nil means
	// os.Environ().
	Environ []string
}

// EventKind says what happened.
type EventKind int

const (
	// RequirementResolved: a build requirement was served by Wheel (with its Origin;
	// the caller says which fallback served what).
	RequirementResolved EventKind = iota
	// EnvCreating: a build environment is being made (Dir).
	EnvCreating
	// EnvCreated: a build environment was made (Dir).
	EnvCreated
	// EnvReused: a cached build environment is used (Dir).
	EnvReused
	// HookStart: a hook is being called (Hook).
	HookStart
	// CacheHit: the built file came from the cache (Path); no backend ran.
	CacheHit
	// Built: the backend produced Path.
	Built
	// Waiting: another fwenv is making the same build environment.
	Waiting
	// HookRunning: a hook (Hook, of Backend) has been running for more
	// than a second; it goes on, without a time limit.
	HookRunning
)

// Event is one step of a build, for the caller to report.
type Event struct {
	Kind    EventKind
	Project string
	Hook    string
	Dir     string
	Path    string
	Wheel   *Resolved
	Backend string // the build backend, for HookRunning
}

func (o *Options) emit(e Event) {
	if o.Events != nil {
		o.Events(e)
	}
}

// Discovered returns an Interpreters function that runs list once (for
// example (*python.Finder).List) and keeps the interpreters that probed.
func Discovered(list func() []python.Found) func() []*python.Info {
	var once sync.Once
	var out []*python.Info
	return func() []*python.Info {
		once.Do(func() {
			for _, f := range list() {
				if f.Err == nil && f.Info != nil {
					out = append(out, f.Info)
				}
			}
		})
		return out
	}
}
