package fwlock

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// VCSCommit checks a vcs source (git+URL@COMMIT[#subdirectory=PATH]) and
// returns its commit id.
func VCSCommit(source string) (string, error) {
	spec, err := vcs.Parse(source)
	if err != nil {
		return "", fmt.Errorf("source vcs %q: %v", source, err)
	}
	if !vcs.IsFullCommit(spec.Ref) || spec.Ref != strings.ToLower(spec.Ref) {
		return "", fmt.Errorf("source vcs %q is not pinned to a full commit id (git+URL@ and 40 lower-case hexadecimal digits)", source)
	}
	return spec.Ref, nil
}
