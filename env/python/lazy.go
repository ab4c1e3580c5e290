package python

import (
	"regexp"
	"sync"
)

// lazyRE compiles a regular expression on first use, keeping start-up
// (which every fwenv command pays) free of the work.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
