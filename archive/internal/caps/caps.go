package caps

import (
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/internal/refusal"
)

// The defaults both formats share.
const (
	DefaultMaxFiles        = 500_000
	DefaultMaxRatio        = 200
	DefaultRatioMinSize    = 1 << 20
	DefaultMaxMetadataSize = bounded.Metadata
)

// Fields points at the shared caps of one Options value.
type Fields struct {
	MaxFileSize, MaxTotalSize *int64
	MaxFiles                  *int
	MaxRatio, RatioMinSize    *int64
	MaxMetadataSize           *int64
	SameVersion               *func(a, b string) bool
}

// Fill gives each cap that is zero or negative (each nil SameVersion) its
// default: maxFileSize and maxTotalSize, the format's, and the shared
// ones; refusal.LooseSameVersion compares versions.
func Fill(f Fields, maxFileSize, maxTotalSize int64) {
	orDefault(f.MaxFileSize, maxFileSize)
	orDefault(f.MaxTotalSize, maxTotalSize)
	orDefault(f.MaxFiles, DefaultMaxFiles)
	orDefault(f.MaxRatio, DefaultMaxRatio)
	orDefault(f.RatioMinSize, DefaultRatioMinSize)
	orDefault(f.MaxMetadataSize, DefaultMaxMetadataSize)
	if *f.SameVersion == nil {
		*f.SameVersion = refusal.LooseSameVersion
	}
}

func orDefault[T int | int64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}
