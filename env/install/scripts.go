package install

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/entrypoints"
)

// maxShebang is the longest "#!interpreter" line every kernel we support
// accepts (Linux before 5.1 cut at 127 bytes; macOS allows more).
const maxShebang = 127

// Shebang returns the first line (with "\n") that runs a script with
// python. A path that is too long for the kernel or holds characters a
// shebang cannot carry (spaces, quotes...) gets the /bin/sh trick pip uses:
// sh runs the exec line, Python sees a string literal.
func Shebang(python string) string {
	simple := "#!" + python
	if len(simple) <= maxShebang && !strings.ContainsAny(python, " \t\n\r'\"\\$`") {
		return simple + "\n"
	}
	return "#!/bin/sh\n'''exec' " + shQuote(python) + " \"$0\" \"$@\"\n' '''\n"
}

// shQuote quotes s for sh inside double quotes.
func shQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`")
	return `"` + r.Replace(s) + `"`
}

// RewriteShebang replaces a "#!python" or "#!pythonw" first line (with
// optional arguments after a space) by python's shebang, as the wheel spec
// asks. It reports whether content had such a line.
func RewriteShebang(content []byte, python string) ([]byte, bool) {
	if !bytes.HasPrefix(content, []byte("#!python")) {
		return content, false
	}
	line, body, found := bytes.Cut(content, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	rest := line[len("#!python"):]
	rest = bytes.TrimPrefix(rest, []byte("w"))
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' {
		return content, false // "#!python3.11" or "#!pythonfoo": not ours to touch
	}
	sb := Shebang(python)
	var out bytes.Buffer
	out.Grow(len(content) + len(sb))
	args := strings.TrimSpace(string(rest))
	if args != "" && strings.HasPrefix(sb, "#!/bin/sh") {
		// sh trick: the interpreter's options go on the exec line.
		sb = strings.Replace(sb, `" "$0"`, `" `+args+` "$0"`, 1)
		args = ""
	}
	if args != "" {
		out.WriteString(strings.TrimSuffix(sb, "\n") + " " + args + "\n")
	} else {
		out.WriteString(sb)
	}
	if found {
		out.Write(body)
	}
	return out.Bytes(), true
}

// Launcher returns the script that runs a console_scripts or gui_scripts
// entry point with python.
func Launcher(python string, ep entrypoints.EntryPoint) ([]byte, error) {
	if ep.Attr == "" {
		return nil, fmt.Errorf("entry point %s = %s names a module, not a function", ep.Name, ep.Value)
	}
	head, _, _ := strings.Cut(ep.Attr, ".")
	var b strings.Builder
	b.WriteString(Shebang(python))
	b.WriteString("# -*- coding: utf-8 -*-\n")
	fmt.Fprintf(&b, "# %s launcher written by fwenv for %s = %s\n", ep.Group, ep.Name, ep.Value)
	b.WriteString("import sys\n")
	fmt.Fprintf(&b, "from %s import %s\n", ep.Module, head)
	b.WriteString("if __name__ == \"__main__\":\n")
	fmt.Fprintf(&b, "    sys.exit(%s())\n", ep.Attr)
	return []byte(b.String()), nil
}
