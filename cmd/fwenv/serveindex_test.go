package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
//
// A file WHEEL.metadata beside a wheel in DIR (when the server starts)
// replaces that wheel's PEP 658 metadata file, and the pages announce its
// sha256: an index whose metadata file says something else than the wheel.
//
// serveindex -hang VAR sets $VAR to the /simple URL of a server that accepts
// connections and never answers.
//
// serveindex -busy VAR sets $VAR to the /simple URL of a server that answers
// every request 503 with Retry-After: 2.
func serveindex(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		if len(args) != 1 {
			ts.Fatalf("usage: ! serveindex VAR")
		}
		if s, ok := servers.LoadAndDelete(serverKey{ts, args[0]}); ok {
			s.(io.Closer).Close()
		}
		return
	}
	if len(args) == 2 && args[0] == "-hang" {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		h := &hanging{l: l}
		go h.serve()
		keep(ts, args[1], h)
		ts.Setenv(args[1], "http://"+l.Addr().String()+"/simple")
		return
	}
	if len(args) == 2 && args[0] == "-busy" {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		keep(ts, args[1], closer(s.Close))
		ts.Setenv(args[1], s.URL+"/simple")
		return
	}
	if len(args) != 2 {
		ts.Fatalf("usage: serveindex VAR DIR | serveindex -hang VAR | serveindex -busy VAR")
	}
	dir := ts.MkAbs(args[1])
	h, err := indexer.Handler(dir, indexer.ServeOptions{})
	ts.Check(err)
	if o := metadataOverrides(ts, dir); len(o.files) > 0 {
		o.next = h
		h = o
	}
	s := httptest.NewServer(h)
	keep(ts, args[0], closer(s.Close))
	ts.Setenv(args[0], s.URL+"/simple")
}

type closer func()

func (c closer) Close() error { c(); return nil }

// keep registers a server under VAR, stopped when the script ends.
func keep(ts *testscript.TestScript, name string, c io.Closer) {
	servers.Store(serverKey{ts, name}, c)
	ts.Defer(func() {
		if _, ok := servers.LoadAndDelete(serverKey{ts, name}); ok {
			c.Close()
		}
	})
}

// hanging accepts connections and never answers them.
type hanging struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func (h *hanging) serve() {
	for {
		c, err := h.l.Accept()
		if err != nil {
			return
		}
		h.mu.Lock()
		h.conns = append(h.conns, c)
		h.mu.Unlock()
	}
}

func (h *hanging) Close() error {
	h.l.Close()
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.conns {
		c.Close()
	}
	return nil
}

// overrides serves WHEEL.metadata files from the index's folder in place of
// the wheels' own METADATA, and rewrites the pages' announced digests.
type overrides struct {
	next  http.Handler
	files map[string][]byte // wheel file name -> metadata file served
	swap  *strings.Replacer // old metadata sha256 -> new one, in pages
}

func metadataOverrides(ts *testscript.TestScript, dir string) *overrides {
	o := &overrides{files: map[string][]byte{}}
	matches, err := filepath.Glob(filepath.Join(dir, "*.whl.metadata"))
	ts.Check(err)
	var pairs []string
	for _, m := range matches {
		data, err := os.ReadFile(m)
		ts.Check(err)
		whl := strings.TrimSuffix(m, ".metadata")
		zr, err := zip.OpenReader(whl)
		ts.Check(err)
		var own []byte
		for _, f := range zr.File {
			if d, rest, _ := strings.Cut(f.Name, "/"); strings.HasSuffix(d, ".dist-info") && rest == "METADATA" {
				rc, err := f.Open()
				ts.Check(err)
				own, err = io.ReadAll(rc)
				rc.Close()
				ts.Check(err)
			}
		}
		zr.Close()
		if own == nil {
			ts.Fatalf("%s: no METADATA", whl)
		}
		was, now := sha256.Sum256(own), sha256.Sum256(data)
		o.files[filepath.Base(whl)] = data
		pairs = append(pairs, hex.EncodeToString(was[:]), hex.EncodeToString(now[:]))
	}
	o.swap = strings.NewReplacer(pairs...)
	return o
}

func (o *overrides) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, "/files/"); ok {
		if data, ok := o.files[strings.TrimSuffix(name, ".metadata")]; ok && strings.HasSuffix(name, ".metadata") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write(data)
			return
		}
		o.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	o.next.ServeHTTP(rec, r)
	body := []byte(o.swap.Replace(rec.Body.String()))
	for k, v := range rec.Header() {
		if k != "Content-Length" && k != "Etag" && k != "Last-Modified" {
			w.Header()[k] = v
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	io.Copy(w, bytes.NewReader(body))
}
