package main

import (
	"fmt"
	"io"

	"golang.org/x/sys/unix"
)

// TimingVar, when set in the environment, makes fwenv print on stderr, as
// it exits, the system's monotonic clock (CLOCK_MONOTONIC, nanoseconds) at
// the start and at the end of main:
//
//	fwenv-timing: main START END
//
// `fwenv-bench -mode phases` reads it to split a command's time into the
// process start (exec, Go runtime, package initialisation), main, and the
// exit until the parent's wait returns. The clock is the one every process
// of the machine shares, so the harness compares it with its own readings.
const TimingVar = "FWENV_TIMING"

func monotonic() int64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts) != nil {
		return 0
	}
	return ts.Nano()
}

// timed runs run and, when TimingVar is set, reports main's start and end
// on stderr.
func timed(getenv func(string) string, stderr io.Writer, run func() int) int {
	if getenv(TimingVar) == "" {
		return run()
	}
	start := monotonic()
	code := run()
	fmt.Fprintf(stderr, "fwenv-timing: main %d %d\n", start, monotonic())
	return code
}
