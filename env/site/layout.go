package site

import (
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/env/python"
)

// Layout holds the absolute paths of one environment's install scheme.
type Layout struct {
	Root, Purelib, Platlib, Scripts, Data, Headers string
}

// LayoutFor computes an environment's layout from the interpreter probe's
// install scheme (whose paths are relative to the environment). Headers is
// Root/include/site/pythonX.Y, where pip puts a wheel's headers in a virtual
// environment.
func LayoutFor(envDir string, info *python.Info) Layout {
	root, err := filepath.Abs(envDir)
	if err != nil {
		root = filepath.Clean(envDir)
	}
	join := func(key, def string) string {
		rel := def
		if info != nil && info.Scheme != nil && info.Scheme[key] != "" {
			rel = info.Scheme[key]
		}
		if filepath.IsAbs(rel) {
			return filepath.Clean(rel)
		}
		return filepath.Join(root, rel)
	}
	mm := "3"
	if info != nil && len(info.VersionInfo) >= 2 {
		mm = info.MajorMinor()
	}
	purelib := join("purelib", filepath.Join("lib", "python"+mm, "site-packages"))
	platlib := purelib
	if info != nil && info.Scheme["platlib"] != "" {
		platlib = join("platlib", "")
	}
	return Layout{
		Root:    root,
		Purelib: purelib,
		Platlib: platlib,
		Scripts: join("scripts", "bin"),
		Data:    join("data", "."),
		Headers: filepath.Join(root, "include", "site", "python"+mm),
	}
}

// pythonVersion guesses "X.Y" from the purelib path (lib/pythonX.Y/...),
// "" when it is not there.
func (l Layout) pythonVersion() string {
	for _, part := range strings.Split(filepath.ToSlash(l.Purelib), "/") {
		if v, ok := strings.CutPrefix(part, "python"); ok && strings.Contains(v, ".") {
			return strings.TrimRight(v, "tdm")
		}
	}
	return ""
}

// inside reports whether p (clean, absolute) is strictly inside root.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == "." {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, "../")
}
