package tags

import (
	"fmt"
	"strings"
)

// IncompatibleError says that none of a wheel's tags suits the target.
type IncompatibleError struct {
	Filename  string // the wheel
	WheelTags []Tag  // its tags
	Target    Target
	Best      Tag // the target's most specific tag
}

func (e *IncompatibleError) Error() string {
	seen := map[string]bool{}
	var ts []string
	for _, t := range e.WheelTags {
		if s := t.String(); !seen[s] {
			seen[s] = true
			ts = append(ts, s)
		}
	}
	return fmt.Sprintf("%s does not suit %s: the wheel's tags are %s; the interpreter's best tag is %s\n"+
		"hint: use a wheel built for this interpreter and platform, or the project's source distribution",
		e.Filename, e.Target, strings.Join(ts, ", "), e.Best)
}

// Check ranks a wheel's tags against the target's tags (supported, as
// returned by t.Tags(), passed in so it is computed once for many wheels)
// and returns an *IncompatibleError naming both sides when none suits.
func (t Target) Check(filename string, wheelTags []Tag, supported []Tag) (rank int, err error) {
	rank, ok := Supported(wheelTags, supported)
	if !ok {
		best := Tag{}
		if len(supported) > 0 {
			best = supported[0]
		}
		return -1, &IncompatibleError{Filename: filename, WheelTags: wheelTags, Target: t, Best: best}
	}
	return rank, nil
}
