package ops

import (
	"path/filepath"

	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/prepare"
)

// BuildOptions are what `fwenv build` was asked.
type BuildOptions struct {
	Env EnvSelector
	// Dir is the project folder ("" for the session's folder).
	Dir string
	// Python is -p; else the selected environment's, else the default.
	Python    string
	FindLinks []string
	// OutDir is where the files go ("" for DIR/dist).
	OutDir       string
	Sdist, Wheel bool
	Build        BuildChoices
}

// Build builds a project's sdist and wheel, as python -m build does.
func (s *Session) Build(o BuildOptions) (*build.BuildResults, error) {
	dir := s.Cwd
	if o.Dir != "" {
		dir = s.Abs(o.Dir)
	}
	e, err := s.Interpreter(o.Python, o.Env)
	if err != nil {
		return nil, err
	}
	prep, err := s.preparer(e, o.Build, prepare.Options{})
	if err != nil {
		return nil, err
	}
	out := o.OutDir
	if out != "" {
		out = s.Abs(out)
	}
	end := s.building(filepath.Base(dir))
	res, err := build.Build(s.ctx(), dir, build.BuildOptions{Options: prep.BuildOptions(o.FindLinks), Sdist: o.Sdist, Wheel: o.Wheel, OutDir: out})
	end()
	if err != nil {
		return nil, err
	}
	for _, r := range []*build.Result{res.Sdist, res.Wheel} {
		if r != nil {
			prep.Report(r)
		}
	}
	return res, nil
}
