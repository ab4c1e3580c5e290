package main

import (
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/env/site"
)

// openEnv selects the environment and describes its interpreter (from the
// probe cache when warm).
func (a *app) openEnv() (*ops.Env, error) { return a.session().OpenEnv(a.envSel()) }

// openDB selects the environment and reads its installed distributions.
func (a *app) openDB() (*ops.Env, *site.DB, error) {
	c, err := a.openEnv()
	if err != nil {
		return nil, nil, err
	}
	db, err := c.DB()
	if err != nil {
		return nil, nil, err
	}
	return c, db, nil
}
