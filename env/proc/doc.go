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
// clone` and `git fetch`, byte-compiling. They never time out; Group puts
// one in its own process group so a cancel reaches every process it
// started, and Announce calls a function once when one has been running
// longer than AnnounceAfter, so that the command can say on stderr what it
// waits for. `fwenv run` and `fwenv activate` hand the terminal to the
// user's program: they neither time out nor announce, and signals reach
// the program as from a shell.
//
// The package never prints; callers report through their own events.
package proc
