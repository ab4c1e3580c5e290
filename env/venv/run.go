package venv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Environ returns base (KEY=VALUE pairs) with the environment active:
// VIRTUAL_ENV and VIRTUAL_ENV_PROMPT set, its bin folder first on PATH and
// PYTHONHOME removed — what the activation scripts do, without a shell.
func (e *Env) Environ(base []string) []string {
	out := make([]string, 0, len(base)+3)
	path := ""
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH":
			path = v
			continue
		case "VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "PYTHONHOME":
			continue
		}
		out = append(out, kv)
	}
	newPath := e.BinDir()
	if path != "" {
		newPath += string(os.PathListSeparator) + path
	}
	return append(out, "PATH="+newPath, "VIRTUAL_ENV="+e.Dir, "VIRTUAL_ENV_PROMPT="+e.Prompt())
}

// CommandNotFoundError says a command is not in the environment or on PATH.
type CommandNotFoundError struct{ Name, Path string }

func (e *CommandNotFoundError) Error() string {
	return fmt.Sprintf("command %q not found in the environment's bin folder or on PATH", e.Name)
}

func (e *CommandNotFoundError) Hint() string {
	return "install the package that provides it, or check the spelling; PATH was " + e.Path
}

// LookPath finds name the way a shell would with the environment active.
func LookPath(name string, environ []string) (string, error) {
	if strings.Contains(name, "/") {
		if st, err := os.Stat(name); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return name, nil
		}
		return "", &CommandNotFoundError{Name: name}
	}
	path := ""
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, d := range filepath.SplitList(path) {
		if d == "" {
			d = "."
		}
		c := filepath.Join(d, name)
		if st, err := os.Stat(c); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return c, nil
		}
	}
	return "", &CommandNotFoundError{Name: name, Path: path}
}
