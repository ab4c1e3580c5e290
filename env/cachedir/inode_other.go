//go:build !unix

package cachedir

import "io/fs"

type fileID struct{ dev, ino uint64 }

func inode(fs.FileInfo) (fileID, uint64, bool) { return fileID{}, 0, false }

func tryLock(string) (func(), bool) { return func() {}, true }
