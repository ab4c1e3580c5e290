package fwlock

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles a regular expression on first use, so that the start-up
// every fwenv command pays does not include it.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
