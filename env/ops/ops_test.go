package ops

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/source/set"
)

// writeWheel writes a pure-Python wheel NAME-VERSION with one module and
// the given Requires-Dist lines into dir.
func writeWheel(t *testing.T, dir, name, version string, requires ...string) {
	t.Helper()
	di := name + "-" + version + ".dist-info"
	files := map[string]string{
		name + ".py":     "X = 1\n",
		di + "/WHEEL":    "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
		di + "/METADATA": "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n",
	}
	for _, r := range requires {
		files[di+"/METADATA"] += "Requires-Dist: " + r + "\n"
	}
	f, err := os.Create(filepath.Join(dir, name+"-"+version+"-py3-none-any.whl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	var record strings.Builder
	for _, p := range []string{name + ".py", di + "/WHEEL", di + "/METADATA"} {
		w, _ := z.Create(p)
		w.Write([]byte(files[p]))
		sum := sha256.Sum256([]byte(files[p]))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", p, base64.RawURLEncoding.EncodeToString(sum[:]), len(files[p]))
	}
	record.WriteString(di + "/RECORD,,\n")
	w, _ := z.Create(di + "/RECORD")
	w.Write([]byte(record.String()))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}

// session is a Session in a fresh folder with its own cache, on the
// machine's pyenv 3.11 (skipped without it), recording its events.
func session(t *testing.T) (*Session, *[]Event) {
	t.Helper()
	root := filepath.Join(os.Getenv("HOME"), ".pyenv")
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		root = r
	}
	if m, _ := filepath.Glob(filepath.Join(root, "versions", "3.11*", "bin", "python3.11")); len(m) == 0 {
		t.Skip("no pyenv 3.11")
	}
	dir := t.TempDir()
	env := map[string]string{"HOME": dir, "PATH": filepath.Join(root, "shims") + ":/usr/bin:/bin", "PYENV_ROOT": root, "PYENV_VERSION": "3.11"}
	var mu sync.Mutex
	var events []Event
	s := &Session{Cwd: dir, Getenv: func(k string) string { return env[k] }, CacheDir: filepath.Join(dir, "cache"), Version: "test",
		Events: func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() }}
	t.Cleanup(s.Close)
	return s, &events
}

// TestOperationsWithoutBinary drives create, install, lock, uninstall and
// sync as a program would, without the command layer.
func TestOperationsWithoutBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an interpreter")
	}
	s, events := session(t)
	pkgs := filepath.Join(s.Cwd, "pkgs")
	os.MkdirAll(pkgs, 0o755)
	writeWheel(t, pkgs, "framework", "1.0")
	writeWheel(t, pkgs, "plugin", "1.0", "framework>=1")
	if _, err := s.Create(CreateOptions{Dir: "venv", Python: "3.11"}); err != nil {
		t.Fatal(err)
	}
	sel := EnvSelector{Flag: "venv"}
	src := Sources(pkgs)

	dry, err := s.Install(InstallOptions{Env: sel, Args: []string{"plugin"}, Sources: src, DryRun: true, LinkMode: "auto"})
	if err != nil || dry.DryRun == nil || dry.Applied != nil {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	var lines []string
	for _, c := range dry.DryRun.Changes {
		lines = append(lines, c.String())
	}
	if got := strings.Join(lines, "; "); got != "install framework 1.0; install plugin 1.0" {
		t.Errorf("dry run says %q", got)
	}

	res, err := s.Install(InstallOptions{Env: sel, Args: []string{"plugin"}, Sources: src, LinkMode: "auto"})
	if err != nil || res.Applied == nil || len(res.Applied.Installed) != 2 || len(res.Unmet) != 0 {
		t.Fatalf("install: %+v %v", res, err)
	}
	// The install bar: one step per wheel staged, then its end.
	var steps, ends int
	for _, e := range *events {
		if p := e.Progress; p != nil && p.Task == TaskInstall {
			if p.End {
				ends++
			} else {
				steps++
			}
			if p.Total != 2 {
				t.Errorf("install progress %+v, want a total of 2 wheels", *p)
			}
		}
	}
	if steps != 2 || ends != 1 {
		t.Errorf("install progress: %d steps, %d ends; want 2 and 1", steps, ends)
	}

	lk, err := s.Lock(LockOptions{Env: sel, Args: []string{"plugin"}, Sources: src, Output: "fwenv.lock"})
	if err != nil || lk.Packages != 2 {
		t.Fatalf("lock: %+v %v", lk, err)
	}
	if _, err := s.Uninstall(UninstallOptions{Env: sel, Names: []string{"framework"}}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Sync(SyncOptions{Env: sel, DryRun: true, LinkMode: "auto", FindLinks: []string{pkgs}})
	if err != nil || len(plan.Changes) != 1 || plan.Changes[0].String() != "install framework 1.0 (framework-1.0-py3-none-any.whl)" {
		t.Fatalf("sync dry run: %+v %v", plan, err)
	}
	done, err := s.Sync(SyncOptions{Env: sel, LinkMode: "auto", FindLinks: []string{pkgs}})
	if err != nil || done.Applied == nil || len(done.Applied.Installed) != 1 {
		t.Fatalf("sync: %+v %v", done, err)
	}
	again, err := s.Sync(SyncOptions{Env: sel, LinkMode: "auto", FindLinks: []string{pkgs}})
	if err != nil || !again.Matches {
		t.Errorf("second sync: %+v %v", again, err)
	}
}

// Sources is a find-links folder alone, no index.
func Sources(dir string) set.Config {
	return set.Config{NoIndex: true, FindLinks: []string{dir}, Timeout: 20 * time.Second, Retries: 3}
}
