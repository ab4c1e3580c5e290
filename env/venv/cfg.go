package venv

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/bounded"
)

// CfgName is the marker file of a virtual environment.
const CfgName = "pyvenv.cfg"

// Cfg is the parsed pyvenv.cfg: keys in file order with their values.
type Cfg struct {
	Keys   []string
	Values map[string]string
}

// Get returns a key's value.
func (c *Cfg) Get(key string) string { return c.Values[strings.ToLower(key)] }

// Set adds or replaces a key.
func (c *Cfg) Set(key, value string) {
	key = strings.ToLower(key)
	if c.Values == nil {
		c.Values = map[string]string{}
	}
	if _, ok := c.Values[key]; !ok {
		c.Keys = append(c.Keys, key)
	}
	c.Values[key] = value
}

// Bytes renders the file as "key = value" lines.
func (c *Cfg) Bytes() []byte {
	var b bytes.Buffer
	for _, k := range c.Keys {
		fmt.Fprintf(&b, "%s = %s\n", k, c.Values[k])
	}
	return b.Bytes()
}

// ParseCfg reads pyvenv.cfg the way CPython's site module does: "key = value"
// lines, keys lower-cased, other lines ignored.
func ParseCfg(data []byte) *Cfg {
	c := &Cfg{Values: map[string]string{}}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		k, v, ok := strings.Cut(string(bytes.TrimSuffix(line, []byte("\r"))), "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" {
			continue
		}
		c.Set(k, strings.TrimSpace(v))
	}
	return c
}

// Env is an existing virtual environment.
type Env struct {
	Dir string
	Cfg *Cfg
}

// NotEnvError says a folder is not a virtual environment.
type NotEnvError struct{ Dir, Why string }

func (e *NotEnvError) Error() string {
	return fmt.Sprintf("%s is not a virtual environment: %s", e.Dir, e.Why)
}

func (e *NotEnvError) Hint() string {
	return "create one with `fwenv create " + e.Dir + "`"
}

// Open reads the environment at dir.
func Open(dir string) (*Env, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// pyvenv.cfg is capped and must be a regular file: a FIFO or a link to
	// /dev/zero under its name is refused before reading.
	data, err := bounded.ReadRegular(filepath.Join(abs, CfgName), bounded.Metadata)
	if err != nil {
		var tl *bounded.TooLargeError
		var nr *bounded.NotRegularError
		switch {
		case errors.As(err, &tl):
			return nil, &NotEnvError{Dir: dir, Why: fmt.Sprintf("its %s is larger than %s, the most fwenv reads of such a file", CfgName, bounded.Size(tl.Limit))}
		case errors.As(err, &nr):
			return nil, &NotEnvError{Dir: dir, Why: fmt.Sprintf("its %s is %s, not a regular file", CfgName, nr.Kind)}
		}
		why := "it has no " + CfgName
		if st, serr := os.Stat(abs); serr != nil {
			why = "it does not exist"
		} else if !st.IsDir() {
			why = "it is a file"
		}
		return nil, &NotEnvError{Dir: dir, Why: why}
	}
	return &Env{Dir: abs, Cfg: ParseCfg(data)}, nil
}

// BinDir is the folder of the environment's scripts.
func (e *Env) BinDir() string { return filepath.Join(e.Dir, "bin") }

// Python is the environment's interpreter.
func (e *Env) Python() string { return filepath.Join(e.Dir, "bin", "python") }

// Prompt is the prompt name recorded in pyvenv.cfg, or the folder's name.
func (e *Env) Prompt() string {
	if p := strings.Trim(e.Cfg.Get("prompt"), `'"`); p != "" {
		return p
	}
	return filepath.Base(e.Dir)
}
