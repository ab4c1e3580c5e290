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
	return regexp.MustCompile(`^(lib|lib64)/python2\.\d+/(os\.py[co]?|site\.py[co]?|orig-prefix\.txt|no-global-site-packages\.txt|lib-dynload)$|^include/python2\.\d+$`)
})

// LandmarkFile says why rel, a slash-separated path relative to an
// environment's root, is one of the files of a Python 2 environment's
// landmark layout (or lies under one of its links), "" when it is not.
// Installs never write them and uninstalls never remove them, as with
// bin/python.
func LandmarkFile(rel string) string {
	rel = path.Clean(rel)
	for p := rel; p != "." && p != "/"; p = path.Dir(p) {
		if landmarkRE().MatchString(p) {
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
