package main

import (
	"github.com/fwenv/fwenv/env/build"
	"github.com/fwenv/fwenv/env/ops"
)

// operations are what the commands call: an *ops.Session, or in tests of
// flag parsing a recorder of the options each command builds.
type operations interface {
	Create(ops.CreateOptions) (*ops.CreateResult, error)
	Install(ops.InstallOptions) (*ops.InstallResult, error)
	Uninstall(ops.UninstallOptions) (*ops.UninstallResult, error)
	Sync(ops.SyncOptions) (*ops.SyncResult, error)
	Lock(ops.LockOptions) (*ops.LockResult, error)
	Download(ops.DownloadOptions) (*ops.DownloadResult, error)
	Build(ops.BuildOptions) (*build.BuildResults, error)
}

// ops is the command's operations.
func (a *app) ops() operations {
	if a.fakeOps != nil {
		return a.fakeOps
	}
	return a.session()
}
