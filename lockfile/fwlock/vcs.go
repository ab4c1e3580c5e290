package fwlock

import (
	"fmt"

	"github.com/fwenv/fwenv/resolver/source/vcs"
)

// VCSCommit checks a vcs source (git+URL@COMMIT[#subdirectory=PATH]) and
// returns its commit id.
func VCSCommit(source string) (string, error) {
	spec, err := vcs.Parse(source)
	if err != nil {
		return "", fmt.Errorf("source vcs %q: %v", source, err)
	}
	if !isCommitID(spec.Ref) {
		return "", fmt.Errorf("source vcs %q is not pinned to a full commit id (git+URL@40 hexadecimal digits)", source)
	}
	return spec.Ref, nil
}

func isCommitID(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
