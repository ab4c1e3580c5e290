package fetch

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// zipBytes is a valid wheel of the project x, version 1.0: one stored
// member of n pseudo-random bytes (so it does not compress), METADATA,
// WHEEL and a RECORD that hashes them, as the format check wants it.
func zipBytes(t testing.TB, n int) []byte { return wheelBytes(t, "x", n) }

// wheelBytes is zipBytes for another project name.
func wheelBytes(t testing.TB, project string, n int) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	di := project + "-1.0.dist-info/"
	members := []struct {
		name string
		data []byte
	}{
		{project + "/data.bin", data},
		{di + "METADATA", []byte("Metadata-Version: 2.1\nName: " + project + "\nVersion: 1.0\n")},
		{di + "WHEEL", []byte("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")},
	}
	var buf, rec bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
		sum := sha256.Sum256(m.data)
		fmt.Fprintf(&rec, "%s,sha256=%s,%d\n", m.name, base64.RawURLEncoding.EncodeToString(sum[:]), len(m.data))
	}
	fmt.Fprintf(&rec, "%sRECORD,,\n", di)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: di + "RECORD", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(rec.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gzipBytes is a gzip stream of n pseudo-random bytes.
func gzipBytes(t testing.TB, n int) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// regularFiles lists the regular files under dir (relative paths).
func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// A file linked without a digest and served cut short (with a matching
// Content-Length, so HTTP sees nothing wrong) fails with an error naming
// the URL and the file, keeps nothing in the cache, and the next call,
// once the server is fixed, fetches it again and succeeds (issue 14,
// fault 8: the truncated copy was cached and served for good).
func TestTruncatedDownloadNotCached(t *testing.T) {
	for _, name := range []string{"demo-1.0-py3-none-any.whl", "demo-1.0.tar.gz", "demo-1.0.zip"} {
		t.Run(name, func(t *testing.T) {
			full := wheelBytes(t, "demo", 5000)
			if strings.HasSuffix(name, ".tar.gz") {
				full = gzipBytes(t, 5000)
			}
			var broken atomic.Bool
			broken.Store(true)
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				body := full
				if broken.Load() {
					body = full[:len(full)/2]
				}
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				w.Write(body)
			}))
			defer srv.Close()
			cache := t.TempDir()
			c := newClient(t, Options{CacheDir: cache, Retries: -1})
			u := srv.URL + "/files/" + name
			_, err := c.Download(context.Background(), u, nil)
			var de *DamagedError
			if !errors.As(err, &de) {
				t.Fatalf("cut-short download: %v", err)
			}
			if msg := err.Error(); !strings.Contains(msg, u) || !strings.Contains(msg, name) {
				t.Errorf("error does not name the URL and the file: %s", msg)
			}
			if h := hintOf(err); !strings.Contains(h, fmt.Sprintf("sent %d bytes", len(full)/2)) || !strings.Contains(h, "nothing was kept in the cache: run the command again") {
				t.Errorf("hint: %s", h)
			}
			if left := regularFiles(t, filepath.Join(cache, "files")); len(left) != 0 {
				t.Errorf("kept in the cache: %v", left)
			}
			// Fixed server: fetched again (a request is made) and served whole.
			broken.Store(false)
			before := requests.Load()
			p, err := c.Download(context.Background(), u, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(p); !bytes.Equal(got, full) || requests.Load() != before+1 {
				t.Errorf("after the fix: %d bytes, %d requests", len(got), requests.Load()-before)
			}
			// And from the cache the time after, with no request.
			if p2, err := c.Download(context.Background(), u, nil); err != nil || p2 != p || requests.Load() != before+1 {
				t.Errorf("cache hit: %s %v, %d requests", p2, err, requests.Load()-before)
			}
		})
	}
}

// A cut-short body is retried like a reset connection: a truncation on the
// way heals within the same call.
func TestTruncatedDownloadRetried(t *testing.T) {
	full := zipBytes(t, 5000)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := full
		if requests.Add(1) == 1 {
			body = full[:1234]
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Write(body)
	}))
	defer srv.Close()
	c := newClient(t, Options{CacheDir: t.TempDir()})
	p, err := c.Download(context.Background(), srv.URL+"/x-1.0-py3-none-any.whl", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, full) || requests.Load() != 2 {
		t.Errorf("%d bytes after %d requests", len(got), requests.Load())
	}
}

// A cache filled by an older fwenv with a cut-short file (and the URL's
// reference to it) is not served: the file and the reference go, and the
// URL is fetched again.
func TestDamagedCachedFileDropped(t *testing.T) {
	full := zipBytes(t, 3000)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write(full)
	}))
	defer srv.Close()
	cache := t.TempDir()
	c := newClient(t, Options{CacheDir: cache, Retries: -1})
	name := "x-1.0-py3-none-any.whl"
	u := srv.URL + "/f/" + name
	root := filepath.Join(cache, "files")
	short := full[:1000]
	sha := sha256hex(short)
	bad := contentPath(root, sha, name)
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, short, 0o644)
	writeRef(refPath(root, u), urlRef{URL: u, SHA256: sha})

	p, err := c.Download(context.Background(), u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, full) || requests.Load() != 1 {
		t.Errorf("%d bytes, %d requests", len(got), requests.Load())
	}
	if _, err := os.Stat(bad); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("damaged file still cached: %v", err)
	}
	// A reference to a file that is gone is dropped too.
	gone := srv.URL + "/g/" + name
	writeRef(refPath(root, gone), urlRef{URL: gone, SHA256: strings.Repeat("ab", 32)})
	if _, err := c.Download(context.Background(), gone, nil); err != nil || requests.Load() != 2 {
		t.Errorf("stale reference: %v, %d requests", err, requests.Load())
	}
	// A reference that is not one (a FIFO, garbage) is dropped, not read.
	garbage := srv.URL + "/h/" + name
	os.MkdirAll(filepath.Dir(refPath(root, garbage)), 0o755)
	os.WriteFile(refPath(root, garbage), []byte("{not json"), 0o644)
	if _, err := c.Download(context.Background(), garbage, nil); err != nil || requests.Load() != 3 {
		t.Errorf("garbage reference: %v, %d requests", err, requests.Load())
	}
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// A server that sends more bytes than its Content-Length makes net/http's
// transport log "Unsolicited response received on idle HTTP channel"
// through Go's standard logger; RouteStdLog sends such lines to a sink
// (escaped) instead of stderr.
func TestRouteStdLog(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	RouteStdLog(func(l string) {
		mu.Lock()
		lines = append(lines, l)
		mu.Unlock()
	})
	defer log.SetOutput(os.Stderr)
	log.Printf("Unsolicited response received on idle HTTP channel starting with %q; err=%v", "x", nil)
	log.Print("bell\a and escape\x1b[31m")
	log.Print("separator\u2028 and override\u202e")
	mu.Lock()
	defer mu.Unlock()
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Unsolicited response") || lines[1] != `bell\x07 and escape\x1b[31m` || lines[2] != `separator\u2028 and override\u202e` {
		t.Errorf("lines %q", lines)
	}
}

// A complete ZIP that is not a wheel fwenv accepts (here its RECORD does not
// match a member), linked without a digest, is refused at once (the same
// bytes would come again: no retry), and nothing of it stays in the cache:
// once the server serves a good wheel, the next run fetches it.
func TestRefusedWheelNotCached(t *testing.T) {
	good := wheelBytes(t, "x", 300)
	bad := bytes.Replace(good, []byte("Version: 1.0\n"), []byte("Version: 1.1\n"), 1) // RECORD no longer matches METADATA
	if bytes.Equal(bad, good) {
		t.Fatal("fixture: nothing replaced")
	}
	var hits atomic.Int32
	var serveGood atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if serveGood.Load() {
			w.Write(good)
		} else {
			w.Write(bad)
		}
	}))
	defer srv.Close()
	cache := t.TempDir()
	u := srv.URL + "/x-1.0-py3-none-any.whl"
	_, err := newClient(t, Options{CacheDir: cache, Retries: 3}).Download(context.Background(), u, nil)
	var de *DamagedError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "is refused") || !strings.Contains(hintOf(err), "nothing was kept in the cache") {
		t.Fatalf("want a refusal that says nothing was kept: %v (hint %q)", err, hintOf(err))
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("a complete, refused wheel was fetched %d times", n)
	}
	if got := regularFiles(t, filepath.Join(cache, "files")); len(got) != 0 {
		t.Errorf("the refused wheel stayed in the cache: %v", got)
	}
	serveGood.Store(true)
	p, err := newClient(t, Options{CacheDir: cache}).Download(context.Background(), u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, good) || hits.Load() != 2 {
		t.Errorf("after the server was fixed: %d requests, good bytes %v", hits.Load(), bytes.Equal(got, good))
	}
}
