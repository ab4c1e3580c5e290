package wheel

import (
	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/internal/caps"
)

// Options are the caps and hooks of [New] and [Open]. A zero field takes its
// default; the zero Options (or nil) are the defaults.
type Options struct {
	// MaxFileSize caps one member's uncompressed size. Default 4 GiB.
	MaxFileSize int64
	// MaxTotalSize caps the sum of the members' uncompressed sizes.
	// Default 16 GiB (the largest GPU wheels unpack to a few GiB).
	MaxTotalSize int64
	// MaxFiles caps the number of members. Default 500,000.
	MaxFiles int
	// MaxRatio caps uncompressed/compressed size of any member larger than
	// RatioMinSize. Default 200 (source and binaries compress 2-10 times;
	// deflate cannot exceed about 1032).
	MaxRatio int64
	// RatioMinSize exempts small members from MaxRatio. Default 1 MiB.
	RatioMinSize int64
	// MaxMetadataSize caps WHEEL, METADATA, entry_points.txt and any file
	// ReadDistInfo returns, which are read into memory. Default
	// bounded.Metadata (16 MiB), the cap of the installed-database reader,
	// so that a wheel fwenv installs stays readable in the environment.
	MaxMetadataSize int64
	// MaxRecordSize caps RECORD, read into memory. Default
	// bounded.WheelRecord (16 MiB), a quarter of the installed-database
	// reader's bounded.Record: the RECORD an install writes is larger.
	MaxRecordSize int64
	// SameVersion compares the filename's version with the .dist-info
	// folder's and METADATA's. Default: equal ignoring case, with '-' and
	// '_' the same (filenames write '-' as '_'); pass a PEP 440 comparison
	// to accept "1.0" for "1.0.0".
	SameVersion func(a, b string) bool
	// DeferContentCheck skips decompressing and hashing every member in New;
	// every other check still runs there. Only for a caller that streams
	// every File through File.Open into a staging folder, treats any read
	// error as fatal and moves nothing into place before all files were read
	// to the end (File.Open checks size and hash at EOF): it saves one full
	// decompression of the wheel. Off by default.
	DeferContentCheck bool
}

const (
	defaultMaxFileSize   = 4 << 30
	defaultMaxTotalSize  = 16 << 30
	defaultMaxRecordSize = bounded.WheelRecord
)

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	caps.Fill(caps.Fields{MaxFileSize: &r.MaxFileSize, MaxTotalSize: &r.MaxTotalSize, MaxFiles: &r.MaxFiles,
		MaxRatio: &r.MaxRatio, RatioMinSize: &r.RatioMinSize, MaxMetadataSize: &r.MaxMetadataSize, SameVersion: &r.SameVersion},
		defaultMaxFileSize, defaultMaxTotalSize)
	if r.MaxRecordSize <= 0 {
		r.MaxRecordSize = defaultMaxRecordSize
	}
	return r
}
