package install

// EventKind says what an Event reports.
type EventKind string

// The events Install and Uninstall report, roughly in order.
const (
	EventWaiting EventKind = "waiting" // another fwenv holds the lock (Path is the lock file)
	EventRecover EventKind = "recover" // a leftover transaction was rolled back or finished (Message says which)
	EventOpen    EventKind = "open"    // a wheel was opened and validated
	EventUnpack  EventKind = "unpack"  // a wheel was unpacked into the cache (miss)
	// EventCacheRepair: a cache entry no longer matched its wheel and is
	// unpacked again.
	EventCacheRepair EventKind = "cache-repair"
	EventCached      EventKind = "cached"  // a wheel was found in the cache (hit)
	EventStaged      EventKind = "staged"  // a distribution's files are staged
	EventCompile     EventKind = "compile" // byte-compiling N files
	EventCommit      EventKind = "commit"  // moving files into place (N of Total)
	EventRemoved     EventKind = "removed" // a distribution (or old version) was removed
	EventDone        EventKind = "done"    // a distribution is installed
	EventSkipped     EventKind = "skipped" // already installed at this version
	EventWarning     EventKind = "warning" // Message is a warning (also in Result.Warnings)
)

// Event is one progress report.
type Event struct {
	Kind     EventKind
	Dist     string // distribution name
	Version  string
	Wheel    string // wheel file name
	Path     string
	N, Total int
	Message  string
}
