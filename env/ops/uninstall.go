package ops

import (
	"errors"
	"time"

	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/site"
)

// UninstallOptions are what `fwenv uninstall` was asked.
type UninstallOptions struct {
	Env         EnvSelector
	Names       []string
	LockTimeout time.Duration
	// Confirm, when set, is shown what would be removed and says whether
	// to go on (the command asks on a terminal).
	Confirm func(root string, p *site.RemovePlan) bool
}

// UninstallResult is what an uninstall did.
type UninstallResult struct {
	Root    string // the environment's folder (paths are reported relative to it)
	Applied *install.Result
}

// Uninstall removes installed distributions (driven by their RECORD).
func (s *Session) Uninstall(o UninstallOptions) (*UninstallResult, error) {
	e, err := s.OpenEnv(o.Env)
	if err != nil {
		return nil, err
	}
	s.changing()
	db, err := e.DB()
	if err != nil {
		return nil, err
	}
	res := &UninstallResult{Root: db.Layout.Root}
	var present []string
	for _, n := range o.Names {
		if db.Get(n) == nil {
			s.warnf("skipping %s: not installed", n)
			continue
		}
		present = append(present, n)
	}
	if len(present) == 0 {
		return res, nil
	}
	if o.Confirm != nil {
		p, err := site.PlanRemove(db, present)
		if err != nil {
			return nil, err
		}
		if !o.Confirm(db.Layout.Root, p) {
			return nil, errors.New("cancelled; nothing was removed")
		}
	}
	applied, err := install.Uninstall(target(e), present, &install.Options{LockTimeout: o.LockTimeout, Progress: s.installEvent, Context: s.ctx(), Committed: s.committed})
	if err != nil {
		return nil, err
	}
	res.Applied = applied
	return res, nil
}
