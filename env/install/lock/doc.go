// Package lock takes the exclusive lock that serialises every change to one
// environment (ENV/.fwenv/lock): an flock(2) on a file that stays in place.
//
// What it does: Acquire creates the lock file if needed and takes an exclusive
// flock on it. When another process holds it, Acquire polls until the lock
// is free, the timeout passes (an error with a hint) or the context is
// cancelled, and calls the Waiting callback once: at once when the wait has
// no bound (Timeout 0), else when it has lasted a second (AnnounceAfter), so
// a command can say whom it waits for. The kernel drops the lock when the
// holder exits, even after kill -9, so a stale lock never needs cleaning.
//
// The holder writes "PID PROGRAM" into the lock file and clears it on
// release; Holder reads it back ("fwenv (pid 1234)") for the waiting
// message, and names nobody when that process is gone. The record is only
// ever written over an empty file or an earlier record, never through a
// symlink or into a file with several links.
//
// What it does not do: it does not lock across machines (flock on NFS is
// best effort), it is not reentrant within one process (a second Acquire on
// the same path from the same process waits like any other), and it does not
// decide what the lock protects (env/install does).
package lock
