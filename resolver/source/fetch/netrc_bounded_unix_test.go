//go:build linux || darwin

package fetch

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A netrc is read only when it is a regular file, up to a cap: a link to
// a device (/dev/null here: /dev/zero would fill memory on failure), a FIFO
// or a huge file is refused at once with its path, the
// reason and a hint, instead of filling memory or blocking.
func TestNetrcIsBounded(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "dev")
	os.Symlink("/dev/null", zero)
	big := filepath.Join(dir, "big")
	f, _ := os.Create(big)
	f.Truncate(5 << 20) // sparse
	f.Close()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for path, want := range map[string]string{
		zero: "netrc file " + zero + ": is a character device, not a file",
		big:  "netrc file " + big + ": larger than 4 MiB, the most fwenv reads of a netrc file",
		fifo: "netrc file " + fifo + ": is a FIFO, not a file",
	} {
		done := make(chan error, 1)
		go func() {
			_, err := New(Options{NetrcPath: path, Getenv: func(string) string { return "" }})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != want {
				t.Errorf("%s: err = %v, want %q", path, err, want)
			} else if h := err.(hinter).Hint(); !strings.Contains(h, "NETRC") {
				t.Errorf("%s: hint %q", path, h)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: reading the netrc blocks", path)
		}
	}
}

// --cert names a file the user chose: it is read up to the cap (a pipe
// too), and a larger one is refused with the file and the cap.
func TestCertFileIsBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "ca.pem")
	f, _ := os.Create(big)
	f.Truncate(5 << 20) // sparse
	f.Close()
	_, err := New(Options{CertFile: big, NetrcPath: filepath.Join(t.TempDir(), "none"), Getenv: func(string) string { return "" }})
	want := "certificate bundle " + big + ": larger than 4 MiB, the most fwenv reads of a certificate bundle"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
