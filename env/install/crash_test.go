package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/install/lock"
	"github.com/fwenv/fwenv/env/site"
)

// helperArgs is what the parent hands the helper process.
type helperArgs struct {
	Env    string
	Cache  string
	Wheels []string
	Kill   string // "stage:N", "unpack:N", "op:N", "committed", "sleep:DURATION" or ""
}

// TestHelperProcess is not a test: the crash tests run the test binary
// again with FWENV_INSTALL_HELPER set, and it installs and (maybe) dies.
func TestHelperProcess(t *testing.T) {
	raw := os.Getenv("FWENV_INSTALL_HELPER")
	if raw == "" {
		t.Skip("helper process only")
	}
	var a helperArgs
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatal(err)
	}
	die := func() { syscall.Kill(os.Getpid(), syscall.SIGKILL); time.Sleep(time.Hour) }
	kind, arg, _ := strings.Cut(a.Kill, ":")
	n, _ := strconv.Atoi(arg)
	switch kind {
	case "stage":
		testHookStaged = func(i int) {
			if i == n {
				die()
			}
		}
	case "unpack":
		i := 0
		var mu sync.Mutex
		cache.TestHookUnpacked = func(string) {
			mu.Lock()
			i++
			if i == n {
				die()
			}
			mu.Unlock()
		}
	case "op":
		testHookOp = func(i int) {
			if i == n {
				die()
			}
		}
	case "committed":
		testHookCommitted = die
	case "":
		testHookOp = func(i int) { opsDone.Store(int64(i + 1)) }
	case "sleep":
		d, _ := time.ParseDuration(arg)
		testHookStaged = func(i int) {
			if i == 1 {
				time.Sleep(d)
			}
		}
	}
	tg, err := NewTarget(a.Env, fakeInfo())
	if err != nil {
		t.Fatal(err)
	}
	var reqs []Request
	for _, w := range a.Wheels {
		reqs = append(reqs, req(w))
	}
	o := &Options{Cache: cache.New(a.Cache), Progress: func(e Event) {
		if e.Kind == EventWaiting {
			fmt.Println("WAITING")
		}
	}}
	if _, err := Install(tg, reqs, o); err != nil {
		t.Fatal(err)
	}
	fmt.Println("INSTALLED")
	fmt.Printf("OPS %d\n", opsDone.Load())
}

var opsDone atomic.Int64

func runHelper(t *testing.T, a helperArgs) (string, error) {
	data, _ := json.Marshal(a)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FWENV_INSTALL_HELPER="+string(data))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func killedBySignal(err error) bool {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
	}
	return false
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	os.RemoveAll(dst)
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v %s", err, out)
	}
}

// checkDists verifies that every installed distribution is whole: each file
// its RECORD lists exists with the recorded hash and size.
func checkDists(t *testing.T, tg *Target) map[string]string {
	t.Helper()
	db, err := site.Open(tg.Layout)
	if err != nil {
		t.Fatal(err)
	}
	if len(db.Problems) > 0 {
		t.Errorf("database problems: %v", db.Problems)
	}
	vers := map[string]string{}
	for _, d := range db.Dists() {
		vers[d.Key] = d.Version
		files, err := d.Files()
		if err != nil {
			t.Errorf("%s: %v", d.Name, err)
			continue
		}
		for _, f := range files {
			if f.Hash.IsZero() {
				continue
			}
			data, err := os.ReadFile(f.Abs)
			if err != nil {
				t.Errorf("%s %s: %v", d.Name, f.Rel, err)
				continue
			}
			if !record.Sum(data).Equal(f.Hash) && len(db.Owners(f.Abs)) == 1 {
				t.Errorf("%s %s: content does not match RECORD", d.Name, f.Rel)
			}
		}
	}
	return vers
}

func TestCrashAtAnyMomentRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs many processes")
	}
	base := t.TempDir()
	envDir := filepath.Join(base, "env")
	wheels := t.TempDir()
	tg := func() *Target {
		os.MkdirAll(filepath.Join(envDir, "bin"), 0o755)
		os.MkdirAll(filepath.Join(envDir, "lib/python3.11/site-packages"), 0o755)
		os.WriteFile(filepath.Join(envDir, "pyvenv.cfg"), []byte("home = /nonexistent\n"), 0o644)
		x, _ := NewTarget(envDir, fakeInfo())
		return x
	}()
	cacheDir := filepath.Join(base, "cache")
	o := &Options{Cache: cache.New(filepath.Join(base, "cache0"))}
	mustInstall(t, tg, o, req(buildWheel(t, wheels, demoSpec("1.0"))), req(buildWheel(t, wheels, pluginSpec("plugin1", nsInit))))
	orig := filepath.Join(base, "orig")
	copyTree(t, envDir, orig)
	before := snapshot(t, envDir)
	newWheels := []string{
		buildWheel(t, wheels, demoSpec("2.0")),
		buildWheel(t, wheels, pluginSpec("plugin2", nsInit)),
		buildWheel(t, wheels, pluginSpec("plugin3", "# other\n")),
	}
	out, err := runHelper(t, helperArgs{Env: envDir, Cache: filepath.Join(base, "cache1"), Wheels: newWheels})
	if err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	_, after0, _ := strings.Cut(out, "OPS ")
	ops, _ := strconv.Atoi(strings.Fields(after0)[0])
	if ops < 6 {
		t.Fatalf("clean run made %d operations:\n%s", ops, out)
	}
	after := snapshot(t, envDir)
	wantAfter := map[string]string{"demo-pkg": "2.0", "framework-typea-plugin1": "0.0.1", "framework-typea-plugin2": "0.0.1", "framework-typea-plugin3": "0.0.1"}
	points := []string{"unpack:1", "unpack:7", "stage:1", "stage:9", "op:0", "op:1", "op:" + strconv.Itoa(ops/3), "op:" + strconv.Itoa(ops/2), "op:" + strconv.Itoa(ops-1), "committed"}
	sawOld, sawNew := false, false
	for _, p := range points {
		t.Run(p, func(t *testing.T) {
			copyTree(t, orig, envDir)
			os.RemoveAll(cacheDir)
			out, err := runHelper(t, helperArgs{Env: envDir, Cache: cacheDir, Wheels: newWheels, Kill: p})
			if !killedBySignal(err) {
				t.Fatalf("helper was not killed at %s: %v\n%s", p, err, out)
			}
			msgs, err := Recover(tg, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := snapshot(t, envDir)
			vers := checkDists(t, tg)
			switch {
			case len(diffSnap(before, got)) == 0:
				sawOld = true
				if p == "committed" {
					t.Errorf("a committed transaction was rolled back (%v)", msgs)
				}
			case len(diffSnap(after, got)) == 0:
				sawNew = true
				for k, v := range wantAfter {
					if vers[k] != v {
						t.Errorf("%s = %q, want %s", k, vers[k], v)
					}
				}
			default:
				t.Errorf("neither old nor new after recovery (%v):\nvs old %v\nvs new %v", msgs, diffSnap(before, got), diffSnap(after, got))
			}
			if ents, _ := os.ReadDir(filepath.Join(envDir, ".fwenv/txn")); len(ents) > 0 {
				t.Errorf("transaction left: %v", ents)
			}
			// the interrupted command, run again, succeeds (the cache copes with leftovers)
			if _, err := Install(tg, []Request{req(newWheels[0]), req(newWheels[1]), req(newWheels[2])}, &Options{Cache: cache.New(cacheDir)}); err != nil {
				t.Fatal(err)
			}
			if d := diffSnap(after, snapshot(t, envDir)); len(d) > 0 {
				t.Errorf("rerun differs from a clean run: %v", d)
			}
		})
	}
	if !sawOld || !sawNew {
		t.Errorf("kill points did not cover both outcomes (old %v, new %v)", sawOld, sawNew)
	}
}

func TestRaceTwoInstalls(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs processes")
	}
	tg := fakeTarget(t)
	dir := t.TempDir()
	cacheDir := filepath.Join(t.TempDir(), "cache")
	a := buildWheel(t, dir, pluginSpec("plugin1", nsInit))
	b := buildWheel(t, dir, pluginSpec("plugin2", nsInit))
	var wg sync.WaitGroup
	outs := make([]string, 2)
	errs := make([]error, 2)
	for i, w := range []string{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 1 {
				time.Sleep(100 * time.Millisecond)
			}
			outs[i], errs[i] = runHelper(t, helperArgs{Env: tg.Layout.Root, Cache: cacheDir, Wheels: []string{w}, Kill: "sleep:700ms"})
		}()
	}
	wg.Wait()
	for i := range errs {
		if errs[i] != nil || !strings.Contains(outs[i], "INSTALLED") {
			t.Fatalf("install %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	if !strings.Contains(outs[0]+outs[1], "WAITING") {
		t.Errorf("neither install waited for the lock:\n%s\n%s", outs[0], outs[1])
	}
	vers := checkDists(t, tg)
	if len(vers) != 2 {
		t.Errorf("installed %v", vers)
	}
}

func TestLockTimeout(t *testing.T) {
	tg := fakeTarget(t)
	lk, err := lock.Acquire(nil, LockPath(tg), lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	waited := false
	o := testOptions(t)
	// A bounded wait says whom it waits for once it has lasted
	// lock.AnnounceAfter: wait a little longer than that.
	o.LockTimeout = lock.AnnounceAfter + 300*time.Millisecond
	o.Progress = func(e Event) {
		if e.Kind == EventWaiting {
			waited = true
		}
	}
	whl := buildWheel(t, t.TempDir(), demoSpec("1.0"))
	_, err = Install(tg, []Request{req(whl)}, o)
	if !errors.Is(err, lock.ErrTimeout) || !waited || !strings.Contains(err.Error(), "hint:") {
		t.Errorf("err %v, waited %v", err, waited)
	}
	lk.Release()
	if _, err := Install(tg, []Request{req(whl)}, o); err != nil {
		t.Errorf("after release: %v", err)
	}
}
