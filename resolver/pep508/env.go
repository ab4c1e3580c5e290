package pep508

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/resolver/pep440"
)

// Environment holds the values of the marker variables, keyed by their PEP
// 508 names: os_name, sys_platform, platform_machine,
// platform_python_implementation, platform_release, platform_system,
// platform_version, python_version, python_full_version,
// implementation_name, implementation_version and extra. The values for a
// real interpreter come from probing it (env/python); this package never
// runs Python.
type Environment map[string]string

// With returns a copy of env with key set to value (for example "extra").
func (env Environment) With(key, value string) Environment {
	out := make(Environment, len(env)+1)
	for k, v := range env {
		out[k] = v
	}
	out[key] = value
	return out
}

// SyntheticEnvironment builds a marker environment for a target that is not
// the machine fwenv runs on, from a Python version ("3.11" or "3.11.4") and
// a platform, given as a wheel platform tag ("linux_x86_64",
// "manylinux_2_17_aarch64", "musllinux_1_2_x86_64", "macosx_11_0_arm64",
// "win_amd64", "win32") or a bare system name ("linux", "macos"/"darwin",
// "windows").
//
// What it guesses, because a tag does not say:
//   - the interpreter is CPython (implementation_name "cpython",
//     platform_python_implementation "CPython");
//   - python_full_version is the version given, with ".0" added when only
//     major.minor is given; implementation_version equals it;
//   - platform_release and platform_version are "" (the kernel or OS build
//     is unknown; markers comparing them evaluate against "");
//   - a bare system name means x86_64 (AMD64 on Windows);
//   - platform_machine is what Python reports on that system: "x86_64",
//     "aarch64" on Linux but "arm64" on macOS, "AMD64"/"x86"/"ARM64" on Windows.
//
// extra is "".
func SyntheticEnvironment(pythonVersion, platform string) (Environment, error) {
	v, err := pep440.Parse(pythonVersion)
	if err != nil {
		return nil, fmt.Errorf("python version %q: %w", pythonVersion, err)
	}
	rel := v.Release()
	if len(rel) < 2 || len(rel) > 3 || v.Epoch() != "0" || v.HasLocal() || v.IsPostrelease() {
		return nil, fmt.Errorf("python version %q: expected MAJOR.MINOR or MAJOR.MINOR.MICRO (e.g. 3.11 or 3.11.4)", pythonVersion)
	}
	if rel[0] != "3" {
		return nil, fmt.Errorf("python version %q: fwenv supports Python 3 only", pythonVersion)
	}
	full := v.String()
	if len(rel) == 2 {
		full = rel[0] + "." + rel[1] + ".0"
		if l, n := v.Pre(); l != "" {
			full += l + n
		}
	}
	env := Environment{
		"python_version":                 rel[0] + "." + rel[1],
		"python_full_version":            full,
		"implementation_name":            "cpython",
		"implementation_version":         full,
		"platform_python_implementation": "CPython",
		"platform_release":               "",
		"platform_version":               "",
		"extra":                          "",
	}
	sys, machine, err := splitPlatform(platform)
	if err != nil {
		return nil, err
	}
	switch sys {
	case "linux":
		env["os_name"], env["sys_platform"], env["platform_system"] = "posix", "linux", "Linux"
	case "darwin":
		env["os_name"], env["sys_platform"], env["platform_system"] = "posix", "darwin", "Darwin"
	case "windows":
		env["os_name"], env["sys_platform"], env["platform_system"] = "nt", "win32", "Windows"
	}
	env["platform_machine"] = machine
	return env, nil
}

func splitPlatform(p string) (sys, machine string, err error) {
	tag := strings.ToLower(strings.TrimSpace(p))
	bad := fmt.Errorf("platform %q: expected a wheel platform tag such as linux_x86_64, manylinux_2_17_aarch64, macosx_11_0_arm64 or win_amd64, or linux/macos/windows", p)
	switch tag {
	case "linux":
		return "linux", "x86_64", nil
	case "macos", "darwin", "macosx", "osx":
		return "darwin", "x86_64", nil
	case "windows", "win":
		return "windows", "AMD64", nil
	case "win32":
		return "windows", "x86", nil
	case "win_amd64":
		return "windows", "AMD64", nil
	case "win_arm64":
		return "windows", "ARM64", nil
	}
	switch {
	case strings.HasPrefix(tag, "macosx_"):
		// macosx_<major>_<minor>_<arch>
		parts := strings.SplitN(tag, "_", 4)
		if len(parts) != 4 || parts[3] == "" || !isNumber(parts[1]) || !isNumber(parts[2]) {
			return "", "", bad
		}
		arch := parts[3]
		switch arch {
		case "universal2", "universal", "intel", "fat", "fat3", "fat64", "x86_64":
			arch = "x86_64"
		}
		return "darwin", arch, nil
	case strings.HasPrefix(tag, "linux_"):
		return "linux", tag[len("linux_"):], nil
	case strings.HasPrefix(tag, "manylinux") || strings.HasPrefix(tag, "musllinux_"):
		// manylinux1_x86_64, manylinux2014_aarch64, manylinux_2_17_x86_64, musllinux_1_2_armv7l
		rest := tag[strings.IndexByte(tag, '_')+1:]
		if strings.HasPrefix(tag, "manylinux_") || strings.HasPrefix(tag, "musllinux_") {
			parts := strings.SplitN(rest, "_", 3)
			if len(parts) != 3 || !isNumber(parts[0]) || !isNumber(parts[1]) {
				return "", "", bad
			}
			rest = parts[2]
		}
		if rest == "" || strings.Contains(tag, "__") {
			return "", "", bad
		}
		return "linux", rest, nil
	}
	return "", "", bad
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
