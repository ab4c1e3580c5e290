package sdist

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanName strips the "./" prefixes some tar tools write and a trailing
// '/', and says whether the name ended with '/'.
func cleanName(name string) (clean string, slash bool) {
	for strings.HasPrefix(name, "./") {
		name = name[2:]
	}
	if name == "." {
		name = ""
	}
	if strings.HasSuffix(name, "/") {
		return name[:len(name)-1], true
	}
	return name, false
}

// checkName judges a member name (already through cleanName) or a link
// target: a reason and hint when it is unsafe, "" when it is not.
func checkName(name string) (reason, hint string) {
	if name == "" {
		return "empty member name", ""
	}
	if !utf8.ValidString(name) {
		return "name is not valid UTF-8", "member names of an sdist are UTF-8; rebuild it with a current tool"
	}
	for _, r := range name {
		if r == 0 {
			return "name contains a NUL byte", "a NUL byte ends the name for some tools but not for others"
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("name contains control character %U", r), ""
		}
	}
	if strings.Contains(name, "\\") {
		return "name contains a backslash", "'/' is the only separator in archive names; a backslash is a separator on Windows"
	}
	if name[0] == '/' {
		return "absolute path", "members are relative to the folder the sdist is unpacked in"
	}
	if len(name) >= 2 && name[1] == ':' && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return "path starts with a drive letter", "members are relative to the folder the sdist is unpacked in"
	}
	for _, c := range strings.Split(name, "/") {
		switch c {
		case "..":
			return "path has a '..' component and could leave the folder it is unpacked in", ""
		case ".":
			return "path has a '.' component", "member names are written without '.' components"
		case "":
			return "path has an empty component ('//')", ""
		}
	}
	return "", ""
}

// foldKey is the key under which names that differ only by case collide
// (case-insensitive file systems, macOS by default).
func foldKey(s string) string { return strings.ToLower(s) }
