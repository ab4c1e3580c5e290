package locate

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is what locate reads: only file information. OS is the real one;
// tests pass an in-memory filesystem (afero's MemMapFs fits).
type FS interface {
	Stat(name string) (fs.FileInfo, error)
}

type osFS struct{}

func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// OS reads the real filesystem.
var OS FS = osFS{}

// Names are the folder names searched for, in order, in each folder.
var Names = []string{".venv", "venv"}

// Input is what the choice depends on.
type Input struct {
	Flag       string // --env
	VirtualEnv string // $VIRTUAL_ENV
	Cwd        string // absolute
}

// Found is the chosen environment and why it was chosen.
type Found struct {
	Dir string // absolute
	// By is "--env", "VIRTUAL_ENV" or "found in <folder>".
	By string
}

// Error says no environment could be chosen.
type Error struct {
	Msg  string
	hint string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Hint() string  { return e.hint }

func isEnv(fsys FS, dir string) bool {
	st, err := fsys.Stat(filepath.Join(dir, "pyvenv.cfg"))
	return err == nil && !st.IsDir()
}

func abs(cwd, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cwd, p)
}

// Env chooses the environment.
func Env(fsys FS, in Input) (Found, error) {
	if in.Flag != "" {
		d := abs(in.Cwd, in.Flag)
		if !isEnv(fsys, d) {
			return Found{}, &Error{Msg: fmt.Sprintf("--env %s is not a virtual environment (no pyvenv.cfg)", in.Flag),
				hint: "create it with `fwenv create " + in.Flag + "`"}
		}
		return Found{Dir: d, By: "--env"}, nil
	}
	if in.VirtualEnv != "" {
		d := abs(in.Cwd, in.VirtualEnv)
		if !isEnv(fsys, d) {
			return Found{}, &Error{Msg: fmt.Sprintf("VIRTUAL_ENV=%s is not a virtual environment (no pyvenv.cfg)", in.VirtualEnv),
				hint: "run `deactivate`, or unset VIRTUAL_ENV, or pass --env DIR"}
		}
		return Found{Dir: d, By: "VIRTUAL_ENV"}, nil
	}
	if d, ok := Nearest(fsys, in.Cwd, func(dir string) (string, bool) {
		for _, n := range Names {
			if c := filepath.Join(dir, n); isEnv(fsys, c) {
				return c, true
			}
		}
		return "", false
	}); ok {
		return Found{Dir: d, By: "found in " + filepath.Dir(d)}, nil
	}
	return Found{}, &Error{Msg: "no virtual environment: --env is not given, VIRTUAL_ENV is not set, and there is no .venv or venv folder in " + in.Cwd + " or its parents",
		hint: "create one with `fwenv create` (makes .venv here), or pass --env DIR"}
}

// Nearest walks from dir up to the root and returns the first answer of try.
func Nearest(fsys FS, dir string, try func(dir string) (string, bool)) (string, bool) {
	for {
		if r, ok := try(dir); ok {
			return r, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// NearestFile finds name in dir or its parents.
func NearestFile(fsys FS, dir, name string) (string, bool) {
	return Nearest(fsys, dir, func(d string) (string, bool) {
		p := filepath.Join(d, name)
		st, err := fsys.Stat(p)
		return p, err == nil && !st.IsDir()
	})
}
