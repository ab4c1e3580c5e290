package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// benchPhases splits `fwenv create` (warm probe cache, fresh folders) into
// the time from fork/exec to the first line of main (exec, Go runtime,
// package initialisation), main itself, and from the end of main until
// wait4 returns (exit, the kernel's teardown, the parent's wake-up), with
// fwenv's FWENV_TIMING readings of the shared monotonic clock.
func benchPhases(rounds int) {
	cache := filepath.Join(tmp, "cache")
	run([]string{fw, "--cache-dir", cache, "create", "-q", "-p", py, filepath.Join(tmp, "warm")})
	names := []string{"exec to main", "main", "end of main to wait", "whole process"}
	phases := make([][]time.Duration, len(names))
	for r := 0; r < rounds; r++ {
		d := mkround()
		ps := runPhases([]string{fw, "--cache-dir", cache, "create", "-q", "-p", py, d + "/e"})
		for i := range ps {
			phases[i] = append(phases[i], ps[i])
		}
		if !keep {
			os.RemoveAll(d)
		}
	}
	fmt.Printf("interpreter: %s\nrounds: %d (fresh folders, warm probe cache)\n\n", py, rounds)
	fmt.Printf("| phase of fwenv create | median | min |\n|---|---|---|\n")
	for i, n := range names {
		fmt.Printf("| %s | %.2f ms | %.2f ms |\n", n, float64(median(phases[i]))/1e6, float64(minimum(phases[i]))/1e6)
	}
}

func monotonic() int64 {
	var ts unix.Timespec
	check(unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts))
	return ts.Nano()
}

// runPhases runs argv as run does, with FWENV_TIMING set and stderr in a
// file, and returns the three phases and the whole.
func runPhases(argv []string) [4]time.Duration {
	devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	check(err)
	defer devnull.Close()
	errf, err := os.CreateTemp(tmp, "stderr-")
	check(err)
	defer os.Remove(errf.Name())
	defer errf.Close()
	attr := &syscall.ProcAttr{Env: append(os.Environ(), "FWENV_TIMING=1"), Files: []uintptr{devnull.Fd(), devnull.Fd(), errf.Fd()}}
	syscall.Sync()
	t0 := monotonic()
	pid, err := syscall.ForkExec(argv[0], argv, attr)
	check(err)
	var ws syscall.WaitStatus
	_, err = syscall.Wait4(pid, &ws, 0, nil)
	t3 := monotonic()
	check(err)
	out, err := os.ReadFile(errf.Name())
	check(err)
	var t1, t2 int64
	i := strings.LastIndex(string(out), "fwenv-timing: main ")
	if ws.ExitStatus() != 0 || i < 0 {
		check(fmt.Errorf("%s: exit status %d, no timing line in %q", strings.Join(argv, " "), ws.ExitStatus(), out))
	}
	_, err = fmt.Sscanf(string(out[i:]), "fwenv-timing: main %d %d", &t1, &t2)
	check(err)
	return [4]time.Duration{time.Duration(t1 - t0), time.Duration(t2 - t1), time.Duration(t3 - t2), time.Duration(t3 - t0)}
}
