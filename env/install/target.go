package install

import (
	"fmt"
	"path/filepath"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
)

// Target is the environment an install changes.
type Target struct {
	Layout site.Layout
	// Python is the environment's interpreter (ENV/bin/python): shebangs
	// and launchers name it, --compile runs it.
	Python string
	Info   *python.Info
	// Tags are the wheel tags the interpreter accepts, best first.
	Tags []tags.Tag
}

// NewTarget describes the environment at envDir whose interpreter info
// describes (a probe of the environment's python or of its base
// interpreter: the scheme paths are relative).
func NewTarget(envDir string, info *python.Info) (*Target, error) {
	if info == nil {
		return nil, &Error{Member: envDir, Reason: "no interpreter description", hint: "probe the environment's interpreter first"}
	}
	l := site.LayoutFor(envDir, info)
	return &Target{
		Layout: l,
		Python: filepath.Join(l.Scripts, "python"),
		Info:   info,
		Tags:   TagTarget(info).Tags(),
	}, nil
}

// TagTarget maps an interpreter probe to the facts archive/tags derives
// the supported tags from (the probe's own mapping).
func TagTarget(info *python.Info) tags.Target { return info.TagTarget() }

// checkCompatible refuses a wheel whose tags the target does not support.
func (t *Target) checkCompatible(w *wheel.Wheel) error {
	wt := w.Name.Tags()
	if _, ok := tags.Supported(wt, t.Tags); ok {
		return nil
	}
	best := "none"
	if len(t.Tags) > 0 {
		best = t.Tags[0].String()
	}
	interp := "the target interpreter"
	generic := "py3-none-any"
	if t.Info != nil {
		interp = t.Info.Label()
		if len(t.Info.VersionInfo) > 0 && t.Info.VersionInfo[0] == 2 {
			generic = "py2.py3-none-any or py2-none-any"
		}
	}
	return &Error{
		Wheel:  w.Filename,
		Reason: fmt.Sprintf("is not compatible with %s: the wheel's tags are %s, the interpreter's best tag is %s", interp, w.Name.TagString(), best),
		hint:   fmt.Sprintf("get a wheel built for this interpreter and platform (or a %s one), or build it from the sdist", generic),
	}
}
