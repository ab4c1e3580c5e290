package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/locate"
)

// PathAnnotation marks a flag whose value is a path; a relative path in a
// config file is taken relative to that file's folder.
const PathAnnotation = "fwenv-path"

// MarkPath marks a flag as a path.
func MarkPath(fs *pflag.FlagSet, name string) {
	_ = fs.SetAnnotation(name, PathAnnotation, []string{"true"})
}

// EnvVar is the environment variable of a flag.
func EnvVar(flag string) string {
	return "FWENV_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// value is one setting read from a file.
type value struct {
	items []string
	list  bool
	file  string
	line  int
}

// File is one parsed configuration file.
type File struct {
	Path   string
	values map[string]value
}

// Error is a configuration file or variable that cannot be used.
type Error struct {
	Where, Msg string
	// Err is the flag's own refusal of a value, when that is the cause.
	Err error
}

func (e *Error) Error() string { return e.Where + ": " + e.Msg }
func (e *Error) Unwrap() error { return e.Err }
func (e *Error) Hint() string {
	if ve, ok := e.Err.(*ValueError); ok && ve.Hint() != "" {
		return ve.Hint()
	}
	if h, ok := e.Err.(interface{ Hint() string }); ok && h.Hint() != "" {
		return h.Hint() // a file that cannot be read (bounded's errors)
	}
	return "keys are the long flag names (see `fwenv config show`); environment variables are FWENV_ plus the flag name"
}

// ReadFS reads whole files. OS is the real filesystem; tests pass an
// in-memory one (afero.Afero fits).
type ReadFS interface {
	ReadFile(name string) ([]byte, error)
}

type osFS struct{}

// ReadFile reads a file the user named (--config, FWENV_CONFIG), at most
// bounded.Settings bytes: it may be a pipe (--config <(...), /dev/stdin),
// read to its end; /dev/zero or an endless pipe stops at the cap.
func (osFS) ReadFile(name string) ([]byte, error) {
	return bounded.ReadNamed(name, bounded.Settings)
}

// OS reads the real filesystem: files the user named.
var OS ReadFS = osFS{}

type foundFS struct{}

// ReadFile reads a file fwenv found itself, at most bounded.Settings
// bytes; anything but a regular file (a FIFO, a link to a device) is
// refused before it is read.
func (foundFS) ReadFile(name string) ([]byte, error) {
	return bounded.ReadRegular(name, bounded.Settings)
}

// Found reads the real filesystem: files fwenv found itself (fwenv.yaml in
// the current folder or a parent, the user file at its default place).
var Found ReadFS = foundFS{}

// ParseFile reads a configuration file; a missing file is not an error
// (nil, nil).
func ParseFile(fsys ReadFS, path string) (*File, error) {
	data, err := fsys.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, readError(path, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{Where: path, Msg: "not valid YAML: " + err.Error()}
	}
	f := &File{Path: path, values: map[string]value{}}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Where: fmt.Sprintf("%s:%d", path, root.Line), Msg: "expected a mapping of flag names to values"}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		where := fmt.Sprintf("%s:%d", path, k.Line)
		if _, dup := f.values[k.Value]; dup {
			return nil, &Error{Where: where, Msg: fmt.Sprintf("key %q is given twice", k.Value)}
		}
		val := value{file: path, line: k.Line}
		switch v.Kind {
		case yaml.ScalarNode:
			val.items = []string{v.Value}
		case yaml.SequenceNode:
			val.list = true
			for _, it := range v.Content {
				if it.Kind != yaml.ScalarNode {
					return nil, &Error{Where: fmt.Sprintf("%s:%d", path, it.Line), Msg: fmt.Sprintf("%q: list items must be plain values", k.Value)}
				}
				val.items = append(val.items, it.Value)
			}
		default:
			return nil, &Error{Where: where, Msg: fmt.Sprintf("%q: expected a value or a list of values", k.Value)}
		}
		f.values[k.Value] = val
	}
	return f, nil
}

// readError says why the configuration file at path cannot be read.
func readError(path string, err error) error {
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	var pe *fs.PathError
	switch {
	case errors.As(err, &tl):
		return &Error{Where: path, Msg: fmt.Sprintf("larger than %s, the most fwenv reads of a configuration file", bounded.Size(tl.Limit)),
			Err: hinted{err, "a configuration file is a short YAML mapping of flag names to values; check that the path names it (not a device or an endless stream)"}}
	case errors.As(err, &nr):
		return &Error{Where: path, Msg: "is " + nr.Kind + ", not a file", Err: hinted{err, "give the path of a YAML configuration file"}}
	case errors.As(err, &pe):
		return &Error{Where: path, Msg: pe.Err.Error(), Err: err}
	}
	return &Error{Where: path, Msg: err.Error(), Err: err}
}

// hinted is an error with the hint that fits its cause.
type hinted struct {
	error
	hint string
}

func (h hinted) Hint() string  { return h.hint }
func (h hinted) Unwrap() error { return h.error }

// Source says where an effective value came from.
type Source struct {
	Kind  string // "flag", "env", "file", "default"
	Where string // the variable, or file:line
}

func (s Source) String() string {
	if s.Where == "" {
		return s.Kind
	}
	return s.Kind + " " + s.Where
}

// Config is the layered configuration.
type Config struct {
	Getenv func(string) string
	// Files in decreasing precedence (project file first, then user file).
	Files []*File
}

// Check reports keys in files that are not flags.
func (c *Config) Check(known map[string]bool) error {
	for _, f := range c.Files {
		keys := make([]string, 0, len(f.values))
		for k := range f.values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !known[k] {
				v := f.values[k]
				return &Error{Where: fmt.Sprintf("%s:%d", f.Path, v.line), Msg: fmt.Sprintf("unknown key %q", k)}
			}
		}
	}
	return nil
}

// Lookup finds the value of flag name below the command line: its
// environment variable, then the files.
func (c *Config) Lookup(name string, isPath bool) ([]string, Source, bool) {
	ev := EnvVar(name)
	if c.Getenv != nil {
		if v, ok := lookupEnv(c.Getenv, ev); ok {
			return []string{v}, Source{Kind: "env", Where: ev}, true
		}
	}
	for _, f := range c.Files {
		if v, ok := f.values[name]; ok {
			items := v.items
			if isPath {
				items = make([]string, len(v.items))
				for i, it := range v.items {
					items[i] = it
					// A URL (find-links may be one) is not a path.
					if it != "" && !filepath.IsAbs(it) && !strings.HasPrefix(it, "~") && !strings.Contains(it, "://") {
						items[i] = filepath.Join(filepath.Dir(f.Path), it)
					}
				}
			}
			return items, Source{Kind: "file", Where: fmt.Sprintf("%s:%d", f.Path, v.line)}, true
		}
	}
	return nil, Source{}, false
}

func lookupEnv(getenv func(string) string, k string) (string, bool) {
	v := getenv(k)
	return v, v != ""
}

// Apply sets every flag of fs that was not given on the command line from
// the environment or the files, and returns each flag's source.
func (c *Config) Apply(fs *pflag.FlagSet) (map[string]Source, error) {
	sources := map[string]Source{}
	var firstErr error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			sources[f.Name] = Source{Kind: "flag", Where: "--" + f.Name}
			return
		}
		items, src, ok := c.Lookup(f.Name, isPathFlag(f))
		if !ok {
			sources[f.Name] = Source{Kind: "default"}
			return
		}
		if err := setFlag(f, items); err != nil && firstErr == nil {
			firstErr = &Error{Where: src.Where, Msg: fmt.Sprintf("invalid value for %s: %v", f.Name, err), Err: err}
			return
		}
		sources[f.Name] = src
	})
	return sources, firstErr
}

func isPathFlag(f *pflag.Flag) bool {
	return len(f.Annotations[PathAnnotation]) > 0
}

func setFlag(f *pflag.Flag, items []string) error {
	if f.Value.Type() == "bool" && len(items) == 1 {
		switch strings.ToLower(items[0]) {
		case "yes", "on", "y":
			items = []string{"true"}
		case "no", "off", "n", "":
			items = []string{"false"}
		}
	}
	if _, isSlice := f.Value.(pflag.SliceValue); isSlice {
		vals := items
		if len(items) == 1 {
			vals = splitList(items[0])
		}
		return f.Value.(pflag.SliceValue).Replace(vals)
	}
	if len(items) != 1 {
		return fmt.Errorf("expected one value, got a list of %d", len(items))
	}
	if err := f.Value.Set(items[0]); err != nil {
		return err
	}
	return nil
}

// splitList splits an environment variable's list value on whitespace or
// commas.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// UserFile is the user configuration file: explicit, else
// $XDG_CONFIG_HOME/fwenv/config.yaml, else ~/.config/fwenv/config.yaml.
func UserFile(explicit string, getenv func(string) string) string {
	if explicit != "" {
		return explicit
	}
	if x := getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "fwenv", "config.yaml")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "fwenv", "config.yaml")
	}
	return ""
}

// ProjectFileName is the project-level configuration file.
const ProjectFileName = "fwenv.yaml"

// Load reads the configuration a command runs with: the project file
// (ProjectFileName, the nearest in cwd or its parents) and the user's file
// (explicit: --config, else FWENV_CONFIG, else UserFile's default; a file
// the user names may be a pipe). known lists the keys the files may use
// (every long flag), asked only when a file exists. Apply then fills the
// flags the command line did not give.
func Load(explicit, cwd string, getenv func(string) string, known func() map[string]bool) (*Config, error) {
	userFile := explicit
	if userFile == "" {
		userFile = getenv("FWENV_CONFIG")
	}
	userFS := OS // named by the user: may be a pipe
	if userFile == "" {
		userFS = Found
	}
	userFile = UserFile(userFile, getenv)
	var files []*File
	if p, ok := locate.NearestFile(locate.OS, cwd, ProjectFileName); ok {
		f, err := ParseFile(Found, p)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if userFile != "" {
		f, err := ParseFile(userFS, userFile)
		if err != nil {
			return nil, err
		}
		if f != nil {
			files = append(files, f)
		}
	}
	c := &Config{Getenv: getenv, Files: files}
	if len(files) > 0 {
		if err := c.Check(known()); err != nil {
			return nil, err
		}
	}
	return c, nil
}
