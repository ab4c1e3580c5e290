package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"fwenv": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)) },
		// fwenv-paused holds a command after a given line (interrupt_test.go).
		"fwenv-paused": pausedMain,
	})
}

var (
	sharedCacheOnce sync.Once
	sharedCache     string
)

// pyenvRoot is the machine's pyenv, whose interpreters the scripts use.
func pyenvRoot() string {
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		return r
	}
	return filepath.Join(os.Getenv("HOME"), ".pyenv")
}

// interpreters maps "3.11" (and "2.7") to the newest pyenv 3.11.x (2.7.x)
// executable.
func interpreters() map[string]string {
	out := map[string]string{}
	matches, _ := filepath.Glob(filepath.Join(pyenvRoot(), "versions", "3.*", "bin", "python3.*"))
	py2, _ := filepath.Glob(filepath.Join(pyenvRoot(), "versions", "2.7.*", "bin", "python2.7"))
	matches = append(matches, py2...)
	sort.Strings(matches)
	for _, m := range matches {
		base := filepath.Base(m)
		mm := strings.TrimPrefix(base, "python")
		if strings.Count(mm, ".") != 1 || strings.HasSuffix(mm, "-config") {
			continue
		}
		out[mm] = m
	}
	return out
}

func TestScripts(t *testing.T) {
	pys := interpreters()
	t.Cleanup(func() {
		if sharedCache != "" {
			os.RemoveAll(sharedCache)
		}
	})
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			sharedCacheOnce.Do(func() {
				dir, err := os.MkdirTemp("", "fwenv-test-cache-")
				if err == nil {
					sharedCache = dir
				}
			})
			home := filepath.Join(e.WorkDir, "home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			e.Setenv("HOME", home)
			e.Setenv("PYENV_ROOT", pyenvRoot())
			// The default interpreter is pyenv's newest 3.11, reached through
			// the shim on PATH as on a developer's shell.
			e.Setenv("PYENV_VERSION", "3.11")
			e.Setenv("PATH", filepath.Join(pyenvRoot(), "shims")+string(os.PathListSeparator)+e.Getenv("PATH"))
			e.Setenv("XDG_CACHE_HOME", sharedCache)
			e.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			e.Setenv("SHELL", "/bin/bash")
			// No test may reach a real index: the default one is a closed
			// local port (connection refused at once).
			e.Setenv("FWENV_INDEX_URL", "http://127.0.0.1:1/simple")
			repo, _ := filepath.Abs(filepath.Join("..", ".."))
			e.Setenv("REPO", repo)
			for mm, p := range pys {
				e.Setenv("PY"+strings.ReplaceAll(mm, ".", ""), p)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mkwheel":    mkwheel,
			"serveindex": serveindex,
			// exits N CMD ARGS... runs CMD and checks its exit status is N.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits N command [args...]")
				}
				err := ts.Exec(args[1], args[2:]...)
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				} else if err != nil {
					ts.Fatalf("%v", err)
				}
				if strconv.Itoa(code) != args[0] {
					ts.Fatalf("exit status %d, want %s", code, args[0])
				}
			},
		},
		Condition: func(cond string) (bool, error) {
			// [py:3.12] holds when that interpreter is installed.
			if v, ok := strings.CutPrefix(cond, "py:"); ok {
				_, have := pys[v]
				return have, nil
			}
			return false, nil
		},
	})
}
