package install

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func threeWheels(t *testing.T) []Request {
	t.Helper()
	dir := t.TempDir()
	var reqs []Request
	for _, n := range []string{"alpha", "beta", "gamma"} {
		reqs = append(reqs, req(buildWheel(t, dir, wheelSpec{Name: n, Version: "1.0", Files: map[string]string{n + "/__init__.py": "X = 1\n"}})))
	}
	return reqs
}

// A command cancelled at the last moment before its commit (here by the
// warning of the plan, the last step before it: two wheels write one file)
// leaves the environment as it was, without a transaction folder.
func TestCancelBeforeCommitChangesNothing(t *testing.T) {
	tg := fakeTarget(t)
	before := snapshot(t, tg.Layout.Root)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := testOptions(t)
	o.Context = ctx
	o.Progress = func(e Event) {
		if e.Kind == EventWarning {
			cancel()
		}
	}
	dir := t.TempDir()
	reqs := []Request{
		req(buildWheel(t, dir, wheelSpec{Name: "alpha", Version: "1.0", Files: map[string]string{"shared.py": "A = 1\n"}})),
		req(buildWheel(t, dir, wheelSpec{Name: "beta", Version: "1.0", Files: map[string]string{"shared.py": "B = 1\n"}})),
	}
	_, err := Install(tg, reqs, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Install = %v, want context.Canceled", err)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) != 0 {
		t.Errorf("the environment changed: %v", d)
	}
	if ents, _ := os.ReadDir(txnRoot(tg.Layout.Root)); len(ents) != 0 {
		t.Errorf("a transaction folder is left: %v", ents)
	}
	if Committing() {
		t.Error("Committing after the install returned")
	}
}

// Cancelled while the commit moves files: the commit runs to its end (the
// environment holds every distribution), Committing says so meanwhile, and
// Install reports what it did.
func TestCancelDuringCommitFinishesIt(t *testing.T) {
	tg := fakeTarget(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var during []bool
	testHookOp = func(i int) {
		if i == 0 {
			cancel()
		}
		during = append(during, Committing())
	}
	defer func() { testHookOp = nil }()
	o := testOptions(t)
	o.Context = ctx
	res, err := Install(tg, threeWheels(t), o)
	if err != nil {
		t.Fatalf("Install cancelled during its commit: %v", err)
	}
	if len(res.Installed) != 3 {
		t.Errorf("installed %v, want the three", res.Installed)
	}
	for _, n := range []string{"alpha", "beta", "gamma"} {
		if _, err := os.Stat(filepath.Join(tg.Layout.Purelib, n, "__init__.py")); err != nil {
			t.Errorf("%s is not in place: %v", n, err)
		}
	}
	for i, c := range during {
		if !c {
			t.Errorf("Committing was false during operation %d of the commit", i)
		}
	}
	if len(during) == 0 || Committing() {
		t.Errorf("Committing: %v during the commit, %v after", during, Committing())
	}
}
