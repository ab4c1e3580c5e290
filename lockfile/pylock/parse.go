package pylock

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"

	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/lockfile/lock"
)

// The shapes the TOML is decoded into. upload-time is decoded as any so a
// local date-time (no offset) can be told from an offset one.
type rawLock struct {
	LockVersion      string         `toml:"lock-version"`
	Environments     []string       `toml:"environments"`
	RequiresPython   string         `toml:"requires-python"`
	Extras           []string       `toml:"extras"`
	DependencyGroups []string       `toml:"dependency-groups"`
	DefaultGroups    []string       `toml:"default-groups"`
	CreatedBy        string         `toml:"created-by"`
	Packages         []rawPackage   `toml:"packages"`
	Tool             map[string]any `toml:"tool"`
}

type rawPackage struct {
	Name                  string           `toml:"name"`
	Version               string           `toml:"version"`
	Marker                string           `toml:"marker"`
	RequiresPython        string           `toml:"requires-python"`
	Dependencies          []map[string]any `toml:"dependencies"`
	Index                 string           `toml:"index"`
	VCS                   *rawVCS          `toml:"vcs"`
	Directory             *rawDirectory    `toml:"directory"`
	Archive               *rawArchive      `toml:"archive"`
	Sdist                 *rawFile         `toml:"sdist"`
	Wheels                []rawFile        `toml:"wheels"`
	AttestationIdentities []map[string]any `toml:"attestation-identities"`
	Tool                  map[string]any   `toml:"tool"`
}

type rawVCS struct {
	Type              string `toml:"type"`
	URL               string `toml:"url"`
	Path              string `toml:"path"`
	RequestedRevision string `toml:"requested-revision"`
	CommitID          string `toml:"commit-id"`
	Subdirectory      string `toml:"subdirectory"`
}

type rawDirectory struct {
	Path         string `toml:"path"`
	Editable     bool   `toml:"editable"`
	Subdirectory string `toml:"subdirectory"`
}

type rawArchive struct {
	URL          string            `toml:"url"`
	Path         string            `toml:"path"`
	Size         int64             `toml:"size"`
	UploadTime   any               `toml:"upload-time"`
	Hashes       map[string]string `toml:"hashes"`
	Subdirectory string            `toml:"subdirectory"`
}

type rawFile struct {
	Name       string            `toml:"name"`
	URL        string            `toml:"url"`
	Path       string            `toml:"path"`
	UploadTime any               `toml:"upload-time"`
	Size       int64             `toml:"size"`
	Hashes     map[string]string `toml:"hashes"`
}

// Parse reads a pylock.toml's content into lockfile/lock's model; name
// names the file in messages. It refuses, with a *lock.Error naming the
// file, the line when one is known and the package:
//
//   - text that is not TOML, or values of the wrong type;
//   - a missing lock-version, one that is not "MAJOR.MINOR", or a major
//     version other than 1 (a newer minor is read, with a warning in
//     the lock's Warnings; keys that version added are ignored with a warning);
//   - keys PEP 751 does not define (outside [tool] tables);
//   - everything else PEP 751 requires and fwenv relies on (see the package
//     documentation).
//
// The result is normalised: names normalised, packages by name, version
// and marker, wheels by file name (see the package documentation for how
// fwenv's [tool.fwenv] keys are read).
func Parse(data []byte, name string) (*lock.Lock, error) {
	l, err := parse(data, name)
	if err != nil {
		return nil, withHint(err)
	}
	return toModel(l), nil
}

func parse(data []byte, name string) (*pyLock, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &lock.Error{File: name, Msg: "the lock file is empty", Fix: "the file was cut short or is not a lock file; regenerate it with `fwenv lock -o pylock.toml`"}
	}
	// The version first: a newer major version may use keys and types this
	// reader does not know, and the user should hear about the version, not
	// about those.
	var head struct {
		LockVersion any `toml:"lock-version"`
	}
	if err := toml.Unmarshal(data, &head); err != nil {
		return nil, decodeError(name, data, err)
	}
	verLine := topKeyLine(data, "lock-version")
	var warnings []string
	switch v := head.LockVersion.(type) {
	case nil:
		return nil, &lock.Error{File: name, Msg: "lock-version is missing: this is not a PEP 751 lock file", Fix: `a pylock.toml starts with lock-version = "1.0"; regenerate it with ` + "`fwenv lock -o pylock.toml`"}
	case string:
		major, minor, ok := splitVersion(v)
		if !ok {
			return nil, &lock.Error{File: name, Line: verLine, Msg: fmt.Sprintf("lock-version %q is not MAJOR.MINOR", v), Fix: `PEP 751 lock files have lock-version = "1.0"`}
		}
		if major != 1 {
			return nil, &lock.Error{File: name, Line: verLine, Msg: fmt.Sprintf("lock-version %q is not supported: this fwenv reads lock-version 1.x", v),
				Fix: "upgrade fwenv to a release that reads lock-version " + strconv.Itoa(major) + ", or ask the tool that wrote the file for lock-version 1.0"}
		}
		if minor > 0 {
			warnings = append(warnings, fmt.Sprintf("%s: lock-version %q is newer than %q, which this fwenv knows; keys it does not know are ignored", name, v, LockVersion))
		}
	default:
		return nil, &lock.Error{File: name, Line: verLine, Msg: fmt.Sprintf("lock-version must be a string such as \"1.0\", not %v", v), Fix: `write lock-version = "1.0" (quoted)`}
	}

	var raw rawLock
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) && len(warnings) > 0 {
			for _, e := range strict.Errors {
				row, _ := e.Position()
				warnings = append(warnings, fmt.Sprintf("%s:%d: unknown key %s ignored", name, row, strings.Join(e.Key(), ".")))
			}
			raw = rawLock{}
			if err := toml.Unmarshal(data, &raw); err != nil {
				return nil, decodeError(name, data, err)
			}
		} else {
			return nil, decodeError(name, data, err)
		}
	}
	l, err := raw.convert(name, data)
	if err != nil {
		return nil, err
	}
	l.normalizeFields()
	if err := l.validate(name, data); err != nil {
		return nil, err
	}
	l.sortPackages()
	l.warnings = warnings
	return l, nil
}

func splitVersion(v string) (major, minor int, ok bool) {
	a, b, found := strings.Cut(v, ".")
	if !found {
		return 0, 0, false
	}
	ma, err1 := strconv.Atoi(a)
	mi, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || ma < 0 || mi < 0 || strings.HasPrefix(a, "+") || strings.HasPrefix(b, "+") {
		return 0, 0, false
	}
	return ma, mi, true
}

// decodeError turns the TOML library's error into an *Error with the line.
func decodeError(name string, data []byte, err error) *lock.Error {
	e := &lock.Error{File: name, Err: err, Fix: "the file is not valid PEP 751 TOML; regenerate it with `fwenv lock -o pylock.toml`, or fix the line shown"}
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case errors.As(err, &strict) && len(strict.Errors) > 0:
		first := strict.Errors[0]
		e.Line, _ = first.Position()
		e.Msg = fmt.Sprintf("unknown key %q (PEP 751 has no such key here; tools keep their own data under [tool])", strings.Join(first.Key(), "."))
		e.Package = packageAtLine(data, e.Line)
	case errors.As(err, &de):
		e.Line, _ = de.Position()
		e.Msg = strings.TrimPrefix(de.Error(), "toml: ")
		e.Package = packageAtLine(data, e.Line)
	default:
		e.Msg = strings.TrimPrefix(err.Error(), "toml: ")
	}
	return e
}

func (r *rawLock) convert(name string, data []byte) (*pyLock, error) {
	l := &pyLock{
		LockVersion:      r.LockVersion,
		Environments:     r.Environments,
		RequiresPython:   r.RequiresPython,
		Extras:           r.Extras,
		DependencyGroups: r.DependencyGroups,
		DefaultGroups:    r.DefaultGroups,
		CreatedBy:        r.CreatedBy,
		Tool:             r.Tool,
	}
	for i, rp := range r.Packages {
		p := pyPackage{
			Name: rp.Name, Version: rp.Version, Marker: rp.Marker, RequiresPython: rp.RequiresPython,
			Index: rp.Index, Dependencies: rp.Dependencies, AttestationIdentities: rp.AttestationIdentities, Tool: rp.Tool,
		}
		fail := func(key, msg string) error {
			return &lock.Error{File: name, Line: packageKeyLine(data, i, key), Package: rp.Name, Msg: msg,
				Fix: "PEP 751 upload times are offset date-times in UTC, written like 2025-01-25T11:30:12Z"}
		}
		if v := rp.VCS; v != nil {
			p.VCS = &lock.VCS{Type: v.Type, URL: v.URL, Path: v.Path, RequestedRevision: v.RequestedRevision, CommitID: v.CommitID, Subdirectory: v.Subdirectory}
		}
		if d := rp.Directory; d != nil {
			p.Directory = &lock.Directory{Path: d.Path, Editable: d.Editable, Subdirectory: d.Subdirectory}
		}
		if a := rp.Archive; a != nil {
			t, err := uploadTime(a.UploadTime)
			if err != nil {
				return nil, fail("archive", "archive: "+err.Error())
			}
			p.Archive = &pyArchive{URL: a.URL, Path: a.Path, Size: a.Size, UploadTime: t, Hashes: a.Hashes, Subdirectory: a.Subdirectory}
		}
		if s := rp.Sdist; s != nil {
			f, err := s.convert()
			if err != nil {
				return nil, fail("sdist", "sdist: "+err.Error())
			}
			p.Sdist = &f
		}
		for _, w := range rp.Wheels {
			f, err := w.convert()
			if err != nil {
				return nil, fail("wheels", "wheel "+w.Name+": "+err.Error())
			}
			p.Wheels = append(p.Wheels, f)
		}
		l.Packages = append(l.Packages, p)
	}
	return l, nil
}

func (r rawFile) convert() (pyFile, error) {
	t, err := uploadTime(r.UploadTime)
	if err != nil {
		return pyFile{}, err
	}
	return pyFile{Name: r.Name, URL: r.URL, Path: r.Path, UploadTime: t, Size: r.Size, Hashes: r.Hashes}, nil
}

// uploadTime accepts an offset date-time, and a local date-time taken as
// UTC (PEP 751 says upload times are UTC).
func uploadTime(v any) (*time.Time, error) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		u := t.UTC()
		return &u, nil
	case toml.LocalDateTime:
		u := t.AsTime(time.UTC)
		return &u, nil
	}
	return nil, fmt.Errorf("upload-time %v is not a date-time", v)
}

// ---- lines, for messages ----

var (
	packagesHeader = lockio.LazyRegexp(`^[ \t]*\[\[[ \t]*packages[ \t]*\]\]`)
	tableHeader    = lockio.LazyRegexp(`^[ \t]*\[`)
)

func lines(data []byte) []string { return strings.Split(string(data), "\n") }

// packageStart is the 0-based line index of the i-th [[packages]] header, or -1.
func packageStart(ls []string, i int) int {
	n := 0
	for j, l := range ls {
		if packagesHeader().MatchString(l) {
			if n == i {
				return j
			}
			n++
		}
	}
	return -1
}

// packageKeyLine is the 1-based line of key inside the i-th package (its
// header line when key is "" or not found), or 0 when data is nil or the
// packages are not written as [[packages]] tables.
func packageKeyLine(data []byte, i int, key string) int {
	if data == nil {
		return 0
	}
	ls := lines(data)
	start := packageStart(ls, i)
	if start < 0 {
		return 0
	}
	if key != "" {
		re := regexp.MustCompile(`^[ \t]*(` + regexp.QuoteMeta(key) + `[ \t]*=|\[\[?[ \t]*packages\.` + regexp.QuoteMeta(key) + `[ \t.\]])`)
		for j := start + 1; j < len(ls) && !packagesHeader().MatchString(ls[j]); j++ {
			if re.MatchString(ls[j]) {
				return j + 1
			}
		}
	}
	return start + 1
}

// topKeyLine is the 1-based line of a top-level key, or 0.
func topKeyLine(data []byte, key string) int {
	if data == nil {
		return 0
	}
	re := regexp.MustCompile(`^[ \t]*"?` + regexp.QuoteMeta(key) + `"?[ \t]*=`)
	for j, l := range lines(data) {
		if tableHeader().MatchString(l) {
			return 0
		}
		if re.MatchString(l) {
			return j + 1
		}
	}
	return 0
}

var nameLine = lockio.LazyRegexp(`^[ \t]*name[ \t]*=[ \t]*["']([^"']*)["']`)

// packageAtLine names the package whose [[packages]] table holds the
// 1-based line, or "".
func packageAtLine(data []byte, line int) string {
	ls := lines(data)
	if line <= 0 || line > len(ls) {
		return ""
	}
	start := -1
	for j := line - 1; j >= 0; j-- {
		if packagesHeader().MatchString(ls[j]) {
			start = j
			break
		}
	}
	if start < 0 {
		return ""
	}
	for j := start + 1; j < len(ls) && !tableHeader().MatchString(ls[j]); j++ {
		if m := nameLine().FindStringSubmatch(ls[j]); m != nil {
			return m[1]
		}
	}
	return ""
}
