package venv

import (
	_ "embed"
	"os"
	"path"
	"path/filepath"

	"github.com/fwenv/fwenv/env/python"
)

// site27 is the site.py of a Python 2.7 environment: it puts the base
// interpreter's standard library on sys.path, sets sys.real_prefix and
// sys.base_prefix, and runs the base's own site.py with the environment as
// the prefix (site-packages, .pth files, include-system-site-packages).
//
//go:embed site27.py
var site27 []byte

// OrigPrefixName is the file in lib/pythonX.Y of a Python 2 environment
// that names the base interpreter's prefix (as virtualenv's did); fwenv's
// site.py and the interpreter probe read it.
const OrigPrefixName = "orig-prefix.txt"

// NoGlobalName is the empty file in lib/pythonX.Y of a Python 2 environment
// that does not see the base's site-packages (include-system-site-packages
// false), as virtualenv wrote it: pip before 20 looks for it alone to know
// that user site-packages are not visible, and refuses `pip install --user`
// then, as pip does in a Python 3 environment.
const NoGlobalName = "no-global-site-packages.txt"

// isLandmarkLayout reports whether in gets the Python 2 layout: Python 2
// has no venv module and ignores pyvenv.cfg.
func isLandmarkLayout(in *python.Info) bool {
	return len(in.VersionInfo) > 0 && in.VersionInfo[0] == 2
}

// landmarkEntries are what a Python 2 environment needs besides the common
// layout. Python 2 computes sys.prefix from its executable's real path and
// the landmark lib/pythonX.Y/os.py beside it, so bin/python is a copy (a
// symlink would make the prefix the base's), os.py links to the base's,
// lib-dynload (the exec-prefix landmark) links to the base's, and fwenv's
// site.py does the rest at start-up.
func landmarkEntries(in *python.Info, systemSite bool) []Entry {
	mm := in.MajorMinor()
	lib := "lib/python" + mm
	base := in.Prefix
	stdlib := in.Stdlib
	if stdlib == "" {
		stdlib = filepath.Join(base, "lib", "python"+mm)
	}
	es := []Entry{
		{Path: lib + "/os.py", Kind: Symlink, Target: filepath.Join(stdlib, "os.py")},
		{Path: lib + "/lib-dynload", Kind: Symlink, Target: filepath.Join(stdlib, "lib-dynload")},
		{Path: lib + "/site.py", Kind: File, Mode: 0o644, Data: site27},
		{Path: lib + "/" + OrigPrefixName, Kind: File, Mode: 0o644, Data: []byte(base + "\n")},
	}
	if !systemSite {
		es = append(es, Entry{Path: lib + "/" + NoGlobalName, Kind: File, Mode: 0o644, Data: []byte{}})
	}
	// C extensions built inside find Python.h through include/pythonX.Y, as
	// in virtualenv's environments (headers of installed wheels go to
	// include/site/pythonX.Y, never through this link).
	if inc := filepath.Join(base, "include", "python"+mm); isDir(inc) {
		es = append(es, Entry{Path: path.Join("include", "python"+mm), Kind: Symlink, Target: inc})
	}
	return es
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
