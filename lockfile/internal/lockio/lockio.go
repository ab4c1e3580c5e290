package lockio

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/secret"
)

// ReadNamed reads a lock file the user named (or the one in the current
// folder), at most bounded.Lock bytes: a pipe is read to its end, /dev/zero
// or an endless pipe stops at the cap, a folder or socket is refused.
func ReadNamed(path string) ([]byte, error) { return bounded.ReadNamed(path, bounded.Lock) }

// ReadRegular reads a lock file fwenv found itself (a bundle's manifest),
// at most bounded.Lock bytes; anything but a regular file is refused
// before it is opened for reading, so a FIFO never blocks.
func ReadRegular(path string) ([]byte, error) { return bounded.ReadRegular(path, bounded.Lock) }

// ReadProblem says why a lock file could not be read: the message, and a
// hint when the lock's own hint does not fit ("" otherwise). missing is
// true for a file that does not exist.
func ReadProblem(err error) (msg, hint string, missing bool) {
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such lock file", "", true
	case errors.As(err, &tl):
		return fmt.Sprintf("larger than %s, the most fwenv reads of a lock file", bounded.Size(tl.Limit)),
			"check that the path names a lock file (fwenv.lock or pylock.toml), not a device or an endless stream", false
	case errors.As(err, &nr):
		return "cannot read the lock file: it is " + nr.Kind + ", not a file",
			"give the path of a lock file (fwenv.lock or pylock.toml)", false
	case errors.As(err, &pe):
		return "cannot read the lock file: " + pe.Err.Error(), "", false
	}
	return "cannot read the lock file: " + err.Error(), "", false
}

// WriteAtomic writes data to path as lock files are written: through
// archive/atomicfile, mode 0666 less the umask (as cp makes a file), flushed to disk before
// it is renamed over path (and the folder after, where the system allows
// it), so a reader sees the old file or the new one, never a part. On
// error path is untouched and the temporary file removed.
func WriteAtomic(path string, data []byte) error {
	return atomicfile.WriteFile(path, data, atomicfile.Options{Perm: 0o666, Sync: true})
}

// CredentialIn reports whether s is (or holds) a URL with user information
// that can be a secret: "user:password@" or "token@". A bare user name on an
// ssh URL (git+ssh://git@github.com/...) names an account and is allowed. It
// looks at every "scheme://" in s, so it also finds URLs inside a PEP 508
// requirement ("pkg @ https://...").
func CredentialIn(s string) bool {
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			return false
		}
		j := i
		for j > 0 && isSchemeChar(s[j-1]) {
			j--
		}
		scheme := strings.ToLower(s[j:i])
		rest := s[i+3:]
		end := authorityEnd(rest)
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			user := rest[:at]
			if !(strings.HasSuffix(scheme, "ssh") && !strings.Contains(user, ":")) {
				return true
			}
		}
		s = rest
	}
}

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// authorityEnd is the end of the URL authority at the start of s.
func authorityEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>':
			return i
		}
	}
	return len(s)
}

// ErrorText is the message of a lock file error, credentials redacted:
// "FILE:LINE: package NAME: MSG", each part only when known ("line N: "
// when there is a line but no file).
func ErrorText(file string, line int, pkg, msg string) string {
	var b strings.Builder
	if file != "" {
		b.WriteString(file)
		if line > 0 {
			fmt.Fprintf(&b, ":%d", line)
		}
		b.WriteString(": ")
	} else if line > 0 {
		fmt.Fprintf(&b, "line %d: ", line)
	}
	if pkg != "" {
		b.WriteString("package ")
		b.WriteString(pkg)
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return secret.Redact(b.String())
}
