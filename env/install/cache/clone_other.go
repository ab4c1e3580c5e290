//go:build !linux && !darwin

package cache

import "os"

func cloneFile(src, dst string, perm os.FileMode) error { return errUnsupported }
