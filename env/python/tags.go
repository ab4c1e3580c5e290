package python

import (
	"strconv"
	"strings"

	"github.com/fwenv/fwenv/archive/tags"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// TagTarget gives the facts wheel compatibility tags are computed from.
func (i *Info) TagTarget() tags.Target {
	t := tags.Target{
		Implementation: i.Implementation,
		SOABI:          i.SOABI,
		ABIFlags:       i.ABIFlags,
		Platform:       i.Platform,
		Machine:        i.Machine,
		Is64Bit:        i.Is64,
	}
	if len(i.VersionInfo) >= 2 {
		t.Major, t.Minor = i.VersionInfo[0], i.VersionInfo[1]
	}
	t.Libc, t.LibcMajor, t.LibcMinor = i.LibcName()
	if i.MacOS != "" {
		parts := strings.Split(i.MacOS, ".")
		t.MacOSMajor, _ = strconv.Atoi(parts[0])
		if len(parts) > 1 {
			t.MacOSMinor, _ = strconv.Atoi(parts[1])
		}
	}
	return t
}

// Tags is the interpreter's supported wheel tags, best first.
func (i *Info) Tags() []tags.Tag { return i.TagTarget().Tags() }

// MarkerEnvironment is the interpreter's PEP 508 marker environment, as the
// probe read it (the same values packaging's default_environment gives).
func (i *Info) MarkerEnvironment() pep508.Environment {
	env := pep508.Environment{}
	for k, v := range i.Markers {
		env[k] = v
	}
	return env
}
