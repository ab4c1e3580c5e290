package atomicfile

import (
	"bytes"
	"io/fs"
	"os"
	"strconv"
)

// NewFileMode is the permission bits a file created now with perm gets:
// perm less the process umask. The umask is read without changing it (on
// Linux from /proc/self/status); where it cannot be read, a file is
// created in the system's temporary folder and its mode looked at. A
// caller that would hard-link a file into place compares its mode with
// this and copies instead when they differ, so the file is what a copy
// (cp) would make.
func NewFileMode(perm fs.FileMode) fs.FileMode {
	return perm.Perm() &^ umask()
}

func umask() fs.FileMode {
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range bytes.Split(data, []byte("\n")) {
			if v, ok := bytes.CutPrefix(line, []byte("Umask:")); ok {
				if m, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 8, 32); err == nil {
					return fs.FileMode(m).Perm()
				}
			}
		}
	}
	f, err := createTemp(os.TempDir(), ".fwenv-umask-*", 0o777)
	if err != nil {
		return 0o022
	}
	defer os.Remove(f.Name())
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0o022
	}
	return 0o777 &^ st.Mode().Perm()
}
