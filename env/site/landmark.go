package site

import (
	"path"
	"regexp"
	"strings"
	"sync"
)

// landmarkRE matches the files that make a Python 2 environment one (env/venv
// writes them): the prefix landmark lib/python2.X/os.py (and its byte-code),
// lib-dynload (the exec-prefix landmark), fwenv's site.py (and its
// byte-code), orig-prefix.txt naming the base prefix,
// no-global-site-packages.txt (pip's mark of an environment that does not
// see the base's site-packages), and include/python2.X (a link to the
// base's headers).
var landmarkRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(landmarkPattern)
})

const landmarkPattern = `^(lib|lib64)/python2\.\d+/(os\.py[co]?|site\.py[co]?|orig-prefix\.txt|no-global-site-packages\.txt|lib-dynload)$|^include/python2\.\d+$`

// landmarkFoldRE is landmarkRE with case folded (Unicode simple folding, as
// strings.EqualFold): the names a case-insensitive file system takes for
// the same files.
var landmarkFoldRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)` + landmarkPattern)
})

// LandmarkFile says why rel, a slash-separated path relative to an
// environment's root, is one of the files of a Python 2 environment's
// landmark layout (or lies under one of its links), "" when it is not.
// Installs never write them and uninstalls never remove them, as with
// bin/python.
func LandmarkFile(rel string) string {
	return landmarkFile(rel, landmarkRE())
}

// LandmarkFileFold is LandmarkFile with the names compared case-insensitively
// (strings.EqualFold): for a path whose folder is known to be the very
// folder of the landmark layout (env/install compares the folders' identity
// first), so that OS.py or Site.py, which a case-insensitive file system
// takes for os.py and site.py, are refused too.
func LandmarkFileFold(rel string) string {
	return landmarkFile(rel, landmarkFoldRE())
}

func landmarkFile(rel string, re *regexp.Regexp) string {
	rel = path.Clean(rel)
	for p := rel; p != "." && p != "/"; p = path.Dir(p) {
		if re.MatchString(p) {
			if p != rel {
				return "a file under the environment's own " + p + " link"
			}
			return "the environment's own " + p + " (Python 2 landmark layout)"
		}
		if !strings.Contains(p, "/") {
			break
		}
	}
	return ""
}
