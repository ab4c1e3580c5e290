package install

import (
	"context"
	"testing"
)

// Options.Committed is called once per transaction, with what it installed
// and removed, while Committing still reports the commit: a caller counts
// the change before a second interrupt can see the commit over. Install
// with removals (sync) and Uninstall both.
func TestCommittedCountsInsideTheCommit(t *testing.T) {
	tg := fakeTarget(t)
	type call struct {
		installed, removed int
		committing         bool
	}
	var calls []call
	o := testOptions(t)
	o.Committed = func(installed, removed int) {
		calls = append(calls, call{installed, removed, Committing()})
	}
	mustInstall(t, tg, o, threeWheels(t)...)
	if want := []call{{3, 0, true}}; len(calls) != 1 || calls[0] != want[0] {
		t.Fatalf("install: Committed calls %+v, want %+v", calls, want)
	}
	calls = nil
	// Nothing to do: no transaction, no call.
	mustInstall(t, tg, o, threeWheels(t)[:1]...)
	if len(calls) != 0 {
		t.Fatalf("an install with nothing to do: Committed calls %+v, want none", calls)
	}
	// One transaction installs again and removes: sync's.
	o.Reinstall = true
	o.Remove = []string{"beta"}
	mustInstall(t, tg, o, threeWheels(t)[:1]...)
	o.Reinstall, o.Remove = false, nil
	if want := (call{1, 1, true}); len(calls) != 1 || calls[0] != want {
		t.Fatalf("install with removals: Committed calls %+v, want [%+v]", calls, want)
	}
	calls = nil
	res, err := Uninstall(tg, []string{"alpha", "gamma"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := (call{0, 2, true}); len(calls) != 1 || calls[0] != want || len(res.Removed) != 2 {
		t.Fatalf("uninstall: Committed calls %+v (removed %v), want [%+v]", calls, res.Removed, want)
	}
	// A command cancelled before its commit: nothing was committed.
	calls = nil
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o.Context = ctx
	if _, err := Install(tg, threeWheels(t), o); err == nil {
		t.Fatal("a cancelled install succeeded")
	}
	if len(calls) != 0 {
		t.Errorf("a cancelled install: Committed calls %+v, want none", calls)
	}
}
