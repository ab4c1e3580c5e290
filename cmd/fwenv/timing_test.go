package main

import (
	"bytes"
	"fmt"
	"testing"
)

func TestTimed(t *testing.T) {
	var b bytes.Buffer
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if code := timed(getenv, &b, func() int { return 3 }); code != 3 || b.Len() != 0 {
		t.Fatalf("without %s: code %d, stderr %q", TimingVar, code, b.String())
	}
	env[TimingVar] = "1"
	before := monotonic()
	if code := timed(getenv, &b, func() int { return 0 }); code != 0 {
		t.Fatalf("code %d", code)
	}
	var start, end int64
	if _, err := fmt.Sscanf(b.String(), "fwenv-timing: main %d %d\n", &start, &end); err != nil || start < before || end < start || end > monotonic() {
		t.Fatalf("stderr %q (%v); before %d", b.String(), err, before)
	}
}
