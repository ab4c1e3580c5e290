//go:build unix

package sdist

import (
	"testing"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A FIFO given as a distribution file is refused at once as not a regular
// file: the open does not wait for a writer.
func TestOpenFIFO(t *testing.T) {
	boundedtest.RefusesFIFO(t, "x-1.0.tar.gz", func(p string) error {
		_, err := Open(p, nil)
		return err
	})
}
