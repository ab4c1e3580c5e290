package tags

import (
	"fmt"
	"strings"
)

// Platforms returns the platform tags of the target, best first.
func (t Target) Platforms() []string {
	switch {
	case strings.HasPrefix(t.Platform, "macosx-") || t.MacOSMajor > 0 && t.Platform == "":
		return t.macPlatforms()
	case strings.HasPrefix(t.Platform, "linux-"):
		return t.linuxPlatforms()
	default:
		return []string{normalize(t.Platform)}
	}
}

// manylinuxArchs may use manylinux tags without an ELF check of the
// interpreter; i686 and armv7l need one, which the probe is trusted to have
// passed when it reports glibc.
var manylinuxArchs = map[string]bool{
	"x86_64": true, "aarch64": true, "ppc64": true, "ppc64le": true, "s390x": true,
	"loongarch64": true, "riscv64": true, "i686": true, "armv7l": true,
}

// legacyManylinux maps glibc versions to the pre-PEP 600 aliases.
var legacyManylinux = map[[2]int]string{
	{2, 17}: "manylinux2014",
	{2, 12}: "manylinux2010",
	{2, 5}:  "manylinux1",
}

func (t Target) linuxPlatforms() []string {
	linux := normalize(t.Platform)
	if !t.Is64Bit {
		switch linux {
		case "linux_x86_64":
			linux = "linux_i686"
		case "linux_aarch64":
			linux = "linux_armv8l"
		}
	}
	arch := strings.TrimPrefix(linux, "linux_")
	archs := []string{arch}
	if arch == "armv8l" {
		archs = []string{"armv8l", "armv7l"}
	}
	var out []string
	if t.Libc == "glibc" && t.LibcMajor == 2 && anyOf(archs, manylinuxArchs) {
		// the oldest glibc of any manylinux tag is 2.17, or 2.5 on x86
		oldest := 17
		if contains(archs, "x86_64") || contains(archs, "i686") {
			oldest = 5
		}
		for _, a := range archs {
			for minor := t.LibcMinor; minor >= oldest; minor-- {
				out = append(out, fmt.Sprintf("manylinux_2_%d_%s", minor, a))
				if legacy, ok := legacyManylinux[[2]int{2, minor}]; ok {
					out = append(out, legacy+"_"+a)
				}
			}
		}
	}
	if t.Libc == "musl" {
		for _, a := range archs {
			for minor := t.LibcMinor; minor >= 0; minor-- {
				out = append(out, fmt.Sprintf("musllinux_%d_%d_%s", t.LibcMajor, minor, a))
			}
		}
	}
	for _, a := range archs {
		out = append(out, "linux_"+a)
	}
	return out
}

func (t Target) macArch() string {
	arch := t.Machine
	if arch == "" { // fall back on the last field of macosx-11.0-arm64
		if i := strings.LastIndex(t.Platform, "-"); i >= 0 {
			arch = t.Platform[i+1:]
		}
	}
	if !t.Is64Bit {
		if strings.HasPrefix(arch, "ppc") {
			return "ppc"
		}
		return "i386"
	}
	return arch
}

// macFormats lists the binary formats a macOS version accepts for a CPU.
func macFormats(major, minor int, arch string) []string {
	before := func(ma, mi int) bool { return major < ma || major == ma && minor < mi }
	after := func(ma, mi int) bool { return major > ma || major == ma && minor > mi }
	formats := []string{arch}
	switch arch {
	case "x86_64":
		if before(10, 4) {
			return nil
		}
		formats = append(formats, "intel", "fat64", "fat32")
	case "i386":
		if before(10, 4) {
			return nil
		}
		formats = append(formats, "intel", "fat32", "fat")
	case "ppc64":
		if after(10, 5) || before(10, 4) {
			return nil
		}
		formats = append(formats, "fat64")
	case "ppc":
		if after(10, 6) {
			return nil
		}
		formats = append(formats, "fat32", "fat")
	}
	if arch == "arm64" || arch == "x86_64" {
		formats = append(formats, "universal2")
	}
	switch arch {
	case "x86_64", "i386", "ppc64", "ppc", "intel":
		formats = append(formats, "universal")
	}
	return formats
}

func (t Target) macPlatforms() []string {
	major, minor := t.MacOSMajor, t.MacOSMinor
	if major == 0 {
		// no mac_ver(): the deployment target in macosx-11.0-arm64 is a
		// lower bound of the running version
		parts := strings.Split(t.Platform, "-")
		if len(parts) == 3 {
			fmt.Sscanf(parts[1], "%d.%d", &major, &minor)
		}
	}
	arch := t.macArch()
	var out []string
	add := func(ma, mi int, formats []string) {
		for _, f := range formats {
			out = append(out, fmt.Sprintf("macosx_%d_%d_%s", ma, mi, f))
		}
	}
	if major == 10 {
		// before macOS 11 each release bumped the minor version
		for mi := minor; mi >= 0; mi-- {
			add(10, mi, macFormats(10, mi, arch))
		}
	}
	if major >= 11 {
		// from macOS 11 on each release bumps the major version
		for ma := major; ma > 10; ma-- {
			add(ma, 0, macFormats(ma, 0, arch))
		}
		// x86_64 runs binaries of earlier releases; arm64 only universal2 ones
		for mi := 16; mi > 3; mi-- {
			if arch == "x86_64" {
				add(10, mi, macFormats(10, mi, arch))
			} else {
				add(10, mi, []string{"universal2"})
			}
		}
	}
	return out
}

func anyOf(list []string, set map[string]bool) bool {
	for _, s := range list {
		if set[s] {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
