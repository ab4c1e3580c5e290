package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	toml "github.com/pelletier/go-toml/v2"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// LegacyBackend is the backend used for a project without a [build-system]
// table (only setup.py/setup.cfg), as pip does.
const LegacyBackend = "setuptools.build_meta:__legacy__"

// LegacyRequires are the build requirements of a project without a
// [build-system] table, as pip uses them.
var LegacyRequires = []string{"setuptools>=40.8.0", "wheel"}

// BuildSystem is a project's PEP 518 [build-system] table, with pip's
// defaults filled in when the table or the file is absent.
type BuildSystem struct {
	// Requires are the build requirements, as written.
	Requires []string
	// Backend is the build-backend object reference "module.path:object.attr".
	Backend string
	// BackendPath are in-tree folders added to sys.path before importing the
	// backend, as absolute paths inside the project.
	BackendPath []string
	// Legacy is true when the defaults were used (no pyproject.toml, no
	// [build-system] table or no build-backend key).
	Legacy bool
	// File is the pyproject.toml read, or "" when there is none.
	File string
}

// ProjectError is a project whose build configuration cannot be used.
type ProjectError struct {
	File   string // the file at fault (pyproject.toml) or the project folder
	Reason string
	hint   string
}

func (e *ProjectError) Error() string {
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Hint tells how to fix the project.
func (e *ProjectError) Hint() string {
	if e.hint != "" {
		return e.hint
	}
	return "see PEP 518 for the [build-system] table: requires = [...], build-backend = \"module:object\""
}

// ReadBuildSystem reads project/pyproject.toml. A project with neither
// pyproject.toml nor setup.py nor setup.cfg is refused.
func ReadBuildSystem(project string) (*BuildSystem, error) {
	abs, err := filepath.Abs(project)
	if err != nil {
		return nil, &ProjectError{File: project, Reason: err.Error()}
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, &ProjectError{File: project, Reason: "cannot read the project folder: " + errText(err), hint: "give the folder that holds pyproject.toml or setup.py"}
	}
	if !st.IsDir() {
		return nil, &ProjectError{File: project, Reason: "not a folder", hint: "give the folder that holds pyproject.toml or setup.py"}
	}
	file := filepath.Join(abs, "pyproject.toml")
	// A regular file only, at most bounded.Settings bytes: a FIFO or a link
	// to /dev/zero is refused before it is read.
	data, err := bounded.ReadRegular(file, bounded.Settings)
	if errors.Is(err, fs.ErrNotExist) {
		if !exists(filepath.Join(abs, "setup.py")) && !exists(filepath.Join(abs, "setup.cfg")) {
			return nil, &ProjectError{File: project, Reason: "neither pyproject.toml nor setup.py nor setup.cfg found: not a Python project", hint: "give the folder that holds pyproject.toml or setup.py"}
		}
		return legacy(""), nil
	}
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	switch {
	case errors.As(err, &tl):
		return nil, &ProjectError{File: file, Reason: fmt.Sprintf("larger than %s, the most fwenv reads of a pyproject.toml", bounded.Size(tl.Limit)),
			hint: "pyproject.toml is a short TOML file; check that it is the project's own, not a device or a damaged copy"}
	case errors.As(err, &nr):
		return nil, &ProjectError{File: file, Reason: "is " + nr.Kind + ", not a file",
			hint: "pyproject.toml must be a regular file; replace the link or special file with the file itself"}
	case err != nil:
		return nil, &ProjectError{File: file, Reason: "cannot read: " + errText(err)}
	}
	return ParseBuildSystem(file, abs, data)
}

// ParseBuildSystem reads the [build-system] table of a pyproject.toml file
// (named file in errors) belonging to the project folder root.
func ParseBuildSystem(file, root string, data []byte) (*BuildSystem, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		reason := "not valid TOML: " + err.Error()
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			reason = fmt.Sprintf("line %d column %d: not valid TOML: %s", row, col, de.Error())
		}
		return nil, &ProjectError{File: file, Reason: reason, hint: "fix the TOML syntax of pyproject.toml"}
	}
	raw, ok := doc["build-system"]
	if !ok {
		// PEP 518: no table means the legacy defaults.
		return legacy(file), nil
	}
	table, ok := raw.(map[string]any)
	if !ok {
		return nil, &ProjectError{File: file, Reason: "build-system must be a table"}
	}
	bs := &BuildSystem{File: file}
	req, ok := table["requires"]
	if !ok {
		// PEP 518: a [build-system] table without requires is an error.
		return nil, &ProjectError{File: file, Reason: "[build-system] has no requires key", hint: "add requires = [\"setuptools>=40.8.0\", \"wheel\"] (or your backend's requirements) to [build-system]"}
	}
	list, ok := req.([]any)
	if !ok {
		return nil, &ProjectError{File: file, Reason: "[build-system] requires must be a list of strings"}
	}
	for i, r := range list {
		s, ok := r.(string)
		if !ok {
			return nil, &ProjectError{File: file, Reason: fmt.Sprintf("[build-system] requires[%d] is not a string", i)}
		}
		if _, err := pep508.ParseRequirement(s); err != nil {
			return nil, &ProjectError{File: file, Reason: fmt.Sprintf("[build-system] requires[%d] %q is not a valid requirement: %v", i, s, err), hint: "write PEP 508 requirements such as \"setuptools>=61\""}
		}
		bs.Requires = append(bs.Requires, s)
	}
	if b, ok := table["build-backend"]; ok {
		s, ok := b.(string)
		if !ok {
			return nil, &ProjectError{File: file, Reason: "[build-system] build-backend must be a string"}
		}
		if err := checkBackendRef(s); err != nil {
			return nil, &ProjectError{File: file, Reason: fmt.Sprintf("[build-system] build-backend %q: %v", s, err), hint: "write build-backend = \"package.module:object\" (the object part is optional)"}
		}
		bs.Backend = s
	} else {
		// PEP 517: without build-backend, the legacy setuptools backend.
		bs.Backend = LegacyBackend
		bs.Legacy = true
	}
	if p, ok := table["backend-path"]; ok {
		list, ok := p.([]any)
		if !ok {
			return nil, &ProjectError{File: file, Reason: "[build-system] backend-path must be a list of strings"}
		}
		for i, x := range list {
			s, ok := x.(string)
			if !ok {
				return nil, &ProjectError{File: file, Reason: fmt.Sprintf("[build-system] backend-path[%d] is not a string", i)}
			}
			abs, err := insideProject(root, s)
			if err != nil {
				return nil, &ProjectError{File: file, Reason: fmt.Sprintf("[build-system] backend-path %q %v", s, err), hint: "backend-path entries are folders relative to the project and must stay inside it (PEP 517)"}
			}
			bs.BackendPath = append(bs.BackendPath, abs)
		}
	}
	return bs, nil
}

func legacy(file string) *BuildSystem {
	return &BuildSystem{Requires: append([]string(nil), LegacyRequires...), Backend: LegacyBackend, Legacy: true, File: file}
}

// checkBackendRef checks "a.b.c" or "a.b:c.d" made of Python identifiers.
func checkBackendRef(s string) error {
	mod, obj, hasObj := strings.Cut(s, ":")
	if err := dotted(mod); err != nil {
		return fmt.Errorf("module part: %v", err)
	}
	if hasObj {
		if err := dotted(obj); err != nil {
			return fmt.Errorf("object part: %v", err)
		}
	}
	return nil
}

func dotted(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	for _, part := range strings.Split(s, ".") {
		if !isIdent(part) {
			return fmt.Errorf("%q is not a Python identifier", part)
		}
	}
	return nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r > 127:
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// insideProject resolves rel against root and refuses anything that leaves
// root, by "..", by an absolute path or through a symbolic link.
func insideProject(root, rel string) (string, error) {
	if rel == "" {
		return "", errors.New("is empty")
	}
	if filepath.IsAbs(rel) {
		return "", errors.New("is absolute")
	}
	joined := filepath.Join(root, rel)
	if !within(root, joined) {
		return "", errors.New("leaves the project folder")
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", fmt.Errorf("cannot be checked: %v", err)
	}
	real, err := filepath.EvalSymlinks(joined)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errors.New("does not exist")
		}
		return "", fmt.Errorf("cannot be checked: %v", err)
	}
	if !within(realRoot, real) {
		return "", errors.New("leaves the project folder through a symbolic link")
	}
	return joined, nil
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return r == "." || (r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)))
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
