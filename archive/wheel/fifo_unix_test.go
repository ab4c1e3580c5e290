//go:build unix

package wheel

import (
	"testing"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// A FIFO given as a distribution file is refused at once as not a regular
// file: the open does not wait for a writer.
func TestOpenFIFO(t *testing.T) {
	boundedtest.RefusesFIFO(t, "x-1.0-py3-none-any.whl", func(p string) error {
		_, err := Open(p, nil)
		return err
	})
}
