package lock

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/fwenv/fwenv/archive/printable"
)

// The holder of a lock writes a one-line record into the lock file, "PID
// PROGRAM\n", and clears it on release, so that a process waiting for the
// lock can say whom it waits for. The record is only written over an empty
// file or an earlier record: a lock path that leads to anything else (a
// symlink, a hard link, a file with other contents) is locked but never
// written.

// maxRecord bounds the holder record, written and read.
const maxRecord = 256

// writeHolder writes this process's record into the locked file f; it
// reports whether it did.
func writeHolder(path string, f *os.File) bool {
	lst, err := os.Lstat(path)
	if err != nil || !lst.Mode().IsRegular() {
		return false
	}
	st, err := f.Stat()
	if err != nil || !os.SameFile(lst, st) {
		return false
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Nlink != 1 {
		return false
	}
	if st.Size() > maxRecord {
		return false
	}
	if st.Size() > 0 {
		buf := make([]byte, st.Size())
		n, _ := f.ReadAt(buf, 0)
		if _, _, ok := parseRecord(buf[:n]); !ok {
			return false
		}
	}
	rec := strconv.Itoa(os.Getpid()) + " " + programName() + "\n"
	if f.Truncate(0) != nil {
		return false
	}
	if _, err := f.WriteAt([]byte(rec), 0); err != nil {
		return false
	}
	return true
}

// programName is this program's name, as safe one-line text without
// spaces (archive/printable escapes its controls, line breaks and bidi
// characters).
func programName() string {
	name := "fwenv"
	if len(os.Args) > 0 && os.Args[0] != "" {
		name = filepath.Base(os.Args[0])
	}
	name = strings.ReplaceAll(printable.Escape(name), " ", "_")
	if len(name) > 64 {
		name = strings.ToValidUTF8(name[:64], "")
	}
	return name
}

// parseRecord reads a holder record. A program name holding anything
// archive/printable would escape (or a space) is no record fwenv wrote:
// Holder would print it, so it is refused.
func parseRecord(b []byte) (pid int, program string, ok bool) {
	line, rest, found := strings.Cut(string(b), "\n")
	if !found || rest != "" {
		return 0, "", false
	}
	p, prog, found := strings.Cut(line, " ")
	n, err := strconv.Atoi(p)
	if !found || err != nil || n <= 0 || prog == "" || strings.ContainsRune(prog, ' ') || printable.Needs(prog) {
		return 0, "", false
	}
	return n, prog, true
}

// Holder says who holds the lock at path, as "fwenv (pid 1234)", from the
// record its holder wrote; "" when that is not known (no record, or its
// process is gone).
func Holder(path string) string {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	buf := make([]byte, maxRecord+1)
	n, _ := f.ReadAt(buf, 0)
	pid, prog, ok := parseRecord(buf[:n])
	if !ok {
		return ""
	}
	if err := syscall.Kill(pid, 0); err != nil && err != syscall.EPERM {
		return ""
	}
	return prog + " (pid " + strconv.Itoa(pid) + ")"
}
