package wheel

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/tags"
)

// Info is the parsed WHEEL file of a .dist-info folder.
type Info struct {
	WheelVersion  string // "1.0"
	Major, Minor  int
	Generator     string
	RootIsPurelib bool
	Tags          []tags.Tag // from the Tag lines, expanded
	Build         string
	Headers       metadata.Headers
}

// supportedMinor is the newest Wheel-Version 1.x this reader knows.
const supportedMinor = 0

// ParseInfo reads a WHEEL file: Wheel-Version must be 1.x (a newer minor is
// accepted with a warning, as the spec asks; 2.0 and later are refused with
// an error wrapping ErrWheelVersion), Root-Is-Purelib must be true or false.
func ParseInfo(data []byte) (Info, []string, error) {
	h, _ := metadata.ParseHeaders(data)
	info := Info{Headers: h}
	var warnings []string
	v, ok := h.Get("Wheel-Version")
	if !ok {
		return info, nil, fmt.Errorf("%w: no Wheel-Version field", ErrWheelFile)
	}
	a, b, ok := strings.Cut(v, ".")
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || major < 0 || minor < 0 {
		return info, nil, fmt.Errorf("%w: Wheel-Version %q is not MAJOR.MINOR", ErrWheelFile, v)
	}
	if major != 1 {
		return info, nil, fmt.Errorf("%w: Wheel-Version %s (fwenv reads 1.x)", ErrWheelVersion, v)
	}
	if minor > supportedMinor {
		warnings = append(warnings, fmt.Sprintf("Wheel-Version %s is newer than 1.%d; installing it as 1.%d", v, supportedMinor, supportedMinor))
	}
	info.WheelVersion, info.Major, info.Minor = v, major, minor
	p, ok := h.Get("Root-Is-Purelib")
	switch {
	case !ok:
		return info, nil, fmt.Errorf("%w: no Root-Is-Purelib field", ErrWheelFile)
	case strings.EqualFold(p, "true"):
		info.RootIsPurelib = true
	case strings.EqualFold(p, "false"):
	default:
		return info, nil, fmt.Errorf("%w: Root-Is-Purelib is %q, want true or false", ErrWheelFile, p)
	}
	info.Generator, _ = h.Get("Generator")
	info.Build, _ = h.Get("Build")
	for _, t := range h.Values("Tag") {
		ts, err := tags.Parse(t)
		if err != nil {
			return info, nil, fmt.Errorf("%w: Tag: %v", ErrWheelFile, err)
		}
		info.Tags = append(info.Tags, ts...)
	}
	return info, warnings, nil
}
