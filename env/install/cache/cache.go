package cache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/cachedir"
)

// EnvVar names the environment variable that overrides the default folder.
const EnvVar = "FWENV_CACHE_DIR"

// DefaultDir is $FWENV_CACHE_DIR, else the user cache folder's "fwenv"
// (~/.cache/fwenv on Linux, ~/Library/Caches/fwenv on macOS).
func DefaultDir() (string, error) {
	if d := os.Getenv(EnvVar); d != "" {
		return filepath.Abs(d)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", &Error{Reason: "no cache folder: " + err.Error(), hint: "set " + EnvVar + " or pass --cache-dir"}
	}
	return filepath.Join(d, "fwenv"), nil
}

// Cache is a folder of unpacked wheels.
type Cache struct {
	Dir string // the cache root; entries live in Dir/wheels
}

// New returns the cache rooted at dir.
func New(dir string) *Cache { return &Cache{Dir: dir} }

// Entry is one unpacked wheel.
type Entry struct {
	Key string // the wheel file's sha256, hex
	Dir string // members live at Dir/<archive name>
	Hit bool   // the entry was already there
}

// Path is where member name (a wheel.File's Name) lives in the entry.
func (e *Entry) Path(name string) string { return filepath.Join(e.Dir, filepath.FromSlash(name)) }

// Error is a cache failure, naming the wheel when there is one.
type Error struct {
	Wheel  string
	Member string
	Reason string
	Err    error
	hint   string
}

func (e *Error) Error() string {
	s := "cache: "
	if e.Wheel != "" {
		s += e.Wheel
		if e.Member != "" {
			s += " (" + e.Member + ")"
		}
		s += ": "
	}
	s += e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if h := e.Hint(); h != "" {
		s += "\nhint: " + h
	}
	return s
}

// Hint is advice for the user.
func (e *Error) Hint() string { return e.hint }

func (e *Error) Unwrap() error { return e.Err }

func (c *Cache) entryDir(key string) string {
	return filepath.Join(c.Dir, "wheels", key[:2], key)
}

// Lookup returns the entry for key if it is complete, nil otherwise.
func (c *Cache) Lookup(key string) *Entry {
	if len(key) != 64 {
		return nil
	}
	d := c.entryDir(key)
	if fi, err := os.Stat(d); err == nil && fi.IsDir() {
		cachedir.Touch(d) // fwenv cache prune keeps what is used
		return &Entry{Key: key, Dir: d, Hit: true}
	}
	return nil
}

// TestHookUnpacked, when set, runs after each member is written to a
// temporary entry (crash tests). Not for production use.
var TestHookUnpacked func(member string)

// Unpack returns the entry of the wheel w whose file hashes to key, unpacking
// it first when the cache does not have it. w must come from wheel.Open (with
// or without DeferContentCheck: every member is hash-checked here anyway).
func (c *Cache) Unpack(w *wheel.Wheel, key string) (*Entry, error) {
	if len(key) != 64 || strings.Trim(key, "0123456789abcdef") != "" {
		return nil, &Error{Wheel: w.Filename, Reason: "invalid cache key " + key}
	}
	if e := c.Lookup(key); e != nil {
		return e, nil
	}
	final := c.entryDir(key)
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &Error{Wheel: w.Filename, Reason: "cannot create the cache folder", Err: err, hint: "check that " + c.Dir + " is writable or choose another with --cache-dir / " + EnvVar}
	}
	sweep(parent, key)
	tmp, err := os.MkdirTemp(parent, ".tmp-"+key[:12]+"-")
	if err != nil {
		return nil, &Error{Wheel: w.Filename, Reason: "cannot create a temporary folder", Err: err}
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	files := w.Files()
	made := map[string]bool{}
	for _, f := range files {
		d := filepath.Dir(filepath.Join(tmp, filepath.FromSlash(f.Name)))
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, &Error{Wheel: w.Filename, Member: f.Name, Reason: "cannot create folder", Err: err}
			}
			made[d] = true
		}
	}
	// Members are independent (zip.File.Open reads through ReaderAt):
	// decompress, hash and write them in parallel.
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	var stop atomic.Bool
	for range min(Workers(), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := files[i]
				if err := writeMember(f, filepath.Join(tmp, filepath.FromSlash(f.Name))); err != nil {
					errs[i] = &Error{Wheel: w.Filename, Member: f.Name, Reason: "cannot unpack", Err: err}
					stop.Store(true)
					continue
				}
				if TestHookUnpacked != nil {
					TestHookUnpacked(f.Name)
				}
			}
		}()
	}
	for i := range files {
		if stop.Load() {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// Every member is written: the seal vouches for what was done so far
	// (verify.go). Renewed before the entry is visible, so a reader never
	// finds the entry newer than its seal.
	if err := writeSeal(sealPath(final)); err != nil {
		return nil, &Error{Wheel: w.Filename, Reason: "cannot seal the unpacked wheel", Err: err, hint: "check that " + c.Dir + " is writable or choose another with --cache-dir / " + EnvVar}
	}
	if err := os.Rename(tmp, final); err != nil {
		if e := c.Lookup(key); e != nil { // lost the race: same content
			e.Hit = false
			return e, nil
		}
		return nil, &Error{Wheel: w.Filename, Reason: "cannot move the unpacked wheel into the cache", Err: err}
	}
	ok = true
	return &Entry{Key: key, Dir: final}, nil
}

func writeMember(f wheel.File, dst string) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	perm := os.FileMode(0o444)
	if f.Executable() {
		perm = 0o555
	}
	// Created read-only at once: the mode binds later opens, not this one.
	// The stamp lets Intact notice a cached file changed in place later (a
	// hard-linked copy edited by root, whom read-only modes do not stop).
	// The reader checks size and hash at EOF.
	return createStamped(dst, perm, Stamp, r)
}

// Stamp is the modification time of every cached file.
var Stamp = time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC)

// Evict removes an entry (renamed aside first, so a concurrent Lookup never
// sees half of it).
func (c *Cache) Evict(e *Entry) error {
	aside, err := os.MkdirTemp(filepath.Dir(e.Dir), ".evict-"+e.Key[:12]+"-")
	if err != nil {
		return err
	}
	os.Remove(aside)
	if err := os.Rename(e.Dir, aside); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return os.RemoveAll(aside)
}

// sweep removes temporary folders of key older than an hour (left by a
// killed process).
func sweep(parent, key string) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".tmp-"+key[:12]+"-") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// Workers is how many files are written at once within one wheel.
func Workers() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

var errUnsupported = errors.New("not supported on this platform")

// linkErr describes a failure to populate dst.
func linkErr(mode LinkMode, src, dst string, err error) error {
	h := ""
	switch mode {
	case Clone:
		h = "this file system cannot clone files (reflinks need btrfs, XFS, APFS...); use --link-mode auto or copy"
	case Hardlink:
		h = "hard links need the cache and the environment on one file system; use --link-mode auto or copy, or move the cache with --cache-dir"
	}
	return &Error{Reason: fmt.Sprintf("%s %s -> %s", mode, src, dst), Err: err, hint: h}
}
