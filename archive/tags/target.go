package tags

import (
	"fmt"
	"strings"
)

// Target holds the facts about an interpreter that its tags depend on, as an
// interpreter probe reports them. Nothing here is read from the machine.
type Target struct {
	Implementation         string // sys.implementation.name: "cpython", "pypy"
	Major, Minor           int    // sys.version_info
	SOABI                  string // sysconfig SOABI, e.g. "cpython-311-x86_64-linux-gnu", "cpython-313t-..."; may be empty
	ABIFlags               string // sys.abiflags ("", "d", "t")
	Platform               string // sysconfig.get_platform(): "linux-x86_64", "macosx-11.0-arm64", ...
	Machine                string // platform.machine()
	Libc                   string // "glibc", "musl" or "" (unknown/none)
	LibcMajor, LibcMinor   int    // glibc or musl version, e.g. 2,36 / 1,2
	MacOSMajor, MacOSMinor int    // platform.mac_ver() on macOS
	Is64Bit                bool   // sys.maxsize > 2**32
}

var shortNames = map[string]string{
	"python":     "py",
	"cpython":    "cp",
	"pypy":       "pp",
	"ironpython": "ip",
	"jython":     "jy",
}

// InterpreterName is the short interpreter name used in tags ("cp", "pp", or
// the implementation name itself).
func (t Target) InterpreterName() string {
	impl := strings.ToLower(t.Implementation)
	if s, ok := shortNames[impl]; ok {
		return s
	}
	return impl
}

// String describes the target briefly, for messages.
func (t Target) String() string {
	s := fmt.Sprintf("%s %d.%d%s on %s", t.Implementation, t.Major, t.Minor, t.ABIFlags, t.Platform)
	if t.Libc != "" {
		s += fmt.Sprintf(" (%s %d.%d)", t.Libc, t.LibcMajor, t.LibcMinor)
	}
	return s
}

// Tags returns every tag the target supports, best first.
func (t Target) Tags() []Tag {
	plats := t.Platforms()
	ver := nodot(t.Major, t.Minor)
	var out []Tag
	var interp string
	if t.InterpreterName() == "cp" {
		out = t.cpythonTags(plats)
		interp = "cp" + ver
	} else {
		out = t.genericTags(plats)
		if t.InterpreterName() == "pp" {
			interp = "pp3"
		}
	}
	return append(out, t.compatibleTags(plats, interp)...)
}

// Best returns the most specific tag of the target (the first of Tags).
func (t Target) Best() Tag {
	if tags := t.Tags(); len(tags) > 0 {
		return tags[0]
	}
	return Tag{}
}

// cpythonABIs are the ABI tags of a CPython build, most specific first.
func (t Target) cpythonABIs() []string {
	ver := nodot(t.Major, t.Minor)
	flags := t.ABIFlags
	// a free-threaded build that reports no abiflags still says so in SOABI
	if !strings.Contains(flags, "t") && strings.HasPrefix(t.SOABI, "cpython-"+ver+"t") {
		flags += "t"
	}
	var threading, debug, pymalloc string
	if strings.Contains(flags, "d") {
		debug = "d"
	}
	if strings.Contains(flags, "t") && (t.Major > 3 || t.Major == 3 && t.Minor >= 13) {
		threading = "t"
	}
	older := t.Major < 3 || t.Major == 3 && t.Minor < 8
	if older && strings.Contains(flags, "m") {
		pymalloc = "m"
	}
	abis := []string{"cp" + ver + threading + debug + pymalloc}
	if older && strings.Contains(flags, "u") { // Python 2 wide unicode; kept for completeness
		abis[0] += "u"
	}
	if !older && debug != "" {
		abis = append(abis, "cp"+ver+threading)
	}
	return abis
}

func (t Target) cpythonTags(plats []string) []Tag {
	ver := nodot(t.Major, t.Minor)
	interp := "cp" + ver
	abis := t.cpythonABIs()
	var out []Tag
	for _, abi := range abis {
		for _, p := range plats {
			out = append(out, Tag{interp, abi, p})
		}
	}
	threaded := strings.Contains(strings.TrimPrefix(abis[0], "cp"+ver), "t")
	abi3 := (t.Major > 3 || t.Major == 3 && t.Minor >= 2) && !threaded
	if abi3 {
		for _, p := range plats {
			out = append(out, Tag{interp, "abi3", p})
		}
	}
	for _, p := range plats {
		out = append(out, Tag{interp, "none", p})
	}
	if abi3 {
		for minor := t.Minor - 1; minor > 1; minor-- {
			for _, p := range plats {
				out = append(out, Tag{"cp" + nodot(t.Major, minor), "abi3", p})
			}
		}
	}
	return out
}

// genericABI derives the ABI tag of a non-CPython interpreter from SOABI.
func (t Target) genericABI() []string {
	s := t.SOABI
	parts := strings.Split(s, "-")
	var abi string
	switch {
	case s == "":
		return nil
	case strings.HasPrefix(s, "cpython") && len(parts) > 1:
		abi = "cp" + parts[1]
	case strings.HasPrefix(s, "cp"):
		abi = parts[0]
	case strings.HasPrefix(s, "pypy"):
		abi = strings.Join(parts[:min(2, len(parts))], "-")
	case strings.HasPrefix(s, "graalpy"):
		abi = strings.Join(parts[:min(3, len(parts))], "-")
	default:
		abi = s
	}
	return []string{normalize(abi)}
}

func (t Target) genericTags(plats []string) []Tag {
	interp := t.InterpreterName() + nodot(t.Major, t.Minor)
	abis := t.genericABI()
	hasNone := false
	for _, a := range abis {
		hasNone = hasNone || a == "none"
	}
	if !hasNone {
		abis = append(abis, "none")
	}
	var out []Tag
	for _, abi := range abis {
		for _, p := range plats {
			out = append(out, Tag{interp, abi, p})
		}
	}
	return out
}

// pyRange is py3X, py3, py3(X-1) ... py30.
func (t Target) pyRange() []string {
	out := []string{"py" + nodot(t.Major, t.Minor), fmt.Sprintf("py%d", t.Major)}
	for minor := t.Minor - 1; minor >= 0; minor-- {
		out = append(out, "py"+nodot(t.Major, minor))
	}
	return out
}

func (t Target) compatibleTags(plats []string, interp string) []Tag {
	var out []Tag
	pys := t.pyRange()
	for _, v := range pys {
		for _, p := range plats {
			out = append(out, Tag{v, "none", p})
		}
	}
	if interp != "" {
		out = append(out, Tag{interp, "none", "any"})
	}
	for _, v := range pys {
		out = append(out, Tag{v, "none", "any"})
	}
	return out
}
