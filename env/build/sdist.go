package build

import (
	"context"
	"os"
	"path/filepath"

	"github.com/fwenv/fwenv/archive/sdist"
)

// SdistError is an sdist that cannot be unpacked safely.
type SdistError struct {
	Path string
	Err  error
}

func (e *SdistError) Error() string { return "sdist " + e.Path + ": " + e.Err.Error() }

// Hint tells what to do.
func (e *SdistError) Hint() string {
	if h, ok := e.Err.(interface{ Hint() string }); ok {
		return h.Hint()
	}
	return "the sdist was refused before anything was written; rebuild it or get it from a trusted source"
}

func (e *SdistError) Unwrap() error { return e.Err }

// BuildWheelFromSdist unpacks an sdist (.tar.gz or .zip) with archive/sdist,
// which refuses every unsafe member before writing, and builds its wheel.
// The unpacked tree is a temporary folder; the built-file cache recognises
// the same sdist again by its unpacked contents, so an unchanged sdist is
// not built twice. Result.Project is the sdist's path.
func BuildWheelFromSdist(ctx context.Context, sdistPath, outDir string, o Options) (*Result, error) {
	abs, err := filepath.Abs(sdistPath)
	if err != nil {
		return nil, &SdistError{Path: sdistPath, Err: err}
	}
	if o.CacheDir == "" {
		return nil, &OptionsError{Reason: "no cache folder"}
	}
	s, err := sdist.Open(abs, nil)
	if err != nil {
		return nil, &SdistError{Path: abs, Err: err}
	}
	defer s.Close()
	if err := os.MkdirAll(filepath.Join(o.CacheDir, "tmp"), 0o755); err != nil {
		return nil, &OptionsError{Reason: "cannot use the cache folder: " + err.Error()}
	}
	work, err := os.MkdirTemp(filepath.Join(o.CacheDir, "tmp"), "sdist-")
	if err != nil {
		return nil, &OptionsError{Reason: "cannot use the cache folder: " + err.Error()}
	}
	defer os.RemoveAll(work)
	root, err := s.Extract(filepath.Join(work, "src"))
	if err != nil {
		return nil, &SdistError{Path: abs, Err: err}
	}
	res, err := BuildWheel(ctx, root, outDir, o)
	if res != nil {
		res.Project = abs
	}
	return res, err
}
