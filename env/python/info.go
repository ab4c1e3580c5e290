package python

import (
	"fmt"
	"path/filepath"
	"strings"
)

// MinMinor is the oldest supported Python 3 minor version; of Python 2,
// only 2.7 is supported.
const MinMinor = 6

// SupportedVersions says which versions fwenv supports, for messages.
const SupportedVersions = "CPython 2.7 and 3.6 or newer"

// VersionSupported reports whether fwenv supports Python major.minor.
func VersionSupported(major, minor int) bool {
	return major == 2 && minor == 7 || major == 3 && minor >= MinMinor || major > 3
}

// Info is what the probe learnt about one interpreter.
type Info struct {
	// Path is the real executable: symlinks resolved, never a shim.
	Path string `json:"path"`
	// Source tells where discovery found it: "PATH", "pyenv", "system", "path" (given by the user).
	Source string `json:"-"`

	VersionInfo    []int             `json:"version_info"`
	Implementation string            `json:"implementation"`
	Executable     string            `json:"executable"`
	BaseExecutable string            `json:"base_executable"`
	Prefix         string            `json:"prefix"`
	BasePrefix     string            `json:"base_prefix"`
	ExecPrefix     string            `json:"exec_prefix"`
	BaseExecPrefix string            `json:"base_exec_prefix"`
	Is64           bool              `json:"is64"`
	ABIFlags       string            `json:"abiflags"`
	SchemeName     string            `json:"scheme_name"`
	Scheme         map[string]string `json:"scheme"`
	DebianScheme   bool              `json:"debian_scheme"`
	Stdlib         string            `json:"stdlib"`
	SOABI          string            `json:"soabi"`
	ExtSuffix      string            `json:"ext_suffix"`
	Shared         bool              `json:"shared"`
	LDLibrary      string            `json:"ldlibrary"`
	LibDir         string            `json:"libdir"`
	Platform       string            `json:"platform"`
	Machine        string            `json:"machine"`
	// Libc is [name, major, minor] as JSON: ["glibc", 2, 36].
	Libc    []any             `json:"libc"`
	MacOS   string            `json:"macos"`
	Markers map[string]string `json:"markers"`
}

// Version is the interpreter's version as "3.11.7".
func (i *Info) Version() string {
	parts := make([]string, len(i.VersionInfo))
	for k, n := range i.VersionInfo {
		parts[k] = fmt.Sprint(n)
	}
	return strings.Join(parts, ".")
}

// MajorMinor is "3.11".
func (i *Info) MajorMinor() string {
	if len(i.VersionInfo) < 2 {
		return i.Version()
	}
	return fmt.Sprintf("%d.%d", i.VersionInfo[0], i.VersionInfo[1])
}

// HasImportlibMetadata reports whether the interpreter has
// importlib.metadata (3.8 and newer). Below, frameworks find entry points
// with setuptools' pkg_resources.
func (i *Info) HasImportlibMetadata() bool {
	vi := i.VersionInfo
	return len(vi) < 2 || vi[0] > 3 || vi[0] == 3 && vi[1] >= 8
}

// Supported reports whether fwenv can make environments for this interpreter,
// and why not.
func (i *Info) Supported() (bool, string) {
	if len(i.VersionInfo) < 2 {
		return false, "unknown version"
	}
	if !VersionSupported(i.VersionInfo[0], i.VersionInfo[1]) {
		return false, fmt.Sprintf("Python %s is not supported (fwenv supports %s)", i.Version(), SupportedVersions)
	}
	if i.VersionInfo[0] == 2 && i.Implementation != "cpython" {
		// The landmark layout of 2.7 environments is CPython's.
		return false, fmt.Sprintf("%s is not supported (fwenv supports %s)", strings.TrimSuffix(i.Label(), " ("+i.Path+")"), SupportedVersions)
	}
	if i.Scheme == nil || i.Scheme["purelib"] == "" {
		return false, "the interpreter reported no install scheme"
	}
	return true, ""
}

// Home is the directory of the real executable, as written to pyvenv.cfg.
func (i *Info) Home() string { return filepath.Dir(i.Path) }

// IsVenv reports whether the probed executable belongs to a virtual environment.
func (i *Info) IsVenv() bool { return i.Prefix != i.BasePrefix }

// LibcName returns "glibc", "musl" or "".
func (i *Info) LibcName() (string, int, int) {
	if len(i.Libc) != 3 {
		return "", 0, 0
	}
	name, _ := i.Libc[0].(string)
	maj, _ := i.Libc[1].(float64)
	min, _ := i.Libc[2].(float64)
	return name, int(maj), int(min)
}

// SitePackages is the environment-relative purelib directory, e.g.
// "lib/python3.11/site-packages".
func (i *Info) SitePackages() string { return i.Scheme["purelib"] }

// Label is a short description: "CPython 3.11.7 (/root/.pyenv/versions/3.11.7/bin/python3.11)".
func (i *Info) Label() string {
	impl := i.Implementation
	switch impl {
	case "cpython":
		impl = "CPython"
	case "pypy":
		impl = "PyPy"
	}
	return fmt.Sprintf("%s %s (%s)", impl, i.Version(), i.Path)
}
