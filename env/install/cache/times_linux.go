package cache

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// setTimes sets the times of the open file fd (futimens).
func setTimes(fd int, path string, t time.Time) error {
	ts := unix.NsecToTimespec(t.UnixNano())
	if err := unix.UtimesNanoAt(fd, "", []unix.Timespec{ts, ts}, unix.AT_EMPTY_PATH); err != nil {
		return os.Chtimes(path, t, t)
	}
	return nil
}
