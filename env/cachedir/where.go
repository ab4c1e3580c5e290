package cachedir

import (
	"os"
	"path/filepath"
)

// UserDir is the user's cache folder: explicit (--cache-dir, or
// FWENV_CACHE_DIR through the configuration; relative to cwd) when given,
// else $XDG_CACHE_HOME/fwenv, else ~/.cache/fwenv; "" when there is no
// home folder either.
func UserDir(explicit, cwd string, getenv func(string) string) string {
	if explicit != "" {
		if filepath.IsAbs(explicit) {
			return filepath.Clean(explicit)
		}
		return filepath.Join(cwd, explicit)
	}
	if x := getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "fwenv")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "fwenv")
	}
	return ""
}

// Temp makes the cache of a --no-cache command: a fresh temporary folder,
// tagged as a cache. remove takes it away again, whatever the wheel cache
// made read-only inside it.
func Temp() (dir string, remove func() error, err error) {
	d, err := os.MkdirTemp("", "fwenv-no-cache-")
	if err != nil {
		return "", nil, err
	}
	Ensure(d)
	return d, func() error { return RemoveAll(d) }, nil
}

// NoFolderError says there is no cache folder to act on.
type NoFolderError struct{}

func (NoFolderError) Error() string {
	return "no cache folder: neither HOME nor XDG_CACHE_HOME is set"
}
func (NoFolderError) Hint() string {
	return "pass --cache-dir DIR or set FWENV_CACHE_DIR"
}
