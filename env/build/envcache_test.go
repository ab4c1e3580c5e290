package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python"
)

// TestInterruptedEnvIsRemade: a build environment folder without its
// completion marker (a creation killed halfway) is removed and made again; a
// complete one is reused without populating.
func TestInterruptedEnvIsRemade(t *testing.T) {
	in := pyenvInfo(t, "3.11")
	cache := t.TempDir()
	populated := 0
	o := &Options{Interp: in, CacheDir: cache, Populate: func(ctx context.Context, envDir string, info *python.Info, wheels []string) error {
		populated++
		return os.WriteFile(filepath.Join(envDir, "populated"), []byte(strings.Join(wheels, "\n")), 0o644)
	}}
	ws := []Resolved{{Project: "fake", Version: "1.0", Path: "/nowhere/fake-1.0-py3-none-any.whl", SHA256: strings.Repeat("a", 64)}}
	key := EnvKey(in, ws)
	dir := filepath.Join(cache, "build-envs", key[:24])
	writeFiles(t, dir, map[string]string{"half-made": "x"})
	be, err := ensureEnv(context.Background(), o, "p", ws)
	if err != nil {
		t.Fatal(err)
	}
	if be.Dir != dir || be.Reused || populated != 1 {
		t.Fatalf("env %+v populated %d", be, populated)
	}
	if _, err := os.Stat(filepath.Join(dir, "half-made")); err == nil {
		t.Fatal("leftover of the interrupted creation kept")
	}
	if _, err := os.Stat(filepath.Join(dir, "pyvenv.cfg")); err != nil {
		t.Fatal(err)
	}
	be, err = ensureEnv(context.Background(), o, "p", ws)
	if err != nil || !be.Reused || populated != 1 {
		t.Fatalf("second ensureEnv: %+v %v populated %d", be, err, populated)
	}
	// A failed populate leaves nothing behind.
	o.Populate = func(context.Context, string, *python.Info, []string) error { return os.ErrPermission }
	ws[0].SHA256 = strings.Repeat("b", 64)
	_, err = ensureEnv(context.Background(), o, "p", ws)
	if err == nil {
		t.Fatal("populate failure not reported")
	}
	if h := err.(*EnvError).Hint(); h == "" {
		t.Fatal("no hint")
	}
	if _, err := os.Stat(filepath.Join(cache, "build-envs", EnvKey(in, ws)[:24])); err == nil {
		t.Fatal("failed environment left behind")
	}
}
