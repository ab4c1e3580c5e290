//go:build !linux

package site

import "syscall"

func openMetaDir(dir string) metaDir { return metaDir{dir: dir, fd: -1} }

func (m metaDir) close() {}

func (m metaDir) read(name string) ([]byte, error) { return readSmall(m.path(name)) }

func (m metaDir) exists(name string) bool {
	var st syscall.Stat_t
	return syscall.Lstat(m.path(name), &st) == nil
}
