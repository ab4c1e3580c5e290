package site

import (
	"strconv"
	"strings"
)

// toolDists are the packaging tools an environment carries for the
// installer's sake rather than the project's: pip, setuptools, its old fork
// distribute, and wheel (normalised names). Three commands set them apart,
// each by its own rule, one predicate a rule: HiddenByFreeze (freeze),
// LeftOutOfLock (lock --from-env), KeptBySync (sync). list shows them all,
// as pip list does.
var toolDists = []string{"pip", "setuptools", "distribute", "wheel"}

func isToolDist(key string) bool {
	for _, n := range toolDists {
		if n == key {
			return true
		}
	}
	return false
}

// HiddenByFreeze reports whether pip freeze (23.2) leaves the distribution
// key (a normalised name) out without --all, in an environment whose
// Python is pythonVersion ("X.Y"): pip always; setuptools, distribute and
// wheel only before Python 3.12 (pip's rule follows the Python it runs
// under, that is the environment's). An unknown version counts as older.
func HiddenByFreeze(key, pythonVersion string) bool {
	return key == "pip" || isToolDist(key) && olderThan312(pythonVersion)
}

// LeftOutOfLock reports whether `fwenv lock --from-env` leaves the
// distribution key out without --all: every packaging tool, whatever the
// Python, as pip freeze does before 3.12, so that the lock lists what the
// project needs and not the installer.
func LeftOutOfLock(key string) bool { return isToolDist(key) }

// KeptBySync reports whether `fwenv sync` keeps the distribution key
// installed when the lock does not list it: every packaging tool, as
// pip-tools' pip-sync never uninstalls the installer and its build tools.
func KeptBySync(key string) bool { return isToolDist(key) }

// olderThan312 reports whether "X.Y" is before 3.12; unknown versions count
// as older (most environments in use are).
func olderThan312(v string) bool {
	maj, rest, _ := strings.Cut(v, ".")
	min, _, _ := strings.Cut(rest, ".")
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(min)
	if err1 != nil || err2 != nil {
		return true
	}
	return a < 3 || (a == 3 && b < 12)
}
