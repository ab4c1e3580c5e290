package main

import (
	"os"
	"time"

	"github.com/fwenv/fwenv/env/python"
)

// Scripts lower the interpreter probe's timeout with FWENV_TEST_PROBE_TIMEOUT
// (harden_waits.txtar), so that a probe that never answers fails in
// seconds. init runs in the fwenv the scripts start, too.
func init() {
	if v := os.Getenv("FWENV_TEST_PROBE_TIMEOUT"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			python.ProbeTimeout = d
		}
	}
}
