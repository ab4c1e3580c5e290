package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// Endless chunked pages fetched eight at a time (as the index prefetches)
// hold at most one body near the page cap in memory: each fails with the
// cap, and the process stays within a budget that eight such bodies at
// once would pass.
func TestEndlessPagesBoundedTogether(t *testing.T) {
	if boundedtest.RunLimited(t, 1536<<20, 90*time.Second) {
		return
	}
	chunk := make([]byte, 1<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		f := w.(http.Flusher)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			f.Flush()
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{MaxPageSize: 128 << 20, Retries: -1})
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Page(context.Background(), srv.URL+"/simple/p"+string(rune('a'+i))+"/", "text/html")
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var tl *TooLargeError
		if !errors.As(err, &tl) {
			t.Errorf("page %d: %v", i, err)
		}
	}
}
