//go:build unix

package python

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A FIFO as a Python 2 environment's orig-prefix.txt, or as the pyvenv.cfg
// of one virtualenv 20 made, is refused at once as not a regular file: the
// probe does not wait for a writer.
func TestProbeLandmarkFIFO(t *testing.T) {
	for _, name := range []string{"orig-prefix.txt", "pyvenv.cfg"} {
		t.Run(name, func(t *testing.T) {
			boundedtest.RefusesFIFO(t, name, func(fifo string) error {
				root := t.TempDir()
				fakeLandmarkEnv(t, root, "")
				lib := filepath.Join(root, "lib", "python2.7")
				dest := filepath.Join(lib, name)
				if name == "pyvenv.cfg" {
					dest = filepath.Join(root, name)
					if err := os.WriteFile(filepath.Join(lib, "site.py"), nil, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.Rename(fifo, dest); err != nil {
					t.Fatal(err)
				}
				_, err := (&Prober{}).Probe(filepath.Join(root, "bin", "python"))
				if err != nil {
					if h := err.(*ProbeError).Hint(); h == "" {
						t.Error("no hint")
					}
				}
				return err
			})
		})
	}
}
