package lock

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/lockfile/internal/lockio"
)

// Format is a lock file format.
type Format int

// The formats.
const (
	Fwenv  Format = iota + 1 // fwenv.lock: fwenv's own YAML (lockfile/fwlock)
	Pylock                   // pylock.toml: PEP 751's TOML (lockfile/pylock)
)

// String is the format's name as --format takes it: "fwenv" or "pylock".
func (f Format) String() string {
	switch f {
	case Fwenv:
		return "fwenv"
	case Pylock:
		return "pylock"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FileName is the format's default file name: "fwenv.lock" or
// "pylock.toml".
func (f Format) FileName() string {
	switch f {
	case Fwenv:
		return "fwenv.lock"
	case Pylock:
		return "pylock.toml"
	}
	return ""
}

// ParseFormat reads a format's name ("fwenv" or "pylock").
func ParseFormat(s string) (Format, error) {
	switch s {
	case "fwenv":
		return Fwenv, nil
	case "pylock":
		return Pylock, nil
	}
	return 0, fmt.Errorf("%q: expected fwenv or pylock", s)
}

var pep751NameRE = lockio.LazyRegexp(`^pylock\.([^.]+\.)?toml$`)

// FormatOf says which format a lock file's name stands for: a name ending
// in ".toml" is a pylock.toml, any other an fwenv.lock. pep751Name reports
// whether the base name is one PEP 751 allows for a lock file:
// "pylock.toml" or "pylock.NAME.toml" (NAME without dots, not empty). That
// is what `fwenv lock` insists on before it writes a pylock.toml, and what
// `fwenv install -r FILE` takes for a lock rather than a requirements file.
func FormatOf(path string) (f Format, pep751Name bool) {
	base := filepath.Base(filepath.FromSlash(path))
	if pep751NameRE().MatchString(base) {
		return Pylock, true
	}
	if strings.HasSuffix(path, ".toml") {
		return Pylock, false
	}
	return Fwenv, false
}
