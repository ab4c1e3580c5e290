package sdist

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// Extract unpacks the validated sdist into dst, a folder that must not
// exist yet, and returns the path of the project inside it
// (dst/NAME-VERSION). It writes regular files and folders only: a link is
// written as a copy of the file it points at. Files get mode 0644, or 0755
// when the archive gives them any execute bit (less the umask); the
// archive's modification times are kept for files.
//
// The files are written in a new temporary folder next to dst, which is
// renamed to dst at the end; dst is reserved first (created empty), so a
// concurrent Extract to the same dst fails instead of mixing files. On any
// failure neither dst nor the temporary folder is left behind. The archive
// is read again to write it, and every member is compared with what was
// validated (name, type, size, link); a tar sdist whose bytes differ from
// the validated ones is refused (ErrChanged) before dst appears. Small
// files of a tar are written by a few goroutines while decompression goes
// on (at most about 1 MiB per goroutine, plus a few queued, in memory).
func (s *Sdist) Extract(dst string) (root string, err error) {
	dst = filepath.Clean(dst)
	if err := os.Mkdir(dst, 0o755); err != nil {
		hint := ""
		if errors.Is(err, fs.ErrExist) {
			hint = "Extract writes into a new folder only; remove it or choose another"
		}
		return "", s.errf("", ErrDestination, fmt.Sprintf("cannot create %s", dst), hint, err)
	}
	tmp, err := makeTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-")
	if err != nil {
		os.Remove(dst)
		return "", s.errf("", ErrDestination, "cannot create a temporary folder next to "+dst, "", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
			os.Remove(dst) // only removes it while it is still empty
		}
	}()
	r, err := os.OpenRoot(tmp)
	if err != nil {
		return "", s.errf("", ErrDestination, "cannot open "+tmp, "", err)
	}
	w := newWriter(s, r)
	if s.Format == Zip {
		err = s.extractZip(w)
	} else {
		if asyncWrites {
			w.start()
		}
		err = s.extractTar(w)
		if ferr := w.finish(); err == nil {
			err = ferr
		}
	}
	if err == nil {
		err = w.copyLinks()
	}
	w.closeDirs()
	if cerr := r.Close(); err == nil && cerr != nil {
		err = s.errf("", ErrDestination, "", "", cerr)
	}
	if err != nil {
		return "", err
	}
	if err := replaceEmptyDir(tmp, dst); err != nil {
		return "", s.errf("", ErrDestination, fmt.Sprintf("cannot move the unpacked files to %s", dst), "was something written into it meanwhile?", err)
	}
	return filepath.Join(dst, s.Root), nil
}

// replaceEmptyDir renames the folder tmp to dst, which is the empty folder
// reserved by Extract. rename(2) replaces an empty folder in one step (and
// fails if something was put in it); os.Rename refuses any existing folder,
// so the system call is used, with remove-then-rename where it is refused.
func replaceEmptyDir(tmp, dst string) error {
	err := syscall.Rename(tmp, dst)
	if err == nil {
		return nil
	}
	if rerr := os.Remove(dst); rerr != nil {
		return &os.LinkError{Op: "rename", Old: tmp, New: dst, Err: err}
	}
	return os.Rename(tmp, dst)
}

// makeTemp creates a new folder in dir with the default permission (0777
// less the umask, unlike os.MkdirTemp's 0700).
func makeTemp(dir, prefix string) (string, error) {
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		p := filepath.Join(dir, prefix+hex.EncodeToString(b[:]))
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no free temporary name in %s", dir)
}

// writer writes members below an os.Root, which refuses any path leaving
// the temporary folder even if a check before were wrong. It keeps an
// os.Root open on the folders it writes in (up to maxOpenDirs), so that
// creating a file walks one path component, not all of them.
//
// Files of up to asyncMax bytes are read into memory and written by a few
// goroutines while the archive goes on being decompressed: creating files
// costs more than decompressing them on most file systems.
type writer struct {
	s     *Sdist
	root  *os.Root
	made  map[string]bool     // folders created or known to exist
	roots map[string]*os.Root // open folders
	buf   []byte

	jobs     chan job
	inflight sync.WaitGroup // jobs sent and not done
	workers  sync.WaitGroup
	mu       sync.Mutex
	err      error // the first error of a worker
}

// job is a file for a worker to write.
type job struct {
	e    *entry
	d    *os.Root
	base string
	data []byte
}

// asyncWrites lets a benchmark compare with writing in one goroutine.
var asyncWrites = true

const (
	maxOpenDirs = 64
	asyncMax    = 1 << 20
)

// start starts the workers.
func (w *writer) start() {
	n := min(max(runtime.GOMAXPROCS(0), 2), 8)
	w.jobs = make(chan job, 2*n)
	for range n {
		w.workers.Add(1)
		go func() {
			defer w.workers.Done()
			buf := make([]byte, 32<<10)
			for j := range w.jobs {
				if w.failed() == nil {
					if err := w.write(j.d, j.base, j.e, bytes.NewReader(j.data), j.e.ModTime, buf); err != nil {
						w.mu.Lock()
						if w.err == nil {
							w.err = err
						}
						w.mu.Unlock()
					}
				}
				w.inflight.Done()
			}
		}()
	}
}

// finish waits for the workers and returns the first error of one.
func (w *writer) finish() error {
	if w.jobs != nil {
		close(w.jobs)
		w.workers.Wait()
		w.jobs = nil
	}
	return w.failed()
}

func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func newWriter(s *Sdist, root *os.Root) *writer {
	return &writer{s: s, root: root, made: map[string]bool{}, roots: map[string]*os.Root{}, buf: make([]byte, 128<<10)}
}

func (w *writer) fail(e *entry, what string, err error) error {
	return w.s.errf(e.Name, ErrDestination, "cannot "+what, "", err)
}

// dir makes the folder p ('/'-separated, below the temporary folder) and
// its parents, and returns an os.Root of it.
func (w *writer) dir(p string) (*os.Root, error) {
	if p == "." {
		return w.root, nil
	}
	if r, ok := w.roots[p]; ok {
		return r, nil
	}
	if !w.made[p] {
		parent, err := w.dir(path.Dir(p))
		if err != nil {
			return nil, err
		}
		if err := parent.Mkdir(path.Base(p), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		w.made[p] = true
	}
	if len(w.roots) >= maxOpenDirs {
		w.closeDirs()
	}
	r, err := w.root.OpenRoot(filepath.FromSlash(p))
	if err != nil {
		return nil, err
	}
	w.roots[p] = r
	return r, nil
}

func (w *writer) closeDirs() {
	w.inflight.Wait() // workers may be writing in them
	for p, r := range w.roots {
		r.Close()
		delete(w.roots, p)
	}
}

// where is the member's path below the temporary folder.
func (w *writer) where(e *entry) string {
	if e.Path == "" {
		return w.s.Root
	}
	return w.s.Root + "/" + e.Path
}

// member writes a folder or a regular file; links wait for copyLinks.
func (w *writer) member(e *entry, r io.Reader) error {
	p := w.where(e)
	switch e.Type {
	case Dir:
		if _, err := w.dir(p); err != nil {
			return w.fail(e, "create the folder", err)
		}
		return nil
	case File:
		return w.file(e, p, r, e.ModTime)
	}
	return nil
}

func (w *writer) file(e *entry, p string, r io.Reader, mtime time.Time) error {
	if err := w.failed(); err != nil {
		return err
	}
	d, err := w.dir(path.Dir(p))
	if err != nil {
		return w.fail(e, "create its folder", err)
	}
	base := path.Base(p)
	if w.jobs == nil || e.Size > asyncMax {
		return w.write(d, base, e, r, mtime, w.buf)
	}
	data := make([]byte, e.Size)
	if _, err := io.ReadFull(r, data); err != nil {
		return w.s.readErr(e.Name, err)
	}
	w.inflight.Add(1)
	w.jobs <- job{e: e, d: d, base: base, data: data}
	return nil
}

// write creates the file base in d with e's mode, copies r (which must
// hold e.Size bytes) into it and sets its time.
func (w *writer) write(d *os.Root, base string, e *entry, r io.Reader, mtime time.Time, buf []byte) error {
	f, err := d.OpenFile(base, os.O_WRONLY|os.O_CREATE|os.O_EXCL, e.Mode)
	if err != nil {
		return w.fail(e, "create the file", err)
	}
	rt := &readTracker{r: io.LimitReader(r, e.Size+1)}
	n, err := io.CopyBuffer(f, rt, buf)
	if cerr := f.Close(); err == nil && cerr != nil {
		return w.fail(e, "write the file", cerr)
	}
	if err != nil {
		if rt.err == nil {
			return w.fail(e, "write the file", err)
		}
		return w.s.readErr(e.Name, err)
	}
	if n != e.Size {
		return w.s.errf(e.Name, ErrChanged, fmt.Sprintf("%d bytes read, %d validated", n, e.Size), "the archive changed after it was validated", nil)
	}
	if !mtime.IsZero() && mtime.Unix() > 0 {
		if err := d.Chtimes(base, mtime, mtime); err != nil {
			return w.fail(e, "set the modification time", err)
		}
	}
	return nil
}

// copyLinks writes every link as a copy of the regular file it points at,
// which is already written.
func (w *writer) copyLinks() error {
	for i := range w.s.entries {
		e := &w.s.entries[i]
		if e.Type != Symlink && e.Type != Hardlink {
			continue
		}
		t := &w.s.entries[e.target]
		src, err := w.root.Open(filepath.FromSlash(w.where(t)))
		if err != nil {
			return w.fail(e, "open its target", err)
		}
		c := *e
		c.Size = t.Size
		err = w.file(&c, w.where(e), src, t.ModTime)
		src.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// extractTar reads the tar a second time and writes each member after
// comparing it with the validated one.
func (s *Sdist) extractTar(w *writer) error {
	k := 0
	digest, err := s.scanTar(func(h *headerInfo, r io.Reader) error {
		if h.skip {
			return nil
		}
		if k >= len(s.entries) || !sameEntry(&h.entry, &s.entries[k]) {
			return s.errf(h.Name, ErrChanged, "the archive changed after it was validated", "", nil)
		}
		e := &s.entries[k]
		k++
		return w.member(e, r)
	})
	if err != nil {
		return err
	}
	if k != len(s.entries) || digest != s.digest {
		return s.errf("", ErrChanged, "the archive changed after it was validated", "", nil)
	}
	return nil
}

func sameEntry(a, b *entry) bool {
	return a.Name == b.Name && a.Type == b.Type && a.Size == b.Size && a.rawLink == b.rawLink && (a.Type != File || a.Mode == b.Mode)
}

// readTracker remembers a read error, to tell it from a write error.
type readTracker struct {
	r   io.Reader
	err error
}

func (t *readTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}

func (s *Sdist) extractZip(w *writer) error {
	for i := range s.entries {
		e := &s.entries[i]
		if e.Type != File {
			if err := w.member(e, nil); err != nil {
				return err
			}
			continue
		}
		rc, err := e.zf.Open()
		if err != nil {
			return s.errf(e.Name, ErrFormat, "cannot read the member", "", err)
		}
		err = w.member(e, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
