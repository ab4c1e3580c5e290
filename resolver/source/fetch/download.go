package fetch

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/source"
)

// Algorithms are the digests Download verifies, strongest first. Others
// (md5, sha1, …) are ignored, as if not announced.
var Algorithms = []string{"sha512", "sha384", "sha256"}

func newHash(algo string) hash.Hash {
	switch algo {
	case "sha256":
		return sha256.New()
	case "sha384":
		return sha512.New384()
	case "sha512":
		return sha512.New()
	}
	return nil
}

// flight is one download in progress in this process; callers asking for
// the same file wait for it.
type flight struct {
	done chan struct{}
	path string
	err  error
}

// Download fetches rawurl into the file cache and returns the local path
// (whose base name is the URL's last path segment). hashes (algorithm ->
// hex) are verified before the file becomes visible: it is written to a
// temporary file in the destination folder, synced, verified and renamed. A
// mismatch is a *source.HashMismatchError with the expected and actual
// digests. A file whose sha256 is announced and already cached is returned
// with no network use. Concurrent callers, goroutines or processes, may
// download the same file.
//
// Cache layout: CacheDir/files/sha256/AB/CDEF…/NAME holds each file under
// its own sha256; CacheDir/files/url/AB/CDEF….json maps a URL (by digest) to
// the sha256 of what it served, for URLs announced without a sha256.
func (c *Client) Download(ctx context.Context, rawurl string, hashes map[string]string) (string, error) {
	return c.DownloadAs(ctx, rawurl, "", hashes)
}

// DownloadAs is Download with the local file's base name given (a
// distribution's file name when the URL does not end with it); "" means the
// URL's last path segment.
func (c *Client) DownloadAs(ctx context.Context, rawurl, name string, hashes map[string]string) (string, error) {
	clean := c.AddCredentials(rawurl)
	u, err := url.Parse(clean)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", &UnreachableError{URL: clean, Reason: "not an http(s) URL", Err: err, hint: "check the URL"}
	}
	u.Fragment = ""
	clean = u.String()
	if name == "" {
		name = u.Path
	}
	name = safeName(name)
	want := wanted(hashes)
	root, err := c.downloadDir()
	if err != nil {
		return "", err
	}
	if p, ok := c.cached(root, clean, name, want); ok {
		return p, nil
	}
	if c.o.Offline {
		return "", &OfflineError{URL: clean}
	}

	key := clean + "\x00" + name + "\x00" + want["sha256"]
	c.mu.Lock()
	if f, ok := c.flights[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.path, f.err
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.flights, key)
		c.mu.Unlock()
		close(f.done)
	}()
	// Another process may have finished it meanwhile.
	if p, ok := c.cached(root, clean, name, want); ok {
		f.path = p
		return p, nil
	}
	f.path, f.err = c.download(ctx, root, clean, name, want)
	return f.path, f.err
}

// wanted keeps the digests Download can check, lower-cased.
func wanted(hashes map[string]string) map[string]string {
	out := map[string]string{}
	for algo, v := range hashes {
		algo = strings.ToLower(strings.TrimSpace(algo))
		if newHash(algo) != nil && v != "" {
			out[algo] = strings.ToLower(strings.TrimSpace(v))
		}
	}
	return out
}

// safeName is the last segment of a path, made safe as a file name.
func safeName(p string) string {
	name := path.Base(p)
	if name == "." || name == "/" || name == ".." || name == "" {
		name = "download"
	}
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 || r < ' ' {
			return '_'
		}
		return r
	}, name)
	if strings.HasPrefix(name, ".") {
		name = "_" + name[1:]
	}
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	return name
}

func contentPath(root, sha, name string) string {
	return filepath.Join(root, "sha256", sha[:2], sha[2:], name)
}

func refPath(root, clean string) string {
	h := sha256.Sum256([]byte(clean))
	k := hex.EncodeToString(h[:])
	return filepath.Join(root, "url", k[:2], k[2:]+".json")
}

type urlRef struct {
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

// cached finds a file already in the cache: by its announced sha256, else
// through the URL's reference (verified against the other announced
// digests, if any).
func (c *Client) cached(root, clean, name string, want map[string]string) (string, bool) {
	if sha := want["sha256"]; sha != "" {
		if len(sha) != 64 {
			return "", false
		}
		p := contentPath(root, sha, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			// Checked on every use: a cached file may be hard-linked
			// elsewhere (a bundle made by fwenv download) and changed there.
			got, err := hashFile(p, want)
			if err == nil && mismatch(clean, want, got) == nil {
				c.used(p)
				return p, true
			}
			os.Remove(p) // damaged: fetched again
		}
		return "", false
	}
	rp := refPath(root, clean)
	data, err := bounded.ReadRegular(rp, maxRef)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			os.Remove(rp) // not a reference: dropped, the URL is fetched again
		}
		return "", false
	}
	var ref urlRef
	if json.Unmarshal(data, &ref) != nil || len(ref.SHA256) != 64 || strings.Trim(ref.SHA256, "0123456789abcdef") != "" {
		os.Remove(rp)
		return "", false
	}
	if ref.URL != clean {
		return "", false
	}
	p := contentPath(root, ref.SHA256, name)
	if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
		// The file is gone (pruned, or removed as damaged through another
		// reference): so is this reference.
		os.Remove(rp)
		return "", false
	}
	check := map[string]string{"sha256": ref.SHA256}
	for k, v := range want {
		check[k] = v
	}
	got, err := hashFile(p, check)
	if err != nil || got["sha256"] != ref.SHA256 {
		// Changed since it was stored (through a hard link, a torn write):
		// neither the file nor the reference stays.
		os.Remove(p)
		os.Remove(rp)
		return "", false
	}
	if mismatch(clean, check, got) != nil {
		// The URL is now announced with other digests: fetched again (the
		// file itself is sound for its own sha256).
		os.Remove(rp)
		return "", false
	}
	if len(want) == 0 {
		// Stored without a digest to vouch for it: it must still open as
		// the archive its name promises (a cut-short download stored by an
		// older fwenv is dropped here and fetched again).
		if checkFormat(p, name) != nil {
			os.Remove(p)
			os.Remove(rp)
			return "", false
		}
	}
	c.used(p)
	c.used(rp)
	return p, true
}

// maxRef caps the size of a URL reference read from the cache.
const maxRef = bounded.CacheRef

// Verify checks the file at p against the digests announced for it
// (algorithm -> hex; only sha256, sha384 and sha512 count, others are
// ignored). A mismatch is a *source.HashMismatchError naming p.
func Verify(p string, hashes map[string]string) error {
	want := wanted(hashes)
	if len(want) == 0 {
		return nil
	}
	got, err := hashFile(p, want)
	if err != nil {
		return &FileError{Path: p, Op: "read", Err: err}
	}
	return mismatch(p, want, got)
}

// hashFile hashes the regular file at p with sha256 and the algorithms of
// want. Anything else (a FIFO, a device, a folder) is refused without
// blocking on it.
func hashFile(p string, want map[string]string) (map[string]string, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", p)
	}
	hs := hashers(want)
	if _, err := io.Copy(multi(hs), f); err != nil {
		return nil, err
	}
	return sums(hs), nil
}

func hashers(want map[string]string) map[string]hash.Hash {
	hs := map[string]hash.Hash{"sha256": sha256.New()}
	for algo := range want {
		if hs[algo] == nil {
			hs[algo] = newHash(algo)
		}
	}
	return hs
}

func multi(hs map[string]hash.Hash) io.Writer {
	var ws []io.Writer
	for _, h := range hs {
		ws = append(ws, h)
	}
	return io.MultiWriter(ws...)
}

func sums(hs map[string]hash.Hash) map[string]string {
	out := map[string]string{}
	for algo, h := range hs {
		out[algo] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

// mismatch reports the first announced digest (strongest first) that the
// bytes do not match.
func mismatch(clean string, want, got map[string]string) error {
	for _, algo := range Algorithms {
		if w, ok := want[algo]; ok && w != got[algo] {
			return &source.HashMismatchError{File: clean, Algorithm: algo, Expected: []string{w}, Actual: got[algo]}
		}
	}
	return nil
}

func (c *Client) download(ctx context.Context, root, clean, name string, want map[string]string) (string, error) {
	// The temporary file lives in the destination folder when it is known
	// (the announced sha256), else in root/tmp; both are on the cache's
	// file system, so the final rename is atomic.
	tmpDir := filepath.Join(root, "tmp")
	if sha := want["sha256"]; sha != "" {
		tmpDir = filepath.Dir(contentPath(root, sha, name))
	}
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return "", &FileError{Path: tmpDir, Op: "create", Err: err}
	}
	var final, sha string
	// A PEP 658 metadata file is a page: bounded as a whole. A file that
	// keeps moving is never cut, but a long one is announced.
	cl := &call{what: "file", announce: true}
	if strings.HasSuffix(name, ".metadata") {
		cl.what, cl.deadline = "metadata file", pageDeadline(c.o)
	}
	err := c.get(ctx, clean, nil, cl, func(resp *http.Response, r io.Reader) error {
		if resp.StatusCode == http.StatusNotModified {
			return &HTTPError{URL: clean, Status: resp.StatusCode}
		}
		if resp.ContentLength > c.o.MaxFileSize {
			return &TooLargeError{URL: clean, Limit: c.o.MaxFileSize}
		}
		tmp, err := os.CreateTemp(tmpDir, ".tmp-*-"+name)
		if err != nil {
			return &FileError{Path: tmpDir, Op: "create a file in", Err: err}
		}
		defer func() {
			tmp.Close()
			os.Remove(tmp.Name()) // gone after the rename; removed on every failure
		}()
		hs := hashers(want)
		pr := &progressReader{r: io.LimitReader(r, c.o.MaxFileSize+1), c: c, p: Progress{URL: clean, File: name, Total: resp.ContentLength}}
		if resp.ContentLength < 0 {
			pr.p.Total = -1
		}
		pr.report(true)
		defer func() { // the last report, also when the copy fails
			pr.p.Finished = true
			pr.report(true)
		}()
		n, err := io.Copy(io.MultiWriter(tmp, multi(hs)), pr)
		if err != nil {
			var rerr *readError
			if errors.As(err, &rerr) {
				return err
			}
			return &FileError{Path: tmp.Name(), Op: "write", Err: err}
		}
		if n > c.o.MaxFileSize {
			return &TooLargeError{URL: clean, Limit: c.o.MaxFileSize}
		}
		if resp.ContentLength >= 0 && n != resp.ContentLength {
			// Cut short (net/http reports a short body itself; this is
			// the last line of defence). Retried like a reset connection.
			return &retryErr{err: &DamagedError{URL: clean, File: name, Got: n, Want: resp.ContentLength}}
		}
		// No fsync: a file found in the cache by its sha256 is hashed again
		// on every use (see cached), so one left torn by a crash is fetched
		// again rather than trusted.
		if err := tmp.Close(); err != nil {
			return &FileError{Path: tmp.Name(), Op: "write", Err: err}
		}
		got := sums(hs)
		if err := mismatch(clean, want, got); err != nil {
			return err
		}
		if len(want) == 0 {
			// No digest vouches for these bytes: they must at least be the
			// complete archive the name promises before the cache keeps
			// them (a body cut short with a matching Content-Length, an
			// error page served as 200). Retried: a truncation on the way
			// may heal.
			if err := checkFormat(tmp.Name(), name); err != nil {
				de := &DamagedError{URL: clean, File: name, Got: n, Want: resp.ContentLength, Err: err}
				if de.refused() {
					return de // complete, and refused: the same bytes would come again
				}
				return &retryErr{err: de}
			}
		}
		sha = got["sha256"]
		final = contentPath(root, sha, name)
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			return &FileError{Path: filepath.Dir(final), Op: "create", Err: err}
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return &FileError{Path: tmp.Name(), Op: "chmod", Err: err}
		}
		if err := os.Rename(tmp.Name(), final); err != nil {
			return &FileError{Path: final, Op: "rename into", Err: err}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if want["sha256"] == "" {
		// Remember what this URL served, for later calls without a sha256
		// (and offline ones). Best effort.
		writeRef(refPath(root, clean), urlRef{URL: clean, SHA256: sha})
	}
	return final, nil
}

func writeRef(p string, ref urlRef) {
	dir := filepath.Dir(p)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	data, _ := json.Marshal(ref)
	_ = atomicfile.WriteFile(p, data, atomicfile.Options{Perm: 0o600, Temp: ".tmp-*"})
}

// progressReader reports download progress at most every progressEvery.
type progressReader struct {
	r    io.Reader
	c    *Client
	p    Progress
	last time.Time
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.Done += int64(n)
	pr.report(false)
	return n, err
}

func (pr *progressReader) report(force bool) {
	if pr.c.o.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(pr.last) < progressEvery {
		return
	}
	pr.last = now
	pr.c.o.Progress(pr.p)
}
