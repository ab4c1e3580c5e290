package venv

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// CreateOptions are the choices of `fwenv create`.
type CreateOptions struct {
	Spec
	// Clear replaces an existing environment (or an empty folder). It never
	// touches a folder that is not an environment.
	Clear bool
}

// CreateError is a refused or failed create; nothing was changed.
type CreateError struct {
	Dir  string
	Msg  string
	hint string
}

func (e *CreateError) Error() string {
	return fmt.Sprintf("cannot create an environment at %s: %s", e.Dir, e.Msg)
}
func (e *CreateError) Hint() string { return e.hint }

// Create makes the environment described by o. The result is built in a
// temporary sibling folder and renamed into place; on any error nothing is
// left behind and an existing environment is untouched.
func Create(o CreateOptions) (*Env, error) {
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	o.Dir = dir
	if o.Prompt == "" {
		o.Prompt = filepath.Base(dir)
	}
	replace := false
	st, err := os.Lstat(dir)
	switch {
	case err == nil && !st.IsDir():
		return nil, &CreateError{Dir: dir, Msg: "it is a file, not a folder", hint: "choose another path, or remove the file yourself"}
	case err == nil:
		empty, rerr := isEmptyDir(dir)
		if rerr != nil {
			return nil, &CreateError{Dir: dir, Msg: rerr.Error(), hint: "check the folder's permissions"}
		}
		_, cfgErr := os.Stat(filepath.Join(dir, CfgName))
		isEnv := cfgErr == nil
		switch {
		case empty:
			replace = true
		case isEnv && o.Clear:
			replace = true
		case isEnv:
			return nil, &CreateError{Dir: dir, Msg: "an environment already exists there", hint: "use --clear to replace it, or choose another folder"}
		default:
			return nil, &CreateError{Dir: dir, Msg: "the folder exists, is not empty and is not an environment", hint: "choose a new or empty folder; fwenv never replaces a folder that is not an environment, even with --clear"}
		}
	case !errors.Is(err, os.ErrNotExist):
		return nil, &CreateError{Dir: dir, Msg: err.Error(), hint: "check the path and its permissions"}
	}

	if ok, why := o.Interp.Supported(); !ok {
		return nil, &CreateError{Dir: dir, Msg: o.Interp.Path + ": " + why, hint: "choose another interpreter with -p (see `fwenv python list`)"}
	}
	es, err := Layout(o.Spec)
	if err != nil {
		return nil, &CreateError{Dir: dir, Msg: err.Error()}
	}

	parent := filepath.Dir(dir)
	madeParents, err := mkdirParents(parent)
	if err != nil {
		return nil, &CreateError{Dir: dir, Msg: err.Error(), hint: "check that the parent folder can be created and written"}
	}
	stage := ""
	fail := func(err error, hint string) (*Env, error) {
		if stage != "" {
			os.RemoveAll(stage)
		}
		removeParents(madeParents)
		return nil, &CreateError{Dir: dir, Msg: err.Error(), hint: hint}
	}
	stage, err = mkdirStage(parent, "."+filepath.Base(dir)+".fwenv-new-")
	if err != nil {
		return fail(err, "check that the parent folder is writable")
	}
	renamed := false
	defer func() {
		if !renamed {
			os.RemoveAll(stage) // a panic part-way
		}
	}()
	if err := Apply(OS, stage, es); err != nil {
		return fail(err, "check free space and permissions in "+parent)
	}
	if err := swapIn(stage, dir, replace); err != nil {
		return fail(err, "check the permissions of "+parent)
	}
	renamed = true
	env := &Env{Dir: dir}
	for _, e := range es {
		if e.Path == CfgName {
			env.Cfg = ParseCfg(e.Data)
		}
	}
	return env, nil
}

// swapIn renames stage to dir. An existing dir (empty, or an environment
// being cleared) is moved aside first and removed only after the new one is
// in place; if that fails the old one is put back.
func swapIn(stage, dir string, replace bool) error {
	if !replace {
		return os.Rename(stage, dir)
	}
	old, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".fwenv-old-")
	if err != nil {
		return err
	}
	os.Remove(old)
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(stage, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%v; the previous environment was kept at %s", err, old)
		}
		return err
	}
	return os.RemoveAll(old)
}

func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// mkdirParents creates dir and its missing parents, returning the ones it
// made (deepest last) so a failure can remove them again.
func mkdirParents(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var made []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o777); err != nil {
			removeParents(made)
			return nil, err
		}
		made = append(made, missing[i])
	}
	return made, nil
}

func removeParents(made []string) {
	for i := len(made) - 1; i >= 0; i-- {
		os.Remove(made[i])
	}
}

// mkdirStage makes a new folder parent/prefix<random> with the mode a
// plain mkdir gives (0777 less the umask, as the environment's own folder
// should have), in one system call.
func mkdirStage(parent, prefix string) (string, error) {
	var err error
	for range 100 {
		p := filepath.Join(parent, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		err = os.Mkdir(p, 0o777)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", err
}
