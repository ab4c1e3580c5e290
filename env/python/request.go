package python

import (
	"fmt"
	"github.com/fwenv/fwenv/resolver/pep440"
	"strconv"
	"strings"
)

// RequestKind says how a -p value is read.
type RequestKind int

const (
	// AnyPython: no request; the first suitable python3/python on PATH.
	AnyPython RequestKind = iota
	// PathRequest: a file (or an environment/prefix folder) given by path.
	PathRequest
	// CommandRequest: a command name looked up on PATH, such as python3.12.
	CommandRequest
	// VersionRequest: 3, 3.12, 3.11.7, cpython3.11, pypy3.10.
	VersionRequest
	// RangeRequest: PEP 440 specifiers such as >=3.9,<3.13.
	RangeRequest
)

// Request is a parsed -p/--python value.
type Request struct {
	Raw  string
	Kind RequestKind
	// Impl is "cpython", "pypy" … or "" for any implementation.
	Impl string
	// Version holds 1 to 3 release components for a VersionRequest.
	Version []int
	// Range matches a version string for a RangeRequest.
	Range func(version string) bool
}

// RequestError is a -p value that cannot be read.
type RequestError struct {
	Raw, Reason string
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("invalid interpreter request %q: %s", e.Raw, e.Reason)
}

func (e *RequestError) Hint() string {
	return "use a path (/usr/bin/python3), a command (python3.12), a version (3.12, cpython3.11.7) or a range (>=3.9,<3.13)"
}

var (
	versionRequestRE = lazyRE(`^(?i)(cpython|python|pypy|graalpy|py|cp)?-?(\d+(?:\.\d+){0,2})$`)
	pythonCommandRE  = lazyRE(`^python(\d+(?:\.\d+)?)?$`)
)

// ParseRequest reads a -p/--python value.
func ParseRequest(raw string) (Request, error) {
	s := strings.TrimSpace(raw)
	r := Request{Raw: raw}
	switch {
	case s == "":
		r.Kind = AnyPython
		return r, nil
	case strings.ContainsRune(s, '/'):
		r.Kind = PathRequest
		return r, nil
	case strings.ContainsAny(s[:1], "<>=!~"):
		set, err := pep440.ParseSpecifierSet(s)
		if err != nil {
			return r, &RequestError{Raw: raw, Reason: err.Error()}
		}
		r.Kind = RangeRequest
		r.Range = func(version string) bool {
			v, err := pep440.Parse(version)
			return err == nil && set.Contains(v)
		}
		return r, nil
	}
	// "python3.12" is a command name first (see Finder); reading it as a
	// version is the fallback.
	if pythonCommandRE().MatchString(s) {
		r.Kind = CommandRequest
		return r, nil
	}
	if m := versionRequestRE().FindStringSubmatch(s); m != nil {
		impl := strings.ToLower(m[1])
		switch impl {
		case "", "python", "py":
			impl = ""
		case "cp":
			impl = "cpython"
		}
		for _, p := range strings.Split(m[2], ".") {
			n, err := strconv.Atoi(p)
			if err != nil || n > 1000 {
				return r, &RequestError{Raw: raw, Reason: "version component out of range"}
			}
			r.Version = append(r.Version, n)
		}
		r.Kind, r.Impl = VersionRequest, impl
		return r, nil
	}
	if strings.ContainsAny(s, " \t\n;|&$`\\\"'*?") {
		return r, &RequestError{Raw: raw, Reason: "not a path, command name, version or version range"}
	}
	r.Kind = CommandRequest
	return r, nil
}

// versionFallback is the version request a python command name stands for
// ("python3.12" -> 3.12), if any.
func (r Request) versionFallback() (Request, bool) {
	m := pythonCommandRE().FindStringSubmatch(r.Raw)
	if m == nil || m[1] == "" {
		return r, false
	}
	out := Request{Raw: r.Raw, Kind: VersionRequest}
	for _, p := range strings.Split(m[1], ".") {
		n, _ := strconv.Atoi(p)
		out.Version = append(out.Version, n)
	}
	return out, true
}

// Matches reports whether an interpreter satisfies a version or range request.
func (r Request) Matches(i *Info) bool {
	switch r.Kind {
	case VersionRequest:
		if r.Impl != "" && r.Impl != i.Implementation {
			return false
		}
		if len(i.VersionInfo) < len(r.Version) {
			return false
		}
		for k, n := range r.Version {
			if i.VersionInfo[k] != n {
				return false
			}
		}
		return true
	case RangeRequest:
		return r.Range(i.Version())
	}
	return true
}

// mayMatch is Matches on a version guessed from a file name, before probing.
func (r Request) mayMatch(hint []int) bool {
	if r.Kind != VersionRequest || hint == nil {
		return true
	}
	for k := 0; k < len(r.Version) && k < len(hint); k++ {
		if r.Version[k] != hint[k] {
			return false
		}
	}
	return true
}
