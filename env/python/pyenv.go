package python

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/fwenv/fwenv/env/rawio"
)

// Pyenv describes a pyenv installation and how it selects versions. All of
// it is read from files and the environment: no pyenv command is run.
type Pyenv struct {
	Root string // $PYENV_ROOT or ~/.pyenv
	// Version is $PYENV_VERSION; Dir is where .python-version files are
	// looked for (the current directory).
	Version string
	Dir     string
}

// NewPyenv reads PYENV_ROOT, PYENV_VERSION and HOME from getenv.
func NewPyenv(getenv func(string) string, cwd string) *Pyenv {
	root := getenv("PYENV_ROOT")
	if root == "" {
		if home := getenv("HOME"); home != "" {
			root = filepath.Join(home, ".pyenv")
		}
	}
	return &Pyenv{Root: root, Version: getenv("PYENV_VERSION"), Dir: cwd}
}

// ShimDir is the folder of pyenv's shims.
func (p *Pyenv) ShimDir() string {
	if p == nil || p.Root == "" {
		return ""
	}
	return filepath.Join(p.Root, "shims")
}

// IsShim reports whether path is one of pyenv's shims: a file in the shims
// folder, or any small script that execs pyenv.
func (p *Pyenv) IsShim(path string) bool {
	if p != nil && p.Root != "" && filepath.Dir(filepath.Clean(path)) == p.ShimDir() {
		return true
	}
	head, err := rawio.ReadHead(path, 1024)
	if err != nil {
		return false
	}
	return bytes.HasPrefix(head, []byte("#!")) && bytes.Contains(head, []byte("pyenv")) && bytes.Contains(head, []byte(" exec "))
}

// SelectedVersions lists the versions pyenv would use, in order, and where
// the choice came from.
func (p *Pyenv) SelectedVersions() ([]string, string) {
	if v := strings.TrimSpace(p.Version); v != "" {
		return strings.Split(v, ":"), "PYENV_VERSION"
	}
	for dir := p.Dir; dir != ""; {
		f := filepath.Join(dir, ".python-version")
		if vs := readVersionFile(f); vs != nil {
			return vs, f
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if p.Root != "" {
		f := filepath.Join(p.Root, "version")
		if vs := readVersionFile(f); vs != nil {
			return vs, f
		}
	}
	return []string{"system"}, "default"
}

func readVersionFile(path string) []string {
	data, err := rawio.ReadFile(path)
	if err != nil {
		return nil
	}
	var vs []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		for _, w := range strings.Fields(sc.Text()) {
			if strings.HasPrefix(w, "#") {
				break
			}
			vs = append(vs, w)
		}
	}
	if len(vs) == 0 {
		return nil
	}
	return vs
}

// ShimError says a shim cannot be resolved.
type ShimError struct {
	Shim, Command string
	Versions      []string
	Origin        string
}

func (e *ShimError) Error() string {
	return fmt.Sprintf("the pyenv shim %s runs %q from version %s (set by %s), which pyenv does not have installed", e.Shim, e.Command, strings.Join(e.Versions, ":"), e.Origin)
}

func (e *ShimError) Hint() string {
	return "pick an installed interpreter with -p (see `fwenv python list`), or fix the pyenv version (`pyenv versions`)"
}

// ResolveShim returns the executable a pyenv shim would run. pathDirs is the
// PATH used to find a "system" interpreter (the shims folder is skipped).
func (p *Pyenv) ResolveShim(shim string, pathDirs []string) (string, error) {
	cmd := filepath.Base(shim)
	versions, origin := p.SelectedVersions()
	for _, v := range versions {
		if v == "system" {
			for _, d := range pathDirs {
				if filepath.Clean(d) == p.ShimDir() {
					continue
				}
				c := filepath.Join(d, cmd)
				if isExecutable(c) && !p.IsShim(c) {
					return c, nil
				}
			}
			continue
		}
		dir := p.versionDir(v)
		if dir == "" {
			continue
		}
		c := filepath.Join(dir, "bin", cmd)
		if isExecutable(c) {
			return c, nil
		}
	}
	return "", &ShimError{Shim: shim, Command: cmd, Versions: versions, Origin: origin}
}

// versionDir finds the installation of a pyenv version name; a prefix such
// as "3.11" picks the newest installed 3.11.x, as recent pyenv does.
func (p *Pyenv) versionDir(v string) string {
	if p.Root == "" || strings.Contains(v, "/") || v == ".." || v == "." {
		return ""
	}
	dir := filepath.Join(p.Root, "versions", v)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return dir
	}
	var best string
	var bestKey []int
	for _, name := range p.Installed() {
		if !strings.HasPrefix(name, v+".") {
			continue
		}
		k := numericKey(name)
		if k == nil {
			continue
		}
		if best == "" || lessInts(bestKey, k) {
			best, bestKey = name, k
		}
	}
	if best == "" {
		return ""
	}
	return filepath.Join(p.Root, "versions", best)
}

// Installed lists the names under versions/, newest CPython first.
func (p *Pyenv) Installed() []string {
	if p == nil || p.Root == "" {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(p.Root, "versions"))
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() || e.Type()&os.ModeSymlink != 0 {
			names = append(names, e.Name())
		}
	}
	sort.SliceStable(names, func(i, j int) bool {
		a, b := numericKey(names[i]), numericKey(names[j])
		if a == nil || b == nil {
			return a != nil && b == nil
		}
		return lessInts(b, a)
	})
	return names
}

// numericKey parses "3.11.7" into [3 11 7]; nil when the name is not purely
// numeric (e.g. "pypy3.10-7.3.12", "3.13t").
func numericKey(s string) []int {
	var out []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

func lessInts(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}
