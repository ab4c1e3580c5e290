package ops

// Level says how a message event is shown.
type Level int

const (
	// Debug is shown with --verbose only.
	Debug Level = iota
	// Info is shown unless --quiet.
	Info
	// Warning is shown unless --quiet, as "warning: MESSAGE".
	Warning
)

// Task names a counted activity a progress display can draw.
type Task string

const (
	TaskDownload Task = "download" // files fetched for a plan or a bundle (count)
	TaskInstall  Task = "install"  // files moved into the environment (count)
	TaskBuild    Task = "build"    // a build backend running (no total)
	TaskFetch    Task = "fetch"    // bytes received by the downloads running (Bytes)
)

// Event is the one thing the operations report while they run: a message
// (Progress nil) or a progress update (Progress set, Message empty). The
// stages below keep typed hooks of their own (install.Event, build.Event,
// fetch's waits, prepare.Event); an operation turns them into Events.
type Event struct {
	Level    Level
	Message  string // one line or more, without the final newline; not escaped
	Progress *Progress
}

// Progress is the state of a counted activity.
type Progress struct {
	Task  Task
	Label string // what the task is about, for the bar
	Name  string // the item being worked on now (escape before showing)
	Done  int    // items done so far
	Total int    // items in all; 0 when unknown
	End   bool   // the task is over (successful or not)
	Bytes bool   // Done and Total count bytes, not items
}
