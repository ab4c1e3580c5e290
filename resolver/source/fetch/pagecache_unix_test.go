//go:build linux || darwin

package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A page cache file that is not a regular file (a FIFO, a link to
// /dev/zero) is no entry: the page is fetched again, never read from it.
func TestPageCacheEntryNotRegular(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	for _, kind := range []string{"fifo", "zero"} {
		t.Run(kind, func(t *testing.T) {
			hits := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits++
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<a href='a-1.0.tar.gz'>a</a>"))
			}))
			defer srv.Close()
			cache := t.TempDir()
			c := newClient(t, Options{CacheDir: cache})
			ctx := context.Background()
			if _, err := c.Page(ctx, srv.URL+"/simple/a/", "text/html"); err != nil {
				t.Fatal(err)
			}
			var entries []string
			filepath.Walk(filepath.Join(cache, "http"), func(p string, fi os.FileInfo, err error) error {
				if err == nil && fi.Mode().IsRegular() {
					entries = append(entries, p)
				}
				return nil
			})
			if len(entries) != 1 {
				t.Fatalf("cache entries: %v", entries)
			}
			os.Remove(entries[0])
			if kind == "fifo" {
				if err := syscall.Mkfifo(entries[0], 0o644); err != nil {
					t.Skip(err)
				}
			} else if err := os.Symlink("/dev/zero", entries[0]); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := newClient(t, Options{CacheDir: cache}).Page(ctx, srv.URL+"/simple/a/", "text/html")
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("reading the page cache did not return")
			}
			if hits != 2 {
				t.Errorf("server asked %d times, want 2 (the damaged entry is not a page)", hits)
			}
		})
	}
}
