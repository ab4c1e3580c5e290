package venv

import (
	"fmt"
	"github.com/fwenv/fwenv/archive/bounded"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/env/activate"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/rawio"
	"github.com/fwenv/fwenv/env/standin"
)

// EntryKind is what one layout entry makes.
type EntryKind int

const (
	Dir EntryKind = iota
	File
	Symlink
	CopyFile
)

// Entry is one thing Create writes, relative to the environment's root.
type Entry struct {
	Path   string // slash-separated, relative
	Kind   EntryKind
	Mode   fs.FileMode
	Data   []byte // File
	Target string // Symlink target, or the source of CopyFile
}

// Spec is what an environment is made of.
type Spec struct {
	// Dir is the final absolute path of the environment; files that name
	// the environment (activation scripts) use it even when the layout is
	// written elsewhere first.
	Dir        string
	Interp     *python.Info
	Prompt     string
	SystemSite bool
	Copies     bool
	// Command and FwenvVersion are recorded in pyvenv.cfg.
	Command      string
	FwenvVersion string
}

// Layout computes every entry of the environment, in creation order.
func Layout(s Spec) ([]Entry, error) {
	in := s.Interp
	if ok, why := in.Supported(); !ok {
		return nil, fmt.Errorf("%s: %s", in.Path, why)
	}
	var es []Entry
	dir := func(p string) { es = append(es, Entry{Path: p, Kind: Dir, Mode: 0o755}) }
	py2 := isLandmarkLayout(in)

	cfg := &Cfg{}
	cfg.Set("home", in.Home())
	cfg.Set("include-system-site-packages", fmt.Sprint(s.SystemSite))
	cfg.Set("version", in.Version())
	if py2 {
		// Python 2 does not read pyvenv.cfg; tools do.
		cfg.Set("implementation", "CPython")
	}
	cfg.Set("executable", in.Path)
	if s.Command != "" {
		cfg.Set("command", s.Command)
	}
	cfg.Set("prompt", s.Prompt)
	if s.FwenvVersion != "" {
		cfg.Set("fwenv", s.FwenvVersion)
	}
	es = append(es, Entry{Path: CfgName, Kind: File, Mode: 0o644, Data: cfg.Bytes()})
	es = append(es, Entry{Path: ".gitignore", Kind: File, Mode: 0o644,
		Data: []byte("# Created by fwenv; the whole environment is generated.\n*\n")})

	// Folders, each once and after its parent (the scheme's paths may
	// share parents, or be nested: "local/bin").
	seen := map[string]bool{}
	dirAll := func(p string) {
		parts := strings.Split(p, "/")
		for i := 1; i <= len(parts); i++ {
			sub := strings.Join(parts[:i], "/")
			if !seen["dir:"+sub] {
				seen["dir:"+sub] = true
				dir(sub)
			}
		}
	}
	scripts := in.Scheme["scripts"]
	if scripts == "" {
		scripts = "bin"
	}
	if scripts = path.Clean(scripts); !filepath.IsLocal(scripts) || scripts == "." {
		return nil, fmt.Errorf("%s: its venv scheme puts scripts at %q, which is not a folder inside the environment", in.Path, in.Scheme["scripts"])
	}
	dirAll(scripts)
	// bin/python is the interpreter (a link to the real executable, or a
	// copy); python3 and python3.X point at it, as CPython's venv does.
	exe := path.Join(scripts, "python")
	if s.Copies || py2 {
		es = append(es, Entry{Path: exe, Kind: CopyFile, Mode: 0o755, Target: in.Path})
	} else {
		es = append(es, Entry{Path: exe, Kind: Symlink, Target: in.Path})
	}
	names := []string{"python3", "python" + in.MajorMinor()}
	if in.Implementation == "pypy" {
		names = append(names, "pypy", "pypy3", "pypy"+in.MajorMinor())
	}
	if py2 {
		names = []string{"python2", "python" + in.MajorMinor()}
	}
	for _, n := range names {
		es = append(es, Entry{Path: path.Join(scripts, n), Kind: Symlink, Target: "python"})
	}

	dirAll("include")
	for _, key := range []string{"purelib", "platlib"} {
		p := in.Scheme[key]
		if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "..") {
			continue
		}
		dirAll(path.Clean(p))
	}
	if py2 {
		es = append(es, landmarkEntries(in, s.SystemSite)...)
	}
	// CPython links lib64 -> lib on 64-bit POSIX systems other than macOS.
	if in.Is64 && in.Markers["sys_platform"] != "darwin" && !seen["dir:lib64"] && seen["dir:lib"] {
		es = append(es, Entry{Path: "lib64", Kind: Symlink, Target: "lib"})
	}

	files, err := activate.Scripts(activate.Options{EnvDir: s.Dir, Prompt: s.Prompt})
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		es = append(es, Entry{Path: path.Join(scripts, f.Name), Kind: File, Mode: f.Mode, Data: f.Data})
	}
	// pip's names get stand-ins (env/standin) until pip is installed: after
	// activation, `pip` would otherwise be another interpreter's pip.
	for _, n := range standin.NamesFor(in) {
		es = append(es, Entry{Path: path.Join(scripts, n), Kind: File, Mode: standin.Mode, Data: standin.Script()})
	}
	return es, nil
}

// WriteFS is what Apply writes through. OS is the real filesystem; tests
// pass an in-memory one (afero.Afero plus a Symlink method fits).
type WriteFS interface {
	MkdirAll(path string, perm fs.FileMode) error
	WriteFile(name string, data []byte, perm fs.FileMode) error
	Chmod(name string, mode fs.FileMode) error
	Symlink(oldname, newname string) error
}

type osFS struct{}

func (osFS) MkdirAll(p string, perm fs.FileMode) error { return os.MkdirAll(p, perm) }
func (osFS) WriteFile(n string, d []byte, perm fs.FileMode) error {
	return os.WriteFile(n, d, perm)
}
func (osFS) Chmod(n string, m fs.FileMode) error { return os.Chmod(n, m) }
func (osFS) Symlink(o, n string) error           { return os.Symlink(o, n) }

// OS writes to the real filesystem.
var OS WriteFS = osFS{}

// Apply writes the entries under root on fsys, one after the other in
// their order (a folder comes before what it holds). On the real
// filesystem each entry is one or two system calls relative to root's
// descriptor: a create is a few milliseconds, and goroutines, poller
// registration and repeated path walks would be a large part of it.
func Apply(fsys WriteFS, root string, es []Entry) error {
	if _, ok := fsys.(osFS); ok {
		return applyOS(root, es)
	}
	for _, e := range es {
		if err := applyOne(fsys, root, e); err != nil {
			return err
		}
	}
	return nil
}

func applyOS(root string, es []Entry) error {
	d, err := rawio.OpenDir(root)
	if err != nil {
		return err
	}
	defer d.Close()
	for _, e := range es {
		switch e.Kind {
		case Dir:
			err = d.Mkdir(e.Path, e.Mode)
		case File:
			err = d.WriteNew(e.Path, e.Data, e.Mode)
		case Symlink:
			err = d.Symlink(e.Target, e.Path)
		case CopyFile:
			var data []byte
			if data, err = bounded.ReadRegular(e.Target, bounded.Interpreter); err == nil {
				err = d.WriteNew(e.Path, data, e.Mode)
			}
		default:
			err = fmt.Errorf("%s: unknown entry kind %d", e.Path, e.Kind)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func applyOne(fsys WriteFS, root string, e Entry) error {
	p := filepath.Join(root, filepath.FromSlash(e.Path))
	switch e.Kind {
	case Dir:
		return fsys.MkdirAll(p, e.Mode)
	case File:
		if err := fsys.WriteFile(p, e.Data, e.Mode); err != nil {
			return err
		}
		// WriteFile's mode is filtered by the umask; scripts keep theirs.
		return fsys.Chmod(p, e.Mode)
	case Symlink:
		return fsys.Symlink(e.Target, p)
	case CopyFile:
		data, err := bounded.ReadRegular(e.Target, bounded.Interpreter)
		if err != nil {
			return err
		}
		if err := fsys.WriteFile(p, data, e.Mode); err != nil {
			return err
		}
		return fsys.Chmod(p, e.Mode)
	}
	return fmt.Errorf("%s: unknown entry kind %d", p, e.Kind)
}
