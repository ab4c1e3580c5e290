package sdist

import "github.com/fwenv/fwenv/archive/internal/caps"

// Options are the caps of [New] and [Open]. A zero field takes its default;
// the zero Options (or nil) are the defaults.
type Options struct {
	// MaxFileSize caps one member's size. Default 2 GiB.
	MaxFileSize int64
	// MaxTotalSize caps the uncompressed size of the whole archive as it
	// is read: for a tar, the decompressed stream (contents, headers and
	// padding); for a zip, the sum of the members' sizes. Default 8 GiB.
	MaxTotalSize int64
	// MaxFiles caps the number of members (tar: headers). Default 500,000.
	MaxFiles int
	// MaxRatio caps uncompressed/compressed size: of the whole stream for
	// a tar (measured while decompressing), of each member larger than
	// RatioMinSize and of the whole archive for a zip. Default 200
	// (sources compress 3-10 times).
	MaxRatio int64
	// RatioMinSize exempts that many uncompressed bytes from MaxRatio.
	// Default 1 MiB.
	RatioMinSize int64
	// MaxMetadataSize caps PKG-INFO and the files ReadFile returns, which
	// are read into memory. Default bounded.Metadata (16 MiB), the cap of
	// core metadata everywhere in fwenv.
	MaxMetadataSize int64
	// SameVersion compares the versions of the filename, the top-level
	// folder and PKG-INFO. Default: equal ignoring case, with '-' and '_'
	// the same; pass a PEP 440 comparison to accept "1.0" for "1.0.0".
	SameVersion func(a, b string) bool
}

const (
	defaultMaxFileSize  = 2 << 30
	defaultMaxTotalSize = 8 << 30

	// maxLinkTarget caps a zip symlink's target (its content).
	maxLinkTarget = 4096
)

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	caps.Fill(caps.Fields{MaxFileSize: &r.MaxFileSize, MaxTotalSize: &r.MaxTotalSize, MaxFiles: &r.MaxFiles,
		MaxRatio: &r.MaxRatio, RatioMinSize: &r.RatioMinSize, MaxMetadataSize: &r.MaxMetadataSize, SameVersion: &r.SameVersion},
		defaultMaxFileSize, defaultMaxTotalSize)
	return r
}
