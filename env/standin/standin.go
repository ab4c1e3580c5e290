package standin

import (
	"bytes"
	_ "embed"
	"io/fs"
	"os"
	"strconv"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/python"
)

// Mode is the permission of a stand-in file.
const Mode fs.FileMode = 0o755

// marker is the line that makes a file a stand-in (Is).
const marker = "# fwenv pip stand-in:"

// maxSize bounds what IsFile reads: a stand-in is far smaller.
const maxSize = 4096

// script is the stand-in, the same bytes under every name: the name typed
// and the environment are found from $0 when it runs, and whether the
// environment sees the base interpreter's packages from its pyvenv.cfg.
//
//go:embed standin.sh
var script string

// Script returns the stand-in launcher (a fresh copy).
func Script() []byte { return []byte(script) }

// Names are the names a user types for the pip of Python major.minor: pip,
// pipX and pipX.Y (pip, pip2, pip2.7 for Python 2.7).
func Names(major, minor int) []string {
	x := strconv.Itoa(major)
	return []string{"pip", "pip" + x, "pip" + x + "." + strconv.Itoa(minor)}
}

// NamesFor are the Names of an interpreter; nil when its version is unknown.
func NamesFor(info *python.Info) []string {
	if info == nil || len(info.VersionInfo) < 2 {
		return nil
	}
	return Names(info.VersionInfo[0], info.VersionInfo[1])
}

// Is reports whether data is a stand-in (of this or an earlier fwenv: the
// marker on the second line is what counts).
func Is(data []byte) bool {
	if len(data) > maxSize || !bytes.HasPrefix(data, []byte("#!/bin/sh\n")) {
		return false
	}
	rest := data[len("#!/bin/sh\n"):]
	return bytes.HasPrefix(rest, []byte(marker))
}

// IsFile reports whether the file at p is a stand-in: a regular file (a
// link is never followed), small, that Is recognises.
func IsFile(p string) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxSize {
		return false
	}
	data, err := bounded.ReadRegular(p, maxSize)
	return err == nil && Is(data)
}
