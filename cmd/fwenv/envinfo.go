package main

import (
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/env/venv"
)

// envCtx is the environment a command works on, with its interpreter.
type envCtx struct {
	env    *venv.Env
	info   *python.Info
	layout site.Layout
}

// openEnv selects the environment and describes its interpreter (from the
// probe cache when warm).
func (a *app) openEnv() (*envCtx, error) {
	env, err := a.env()
	if err != nil {
		return nil, err
	}
	info, err := a.probe().Probe(env.Python())
	if err != nil {
		return nil, err
	}
	return &envCtx{env: env, info: info, layout: site.LayoutFor(env.Dir, info)}, nil
}

func (c *envCtx) db() (*site.DB, error) { return site.Open(c.layout) }

// openDB selects the environment and reads its installed distributions.
func (a *app) openDB() (*envCtx, *site.DB, error) {
	c, err := a.openEnv()
	if err != nil {
		return nil, nil, err
	}
	db, err := c.db()
	if err != nil {
		return nil, nil, err
	}
	return c, db, nil
}
