// Package proc runs the subprocesses fwenv starts so that no wait is
// unbounded and silent.
//
// fwenv starts two kinds of processes. Short helpers answer a question and
// exit: the interpreter probe, `python -c` checks, `git` queries. Run starts
// one in a process group of its own, with a timeout and a cap on the
// output it keeps: on timeout, on cancel or when the output passes the cap,
// the whole group is killed (a wrapper script's `sleep` child too), and a
// grandchild that escaped the group while holding the output pipe cannot
// keep Run waiting (exec.Cmd.WaitDelay). Leftovers of the group are killed
// when the helper ends.
//
// Long processes may legitimately run for minutes: build backends, `git
// clone` and `git fetch`, byte-compiling. Run runs one with
// Options.NoTimeout: it never times out, a cancel still kills its whole
// group, its stdout is capped (passing the cap stops it) or handed to the
// caller's writer, only the end of its stderr is kept (Options.StderrTail:
// a traceback's useful part is at the end), leftovers are killed when it
// ends, and Options.Announce is called once when it has been running
// longer than AnnounceAfter, so that the command can say on stderr what it
// waits for. Group and Announce are the same pieces for callers that run
// a process themselves. The capped writers are archive/bounded's Head and
// Tail. `fwenv run` and `fwenv activate` hand the terminal to the
// user's program: they neither time out nor announce, and signals reach
// the program as from a shell.
//
// The package never prints; callers report through their own events.
package proc
