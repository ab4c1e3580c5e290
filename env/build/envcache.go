package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/env/cachedir"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/venv"
)

// envFormat versions the layout of cached build environments; bump it to
// leave old entries unused.
const envFormat = "fwenv-build-env-1"

// completeMarker is written last into a cached build environment; a folder
// without it is an interrupted creation and is made again.
const completeMarker = ".fwenv-build-env.json"

// interpKey identifies an interpreter for cache keys: its real path and
// everything about it that changes what gets built.
func interpKey(in *python.Info) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s", in.Path, in.Version(), in.Implementation, in.ABIFlags, in.SOABI)
}

// EnvKey is the cache key of a build environment: the interpreter and the
// set of wheels (by project, version and sha256) installed into it.
func EnvKey(in *python.Info, wheels []Resolved) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", envFormat, interpKey(in))
	for _, w := range wheels {
		fmt.Fprintf(h, "%s %s %s\n", w.Project, w.Version, w.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildEnv is a ready build environment.
type buildEnv struct {
	Dir    string
	Python string
	Key    string
	Wheels []Resolved
	Reused bool
}

// EnvError is a build environment that could not be made.
type EnvError struct {
	Dir string
	Err error
}

func (e *EnvError) Error() string {
	return fmt.Sprintf("build environment %s: %v", e.Dir, e.Err)
}

// Hint tells what to try.
func (e *EnvError) Hint() string {
	if h, ok := e.Err.(interface{ Hint() string }); ok {
		return h.Hint()
	}
	return "check that the cache folder is writable; removing " + e.Dir + " is always safe"
}

func (e *EnvError) Unwrap() error { return e.Err }

type envMarker struct {
	Interpreter string   `json:"interpreter"`
	Wheels      []string `json:"wheels"`
	Created     string   `json:"created"`
}

// ensureEnv returns the cached build environment holding wheels, making it
// when missing. Creation happens under an exclusive lock per key, so
// concurrent fwenv processes make it once; the environment is made at its
// final path (console scripts and RECORD name the environment's absolute
// path, so it cannot be moved after populating) and becomes visible to
// readers only when the completion marker is renamed into it. A folder
// without the marker (a creation killed halfway) is removed and made again.
func ensureEnv(ctx context.Context, o *Options, project string, wheels []Resolved) (*buildEnv, error) {
	key := EnvKey(o.Interp, wheels)
	root := filepath.Join(o.CacheDir, "build-envs")
	dir := filepath.Join(root, key[:24])
	be := &buildEnv{Dir: dir, Python: filepath.Join(dir, "bin", "python"), Key: key, Wheels: wheels}
	if complete(dir) {
		be.Reused = true
		cachedir.Touch(dir) // fwenv cache prune keeps what is used
		o.emit(Event{Kind: EnvReused, Project: project, Dir: dir})
		return be, nil
	}
	lk, err := lockFile(ctx, filepath.Join(root, key[:24]+".lock"), func() {
		o.emit(Event{Kind: Waiting, Project: project, Dir: dir})
	})
	if err != nil {
		return nil, &EnvError{Dir: dir, Err: err}
	}
	defer lk.release()
	if complete(dir) {
		be.Reused = true
		cachedir.Touch(dir) // fwenv cache prune keeps what is used
		o.emit(Event{Kind: EnvReused, Project: project, Dir: dir})
		return be, nil
	}
	if _, err := os.Lstat(dir); err == nil {
		if err := os.RemoveAll(dir); err != nil {
			return nil, &EnvError{Dir: dir, Err: fmt.Errorf("cannot remove an incomplete build environment: %w", err)}
		}
	}
	o.emit(Event{Kind: EnvCreating, Project: project, Dir: dir})
	if o.Populate == nil {
		return nil, &EnvError{Dir: dir, Err: fmt.Errorf("no Populate function to install the build requirements")}
	}
	if _, err := venv.Create(venv.CreateOptions{Spec: venv.Spec{Dir: dir, Interp: o.Interp, Prompt: "fwenv-build"}}); err != nil {
		return nil, &EnvError{Dir: dir, Err: err}
	}
	paths := make([]string, len(wheels))
	names := make([]string, len(wheels))
	for i, w := range wheels {
		paths[i] = w.Path
		names[i] = fmt.Sprintf("%s==%s sha256:%s %s", w.Project, w.Version, w.SHA256, w.Path)
	}
	if len(paths) > 0 {
		if err := o.Populate(ctx, dir, o.Interp, paths); err != nil {
			os.RemoveAll(dir)
			return nil, &EnvError{Dir: dir, Err: fmt.Errorf("installing the build requirements: %w", err)}
		}
	}
	data, _ := json.MarshalIndent(envMarker{Interpreter: interpKey(o.Interp), Wheels: names, Created: time.Now().UTC().Format(time.RFC3339)}, "", "  ")
	if err := atomicfile.WriteFile(filepath.Join(dir, completeMarker), data, atomicfile.Options{Perm: 0o644, Temp: completeMarker + ".*.tmp"}); err != nil {
		os.RemoveAll(dir)
		return nil, &EnvError{Dir: dir, Err: err}
	}
	o.emit(Event{Kind: EnvCreated, Project: project, Dir: dir})
	return be, nil
}

func complete(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, completeMarker))
	return err == nil
}

// hookEnviron is the process environment of a hook: base with the
// interpreter's environment active, PYTHONPATH and PYTHONHOME removed (they
// would break isolation) and unbuffered output so the log keeps its order.
func hookEnviron(base []string, envDir string, isolated bool) []string {
	out := make([]string, 0, len(base)+4)
	path := ""
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONUNBUFFERED", "VIRTUAL_ENV", "PIP_BUILD_TRACKER", "__PYVENV_LAUNCHER__":
			continue
		case "PATH":
			path = v
			continue
		}
		out = append(out, kv)
	}
	if envDir != "" {
		out = append(out, "VIRTUAL_ENV="+envDir)
		path = filepath.Join(envDir, "bin") + string(os.PathListSeparator) + path
	}
	out = append(out, "PATH="+path, "PYTHONUNBUFFERED=1")
	if isolated {
		out = append(out, "PYTHONNOUSERSITE=1")
	}
	return out
}
