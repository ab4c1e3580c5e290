package wheel

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// checkName judges a member name. It returns whether the member is a folder
// entry (trailing '/'), and a reason and hint when the name is unsafe.
func checkName(name string) (dir bool, reason, hint string) {
	if name == "" {
		return false, "empty member name", ""
	}
	if !utf8.ValidString(name) {
		return false, "name is not valid UTF-8", "wheel member names are UTF-8"
	}
	for _, r := range name {
		if r == 0 {
			return false, "name contains a NUL byte", ""
		}
		if unicode.IsControl(r) {
			return false, fmt.Sprintf("name contains control character %U", r), ""
		}
	}
	if strings.Contains(name, "\\") {
		return false, "name contains a backslash", "wheel member names use '/' as the only separator; a backslash would be a folder separator on Windows"
	}
	if name[0] == '/' {
		return false, "absolute path", "members are relative to the install folder"
	}
	if len(name) >= 2 && name[1] == ':' && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return false, "path starts with a drive letter", "members are relative to the install folder"
	}
	dir = strings.HasSuffix(name, "/")
	for _, c := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		switch c {
		case "..":
			return dir, "path has a '..' component and could leave the install folder", ""
		case ".":
			return dir, "path has a '.' component", "member names are written without '.' components"
		case "":
			return dir, "path has an empty component ('//')", ""
		}
	}
	return dir, "", ""
}

// foldKey is the key under which names that differ only by case collide
// (case-insensitive file systems, macOS by default).
func foldKey(s string) string { return strings.ToLower(s) }
