package main

import (
	"net/http/httptest"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/fwenv/fwenv/resolver/source/indexer"
)

// servers are the running test indexes, by script and variable name.
var servers sync.Map

type serverKey struct {
	ts   *testscript.TestScript
	name string
}

// serveindex VAR DIR serves DIR as a simple index (fwenv's own Handler, in
// the test process) and sets $VAR to its /simple URL; "! serveindex VAR"
// stops it, so the script can check that nothing needs it any more.
func serveindex(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		if len(args) != 1 {
			ts.Fatalf("usage: ! serveindex VAR")
		}
		if s, ok := servers.LoadAndDelete(serverKey{ts, args[0]}); ok {
			s.(*httptest.Server).Close()
		}
		return
	}
	if len(args) != 2 {
		ts.Fatalf("usage: serveindex VAR DIR")
	}
	h, err := indexer.Handler(ts.MkAbs(args[1]), indexer.ServeOptions{})
	ts.Check(err)
	s := httptest.NewServer(h)
	servers.Store(serverKey{ts, args[0]}, s)
	ts.Defer(func() {
		if _, ok := servers.LoadAndDelete(serverKey{ts, args[0]}); ok {
			s.Close()
		}
	})
	ts.Setenv(args[0], s.URL+"/simple")
}
