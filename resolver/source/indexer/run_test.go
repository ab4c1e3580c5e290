package indexer

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	type req struct {
		method, uri string
		status      int
	}
	seen := make(chan req, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, "127.0.0.1:0", h, RunOptions{
			Serving: func(a net.Addr) { addrs <- a },
			Request: func(m, u string, s int) { seen <- req{m, u, s} },
		})
	}()
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("Run ended: %v", err)
	}
	resp, err := http.Get("http://" + addr.String() + "/simple/x/?a=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTeapot {
		t.Errorf("status %d", resp.StatusCode)
	}
	if r := <-seen; r != (req{"GET", "/simple/x/?a=1", http.StatusTeapot}) {
		t.Errorf("request seen as %+v", r)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestRunListenError(t *testing.T) {
	err := Run(context.Background(), "256.0.0.1:1", http.NotFoundHandler(), RunOptions{})
	var le *ListenError
	if !errors.As(err, &le) || le.Hint() == "" {
		t.Fatalf("err %v, want a *ListenError with a hint", err)
	}
}
