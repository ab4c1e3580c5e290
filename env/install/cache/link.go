package cache

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// LinkMode is how files get from the cache into an environment.
type LinkMode string

// The link modes.
const (
	Auto     LinkMode = "auto"
	Copy     LinkMode = "copy"
	Hardlink LinkMode = "hardlink"
	Clone    LinkMode = "clone"
)

// ParseLinkMode checks a --link-mode value ("" is auto).
func ParseLinkMode(s string) (LinkMode, error) {
	switch LinkMode(s) {
	case "":
		return Auto, nil
	case Auto, Copy, Hardlink, Clone:
		return LinkMode(s), nil
	}
	return "", &Error{Reason: fmt.Sprintf("unknown link mode %q", s), hint: "use auto, clone, hardlink or copy"}
}

// Linker populates files from the cache with one mode. Auto settles on the
// first mode that works and keeps it. A Linker is safe for concurrent use.
type Linker struct {
	Mode LinkMode
	used atomic.Value // LinkMode settled by auto
}

// Used reports the mode actually used so far ("" before the first file).
func (l *Linker) Used() LinkMode {
	if v, ok := l.used.Load().(LinkMode); ok {
		return v
	}
	if l.Mode != Auto && l.Mode != "" {
		return l.Mode
	}
	return ""
}

// Link makes dst (which must not exist) a file with src's content. exec says
// whether a private copy gets mode 0755 (else 0644); hard links keep the
// cache's read-only mode.
func (l *Linker) Link(src, dst string, exec bool) error {
	mode := l.Mode
	if mode == "" || mode == Auto {
		if v, ok := l.used.Load().(LinkMode); ok {
			mode = v
		}
	}
	perm := os.FileMode(0o644)
	if exec {
		perm = 0o755
	}
	switch mode {
	case Copy:
		return wrap(Copy, src, dst, copyFile(src, dst, perm))
	case Hardlink:
		return wrap(Hardlink, src, dst, os.Link(src, dst))
	case Clone:
		return wrap(Clone, src, dst, cloneFile(src, dst, perm))
	}
	// auto, undecided: try each in turn.
	if err := cloneFile(src, dst, perm); err == nil {
		l.used.Store(Clone)
		return nil
	}
	os.Remove(dst)
	if err := os.Link(src, dst); err == nil {
		l.used.Store(Hardlink)
		return nil
	}
	if err := copyFile(src, dst, perm); err != nil {
		return wrap(Copy, src, dst, err)
	}
	l.used.Store(Copy)
	return nil
}

func wrap(mode LinkMode, src, dst string, err error) error {
	if err == nil {
		return nil
	}
	return linkErr(mode, src, dst, err)
}

// CopyFile copies src to a new file dst with perm (used for files that must
// be private whatever the link mode).
func CopyFile(src, dst string, perm os.FileMode) error { return copyFile(src, dst, perm) }

func copyFile(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil { // copy_file_range where the kernel has it
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}
