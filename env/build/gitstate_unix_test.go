//go:build linux || darwin

package build

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A project's .git files are read only when regular: a FIFO or a link to
// /dev/zero in their place cannot hang or fill the build's fingerprint.
func TestGitStateReadsOnlyRegularFiles(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	for _, name := range []string{"HEAD", "packed-refs"} {
		for _, kind := range []string{"fifo", "zero"} {
			git := filepath.Join(t.TempDir(), ".git")
			os.MkdirAll(git, 0o755)
			if name != "HEAD" {
				os.WriteFile(filepath.Join(git, "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
			}
			p := filepath.Join(git, name)
			if kind == "fifo" {
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skip(err)
				}
			} else if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { hashGitState(sha256.New(), git); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("%s as a %s: hashing the git state did not return", name, kind)
			}
		}
	}
}
