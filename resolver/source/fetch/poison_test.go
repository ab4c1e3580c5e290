package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

// A cached file changed in place (through a hard link in a bundle, say) is
// never served: it is checked on every use and fetched again.
func TestCachedFileChangedIsFetchedAgain(t *testing.T) {
	body := []byte(strings.Repeat("good", 500))
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write(body)
	}))
	defer srv.Close()
	c := newClient(t, Options{CacheDir: t.TempDir()})
	u := srv.URL + "/x-1.0-py3-none-any.whl"
	want := map[string]string{"sha256": sha}
	p, err := c.Download(context.Background(), u, want)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("poisoned"), 0o644); err != nil {
		t.Fatal(err)
	}
	p2, err := c.Download(context.Background(), u, want)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p2)
	if string(got) != string(body) || n.Load() != 2 {
		t.Fatalf("served %q after %d requests", got[:min(len(got), 10)], n.Load())
	}
}
