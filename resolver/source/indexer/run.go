package indexer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ListenError is an address Run cannot listen on.
type ListenError struct {
	Addr string
	Err  error
}

func (e *ListenError) Error() string { return fmt.Sprintf("cannot listen on %s: %v", e.Addr, e.Err) }
func (e *ListenError) Unwrap() error { return e.Err }
func (e *ListenError) Hint() string {
	return "choose another --addr HOST:PORT (127.0.0.1:0 picks a free port)"
}

// RunOptions tune Run.
type RunOptions struct {
	// Serving is told the address listened on (with port 0, the port
	// chosen) before the first request is served.
	Serving func(addr net.Addr)
	// Request, when set, is told each request's method, URI and status.
	Request func(method, uri string, status int)
}

// Run serves h on addr until ctx ends, then shuts down (waiting at most 5
// seconds for requests in flight). A server failure is returned; the end
// of ctx is not an error.
func Run(ctx context.Context, addr string, h http.Handler, o RunOptions) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return &ListenError{addr, err}
	}
	if o.Request != nil {
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			inner.ServeHTTP(sw, r)
			o.Request(r.Method, r.URL.RequestURI(), sw.status)
		})
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if o.Serving != nil {
		o.Serving(ln.Addr())
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// statusWriter remembers the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
