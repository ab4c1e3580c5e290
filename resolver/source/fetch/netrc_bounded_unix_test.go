//go:build linux || darwin

package fetch

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// The default ~/.netrc is read only when it is a regular file, up to a
// cap: a link to a device (/dev/null here: /dev/zero would fill memory on
// failure), a FIFO or a huge file is refused at once with its path, the
// reason and a hint, instead of filling memory or blocking. A netrc the
// user names ($NETRC, Options.NetrcPath) is capped the same way.
func TestNetrcIsBounded(t *testing.T) {
	home := t.TempDir()
	dot := filepath.Join(home, ".netrc")
	big := filepath.Join(t.TempDir(), "big")
	boundedtest.Sparse(t, big, 5<<20)
	for _, c := range []struct {
		setup        func() error
		netrc, named string
		want         string
	}{
		{func() error { return os.Symlink("/dev/null", dot) }, "", "", "netrc file " + dot + ": is a character device, not a file"},
		{func() error { return syscall.Mkfifo(dot, 0o600) }, "", "", "netrc file " + dot + ": is a FIFO, not a file"},
		{func() error { return os.Symlink(big, dot) }, "", "", "netrc file " + dot + ": larger than 4 MiB, the most fwenv reads of a netrc file"},
		{func() error { return nil }, big, "", "netrc file " + big + ": larger than 4 MiB, the most fwenv reads of a netrc file"},
		{func() error { return nil }, "", big, "netrc file " + big + ": larger than 4 MiB, the most fwenv reads of a netrc file"},
		{func() error { return nil }, "/dev/zero", "", "netrc file /dev/zero: larger than 4 MiB, the most fwenv reads of a netrc file"},
		{func() error { return nil }, home, "", "netrc file " + home + ": is a folder, not a file"},
	} {
		os.Remove(dot)
		if err := c.setup(); err != nil {
			t.Skip(err)
		}
		env := func(k string) string {
			switch k {
			case "HOME":
				return home
			case "NETRC":
				return c.netrc
			}
			return ""
		}
		done := make(chan error, 1)
		go func() {
			_, err := New(Options{NetrcPath: c.named, Getenv: env})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v, want %q", err, c.want)
			} else if h := err.(hinter).Hint(); !strings.Contains(h, "NETRC") {
				t.Errorf("%s: hint %q", c.want, h)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: reading the netrc blocks", c.want)
		}
	}
}

// A netrc the user names may be a pipe (NETRC=<(secret-manager ...)): it
// is read to its end, however slowly it is written, and its entries used.
func TestNamedNetrcMayBeAPipe(t *testing.T) {
	for _, viaEnv := range []bool{true, false} {
		fifo := filepath.Join(t.TempDir(), "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skip(err)
		}
		go func() {
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer w.Close()
			w.WriteString("machine 127.0.0.1 ")
			time.Sleep(100 * time.Millisecond)
			w.WriteString("login a password b\n")
		}()
		o := Options{Getenv: func(k string) string {
			if k == "NETRC" && viaEnv {
				return fifo
			}
			return ""
		}}
		if !viaEnv {
			o.NetrcPath = fifo
		}
		done := make(chan error, 1)
		var c *Client
		go func() {
			var err error
			c, err = New(o)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("NETRC=%v: %v", viaEnv, err)
			}
			if got := c.netrc["127.0.0.1"]; got.user != "a" || got.pass != "b" {
				t.Errorf("NETRC=%v: entry %+v", viaEnv, got)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("NETRC=%v: reading the netrc blocks", viaEnv)
		}
	}
}

// --cert names a file the user chose: it is read up to the cap (a pipe
// too), and a larger one is refused with the file and the cap.
func TestCertFileIsBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "ca.pem")
	boundedtest.Sparse(t, big, 5<<20)
	_, err := New(Options{CertFile: big, NetrcPath: filepath.Join(t.TempDir(), "none"), Getenv: func(string) string { return "" }})
	want := "certificate bundle " + big + ": larger than 4 MiB, the most fwenv reads of a certificate bundle"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
