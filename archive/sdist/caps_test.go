package sdist

import (
	"testing"

	"github.com/fwenv/fwenv/archive/bounded"
)

// PKG-INFO is core metadata: its default cap is the one of core metadata
// everywhere in fwenv (the installed-database reader's), not a larger one.
func TestDefaultMetadataCapIsBounded(t *testing.T) {
	if got := (*Options)(nil).withDefaults().MaxMetadataSize; got != bounded.Metadata {
		t.Fatalf("default MaxMetadataSize %d, want bounded.Metadata %d", got, bounded.Metadata)
	}
}
