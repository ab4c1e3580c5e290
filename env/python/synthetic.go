package python

import (
	"fmt"
	"strconv"
	"strings"
)

// HostSpec describes another host to resolve for (fwenv download
// --python-version/--platform/--implementation/--abi): no interpreter of it
// runs here, so only wheels can be chosen for it.
type HostSpec struct {
	// PythonVersion is "3.12", "312" or "3.12.4"; "" keeps the base's.
	PythonVersion string
	// Platform is one wheel platform tag ("manylinux_2_28_x86_64",
	// "manylinux2014_aarch64", "musllinux_1_2_x86_64", "linux_x86_64",
	// "macosx_11_0_arm64", "win_amd64"); "" keeps the base's.
	Platform string
	// Implementation is "cp" (or "cpython") or "pp" (or "pypy"); "" keeps
	// the base's.
	Implementation string
	// ABI is an ABI tag such as "cp312" or "cp313t"; "" is the
	// implementation's default for the version.
	ABI string
}

// IsZero says whether nothing is asked.
func (h HostSpec) IsZero() bool { return h == HostSpec{} }

// SpecError is a host description that cannot be read.
type SpecError struct{ Flag, Value, Msg string }

func (e *SpecError) Error() string { return fmt.Sprintf("%s %q: %s", e.Flag, e.Value, e.Msg) }
func (e *SpecError) Hint() string {
	return "examples: --python-version 3.12 --platform manylinux_2_28_x86_64 --implementation cp --abi cp312"
}

var (
	manylinuxRE = lazyRE(`^manylinux_(\d+)_(\d+)_(\w+)$`)
	musllinuxRE = lazyRE(`^musllinux_(\d+)_(\d+)_(\w+)$`)
	legacyRE    = lazyRE(`^manylinux(1|2010|2014)_(\w+)$`)
	macRE       = lazyRE(`^macosx_(\d+)_(\d+)_(\w+)$`)
	linuxRE     = lazyRE(`^linux_(\w+)$`)
	versionRE   = lazyRE(`^(\d)\.?(\d+)(?:\.(\d+))?$`)
)

// ForHost returns a description of another host, starting from base (an
// interpreter of this machine, for what the spec leaves out). The result
// has no Path: it is for tags and markers only.
func ForHost(base *Info, h HostSpec) (*Info, error) {
	in := *base
	in.Path, in.Executable, in.BaseExecutable, in.Source = "", "", "", "host"
	in.Markers = map[string]string{}
	for k, v := range base.Markers {
		in.Markers[k] = v
	}
	if h.PythonVersion != "" {
		m := versionRE().FindStringSubmatch(h.PythonVersion)
		if m == nil {
			return nil, &SpecError{"--python-version", h.PythonVersion, "expected MAJOR.MINOR such as 3.12 (or 312, or 3.12.4)"}
		}
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		micro := 0
		if m[3] != "" {
			micro, _ = strconv.Atoi(m[3])
		}
		in.VersionInfo = []int{major, minor, micro}
		in.Markers["python_version"] = fmt.Sprintf("%d.%d", major, minor)
		in.Markers["python_full_version"] = fmt.Sprintf("%d.%d.%d", major, minor, micro)
		in.Markers["implementation_version"] = in.Markers["python_full_version"]
	}
	switch strings.ToLower(h.Implementation) {
	case "":
	case "cp", "cpython":
		in.Implementation = "cpython"
		in.Markers["implementation_name"], in.Markers["platform_python_implementation"] = "cpython", "CPython"
	case "pp", "pypy":
		in.Implementation = "pypy"
		in.Markers["implementation_name"], in.Markers["platform_python_implementation"] = "pypy", "PyPy"
	default:
		return nil, &SpecError{"--implementation", h.Implementation, "expected cp (CPython) or pp (PyPy)"}
	}
	ver := ""
	if len(in.VersionInfo) >= 2 {
		ver = fmt.Sprintf("%d%d", in.VersionInfo[0], in.VersionInfo[1])
	}
	in.ABIFlags, in.SOABI = "", ""
	if in.Implementation == "cpython" {
		in.SOABI = "cpython-" + ver
		// Before 3.8 the ABI tag carries pymalloc's "m", and on Python 2
		// wide unicode's "u" (no SOABI there), as pip computes them for
		// --python-version: cp37m, cp27mu.
		switch major := in.VersionInfo[0]; {
		case major == 2:
			in.ABIFlags, in.SOABI = "mu", ""
		case major == 3 && len(in.VersionInfo) > 1 && in.VersionInfo[1] < 8:
			in.ABIFlags, in.SOABI = "m", "cpython-"+ver+"m"
		}
	}
	if h.ABI != "" {
		abi := strings.ToLower(h.ABI)
		switch {
		case abi == "abi3" || abi == "none":
			// generic ABIs are always accepted; keep the default ABI too
		case in.Implementation == "cpython" && strings.HasPrefix(abi, "cp"+ver):
			in.ABIFlags = strings.TrimPrefix(abi, "cp"+ver)
			in.SOABI = "cpython-" + ver + in.ABIFlags
		default:
			return nil, &SpecError{"--abi", h.ABI, fmt.Sprintf("does not fit %s %s (expected cp%s, cp%st, abi3 or none)", in.Implementation, in.MajorMinor(), ver, ver)}
		}
	}
	if h.Platform != "" {
		if err := setPlatform(&in, strings.ToLower(h.Platform)); err != nil {
			return nil, err
		}
	}
	if len(in.VersionInfo) > 0 && in.VersionInfo[0] == 2 {
		// Python 2's marker values, as a real 2.7 gives them (probe.py).
		in.Markers["implementation_name"], in.Markers["implementation_version"] = "", "0"
		if in.Markers["sys_platform"] == "linux" {
			in.Markers["sys_platform"] = "linux2"
		}
	}
	return &in, nil
}

func setPlatform(in *Info, p string) error {
	in.Libc, in.MacOS = nil, ""
	setOS := func(sysPlatform, system, osName string) {
		in.Markers["sys_platform"], in.Markers["platform_system"], in.Markers["os_name"] = sysPlatform, system, osName
	}
	switch {
	case manylinuxRE().MatchString(p):
		m := manylinuxRE().FindStringSubmatch(p)
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		in.Libc = []any{"glibc", float64(major), float64(minor)}
		in.Platform, in.Machine = "linux-"+m[3], m[3]
		setOS("linux", "Linux", "posix")
	case legacyRE().MatchString(p):
		m := legacyRE().FindStringSubmatch(p)
		glibc := map[string][2]int{"1": {2, 5}, "2010": {2, 12}, "2014": {2, 17}}[m[1]]
		in.Libc = []any{"glibc", float64(glibc[0]), float64(glibc[1])}
		in.Platform, in.Machine = "linux-"+m[2], m[2]
		setOS("linux", "Linux", "posix")
	case musllinuxRE().MatchString(p):
		m := musllinuxRE().FindStringSubmatch(p)
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		in.Libc = []any{"musl", float64(major), float64(minor)}
		in.Platform, in.Machine = "linux-"+m[3], m[3]
		setOS("linux", "Linux", "posix")
	case linuxRE().MatchString(p):
		m := linuxRE().FindStringSubmatch(p)
		in.Platform, in.Machine = "linux-"+m[1], m[1]
		setOS("linux", "Linux", "posix")
	case macRE().MatchString(p):
		m := macRE().FindStringSubmatch(p)
		in.MacOS = m[1] + "." + m[2]
		in.Platform, in.Machine = "macosx-"+m[1]+"."+m[2]+"-"+m[3], m[3]
		setOS("darwin", "Darwin", "posix")
	case p == "win_amd64" || p == "win32" || p == "win_arm64":
		in.Platform = strings.Replace(p, "_", "-", 1)
		in.Machine = map[string]string{"win_amd64": "AMD64", "win32": "x86", "win_arm64": "ARM64"}[p]
		setOS("win32", "Windows", "nt")
	default:
		return &SpecError{"--platform", p, "not a wheel platform tag fwenv knows (manylinux_X_Y_ARCH, manylinux2014_ARCH, musllinux_X_Y_ARCH, linux_ARCH, macosx_X_Y_ARCH, win_amd64)"}
	}
	in.Is64 = !strings.HasSuffix(in.Machine, "86") && in.Machine != "i686" && in.Machine != "armv7l" && p != "win32"
	in.Markers["platform_machine"] = in.Machine
	return nil
}
