package cachedir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/env/rawio"
)

// tagSignature is the first line of every cache-directory tag.
const tagSignature = "Signature: 8a477f597d28d172789f06886806bc55"

const tagText = tagSignature + `
# This file is a cache directory tag created by fwenv.
# Everything in this folder is derived data that fwenv rebuilds on demand:
# it is safe to delete (fwenv cache clean), and backup tools may skip it.
# For information about cache directory tags, see https://bford.info/cachedir/
`

// NotCacheError is a folder that does not look like a fwenv cache, so
// fwenv refuses to delete anything in it.
type NotCacheError struct {
	Root   string
	Reason string
}

func (e *NotCacheError) Error() string {
	return fmt.Sprintf("%s is not a fwenv cache folder: %s", e.Root, e.Reason)
}

// Hint tells how to point fwenv at its cache.
func (e *NotCacheError) Hint() string {
	return "check --cache-dir and FWENV_CACHE_DIR (`fwenv cache dir` prints the folder in use); a fwenv cache holds a " +
		TagName + " written by fwenv, or only the folders `fwenv cache info` lists"
}

// Error is a failure on one path of the cache.
type Error struct {
	Op   string // "remove", "measure", "tag"...
	Path string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("cache: cannot %s %s: %v", e.Op, e.Path, e.Err) }

// Hint tells what to check.
func (e *Error) Hint() string {
	return "check the permissions of " + e.Path + "; everything in the cache is safe to delete by hand"
}

func (e *Error) Unwrap() error { return e.Err }

// Check reports whether root may be treated as a fwenv cache: nil when it
// is one (or does not exist), a *NotCacheError otherwise. root is resolved
// through symbolic links first, so a link to "/" is refused like "/".
func Check(root string) error {
	real, err := resolve(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return &Error{Op: "read", Path: root, Err: err}
	}
	return check(root, real)
}

func resolve(root string) (string, error) {
	if root == "" {
		return "", &NotCacheError{Root: `""`, Reason: "no folder given"}
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

func check(root, real string) error {
	if filepath.Dir(real) == real {
		return &NotCacheError{Root: root, Reason: "it is the root of the file system"}
	}
	for _, h := range homes() {
		if h != "" && sameFile(h, real) {
			return &NotCacheError{Root: root, Reason: "it is the home folder"}
		}
	}
	st, err := os.Stat(real)
	if err != nil {
		return &Error{Op: "read", Path: root, Err: err}
	}
	if !st.IsDir() {
		return &NotCacheError{Root: root, Reason: "it is not a folder"}
	}
	if hasTag(real) {
		return nil
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		return &Error{Op: "read", Path: root, Err: err}
	}
	for _, e := range ents {
		if !knownTopName(e.Name()) {
			return &NotCacheError{Root: root, Reason: fmt.Sprintf("it has no %s written by fwenv and holds %q, which fwenv does not make", TagName, e.Name())}
		}
	}
	return nil
}

func homes() []string {
	var out []string
	if h, err := os.UserHomeDir(); err == nil {
		out = append(out, h)
	}
	return out
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// knownTopName is a name fwenv puts at the root of its cache.
func knownTopName(name string) bool {
	if _, ok := AreaByName(name); ok {
		return true
	}
	return name == TagName || isLeftover(name)
}

// hasTag reports whether dir holds a cache-directory tag written by fwenv.
func hasTag(dir string) bool {
	data, err := rawio.ReadFile(filepath.Join(dir, TagName))
	if err != nil {
		return false
	}
	s := string(data)
	return strings.HasPrefix(s, tagSignature) && strings.Contains(s, "fwenv")
}

// Ensure makes root (when missing) and tags it as a cache with a
// CACHEDIR.TAG. It does nothing when the tag is there, and refuses (a
// *NotCacheError, nothing written) a folder holding anything fwenv does not
// make. Commands call it before they first write to the cache; an error
// need not stop them (the cache works untagged, but Clean and Prune may
// then refuse it).
func Ensure(root string) error {
	if root == "" {
		return &NotCacheError{Root: `""`, Reason: "no folder given"}
	}
	if hasTag(root) {
		return nil
	}
	if st, err := os.Stat(root); err == nil && !st.IsDir() {
		return &NotCacheError{Root: root, Reason: "it is not a folder"}
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return &Error{Op: "create", Path: root, Err: err}
	}
	real, err := resolve(root)
	if err != nil {
		return &Error{Op: "read", Path: root, Err: err}
	}
	if err := check(root, real); err != nil {
		return err
	}
	// ".tmp-tag-*": Clean leaves a tag being written alone.
	if err := atomicfile.WriteFile(filepath.Join(real, TagName), []byte(tagText), atomicfile.Options{Perm: 0o644, Exact: true, Temp: ".tmp-tag-*"}); err != nil {
		return &Error{Op: "tag", Path: root, Err: err}
	}
	return nil
}
