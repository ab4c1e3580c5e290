package ops

import (
	"errors"
	"os"
	"strings"

	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/seed"
	"github.com/fwenv/fwenv/env/venv"
)

// CreateOptions are what `fwenv create` was asked.
type CreateOptions struct {
	Dir    string
	Python string // the interpreter request ("" for the default)
	// Prompt is the prompt name ("" for the folder's name).
	Prompt                    string
	Clear, SystemSite, Copies bool
	// Seed installs pip (and setuptools below 3.12) from the
	// interpreter's ensurepip bundle; a wheel missing there is an error.
	Seed bool
	// NoSetuptools leaves out setuptools: the one a create below Python
	// 3.8 installs without Seed (seed.RuntimeProjects), and with Seed
	// the one beside pip (pip alone, as virtualenv's --no-setuptools).
	NoSetuptools bool
	// Command is the command line recorded in pyvenv.cfg.
	Command string
}

// CreateResult is the environment made.
type CreateResult struct {
	Dir    string
	Info   *python.Info
	Seeded *install.Result // nil without Seed
	// NoPip: the environment has no pip (no Seed); pip's names in its bin/
	// are stand-ins that say so (env/standin), until pip is installed.
	NoPip bool
	// ForRuntime is set when Seeded is setuptools installed without Seed,
	// because the interpreter has no importlib.metadata (below 3.8).
	ForRuntime bool
	// NotSeeded says why that setuptools is missing (no wheel in the
	// interpreter's bundle): best effort, the environment is made.
	NotSeeded *seed.Error
}

// Create makes a virtual environment. A seed that fails takes the new
// environment away again.
func (s *Session) Create(o CreateOptions) (*CreateResult, error) {
	info, err := s.FindPython(o.Python)
	if err != nil {
		return nil, err
	}
	dir := s.Abs(o.Dir)
	if o.Prompt == "." {
		cwd := strings.TrimRight(s.Cwd, "/")
		o.Prompt = cwd[strings.LastIndex(cwd, "/")+1:] // "" at the root
	}
	env, err := venv.Create(venv.CreateOptions{
		Spec: venv.Spec{
			Dir:          dir,
			Interp:       info,
			Prompt:       o.Prompt,
			SystemSite:   o.SystemSite,
			Copies:       o.Copies,
			Command:      o.Command,
			FwenvVersion: s.Version,
		},
		Clear: o.Clear,
	})
	if err != nil {
		return nil, err
	}
	res := &CreateResult{Dir: env.Dir, Info: info, NoPip: !o.Seed}
	if o.Seed {
		res.Seeded, err = s.seed(env.Dir, info, seed.Projects(info, o.NoSetuptools))
		if err != nil {
			// The environment is new: take it away again rather than leave half a seed.
			os.RemoveAll(env.Dir)
			return nil, err
		}
	} else if ps := seed.RuntimeProjects(info); len(ps) > 0 && !o.NoSetuptools {
		res.Seeded, err = s.seed(env.Dir, info, ps)
		if se := (*seed.Error)(nil); errors.As(err, &se) {
			// Distribution Pythons often ship an empty bundle: the
			// environment works without pkg_resources; the command says
			// what is missing and how to add it.
			res.NotSeeded = se
			return res, nil
		}
		if err != nil {
			os.RemoveAll(env.Dir)
			return nil, err
		}
		res.ForRuntime = true
	}
	return res, nil
}

func (s *Session) seed(dir string, info *python.Info, projects []string) (*install.Result, error) {
	wheels, err := seed.WheelsOf(info, projects)
	if err != nil {
		return nil, err
	}
	t, err := install.NewTarget(dir, info)
	if err != nil {
		return nil, err
	}
	reqs := make([]install.Request, len(wheels))
	for i, w := range wheels {
		reqs[i] = install.Request{Path: w, Requested: true}
	}
	return install.Install(t, reqs, &install.Options{Cache: cache.New(s.Cache()), Progress: s.installEvent})
}
