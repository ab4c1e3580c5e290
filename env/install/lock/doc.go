// Package lock takes the exclusive lock that serialises every change to one
// environment (ENV/.fwenv/lock): an flock(2) on a file that stays in place.
//
// What it does: Acquire creates the lock file if needed and takes an exclusive
// flock on it. When another process holds it, Acquire calls the Waiting
// callback once (so a command can say "waiting for another fwenv…") and
// polls until the lock is free, the timeout passes (an error with a hint) or
// the context is cancelled. The kernel drops the lock when the holder exits,
// even after kill -9, so a stale lock never needs cleaning.
//
// What it does not do: it does not lock across machines (flock on NFS is
// best effort), it is not reentrant within one process (a second Acquire on
// the same path from the same process waits like any other), and it does not
// decide what the lock protects (env/install does).
package lock
