// Package ops holds the operations users ask for — Create, Install,
// Uninstall, Sync, Lock, Download, Build — each an Options struct in and a
// Result out, with its messages and progress sent as Events to the
// Session's sink. It is the one place that strings the stages together:
// requirements (lockfile/requirements) and arguments are gathered into
// names and the user's own items, sources are opened from typed
// configuration (resolver/source/set), the resolution and the plan are made
// (resolver/solver, env/plan), files are fetched and built (env/prepare) and
// the plan is applied (env/install). The command layer (cmd/fwenv) parses
// flags, calls one operation and renders its result; tests drive the
// operations without a binary (ops_test.go).
//
// A Session is what the operations of one command share: the folder it
// runs in, the environment variables, the cache, the interpreter finder and
// its prober, the temporary folders removed by Close. Each stage keeps a
// typed hook of its own (install.Event, build.Event, prepare.Event, the
// fetch client's waits); ops turns them into one stream of Event.
//
// A command is interrupted through Session.Context: cancelling it stops the
// fetches, builds and a transaction not yet committed (interrupt.go), and
// Session.Interruption then says, as an Interrupted, what state the
// environment is in: what the committed transactions installed and
// removed (counted inside each commit, through install.Options.Committed,
// so a second interrupt once the commit is over sees them), or that
// nothing changed, and the downloads and builds stopped.
//
// What it does not do: it parses no flags and prints nothing (events and
// results are the caller's to render), asks nothing interactively (an
// uninstall's confirmation is a callback in its options), and holds no
// state between commands beyond what the cache keeps.
package ops
