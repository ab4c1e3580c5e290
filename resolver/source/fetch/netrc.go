package fetch

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/fwenv/fwenv/archive/bounded"
)

// NetrcError is a netrc file that exists but cannot be read.
type NetrcError struct {
	Path string
	Err  error
}

func (e *NetrcError) Error() string {
	return fmt.Sprintf("netrc file %s: %v", e.Path, fileProblem(e.Err, "a netrc file"))
}
func (e *NetrcError) Unwrap() error { return e.Err }
func (e *NetrcError) Hint() string {
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	if errors.As(e.Err, &tl) || errors.As(e.Err, &nr) {
		return "a netrc is a short text file (machine HOST login USER password PASSWORD); point NETRC at yours (a pipe such as NETRC=<(...) is read too), or replace this one"
	}
	return "make the file readable, or point NETRC at another one"
}

// fileProblem is why a file fwenv reads could not be read, without the
// path bounded's and os's errors start with (the caller's error names the
// file); kind names such files ("a netrc file") in a size error.
func fileProblem(err error, kind string) error {
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	var pe *fs.PathError
	switch {
	case errors.As(err, &tl):
		return &problem{fmt.Sprintf("larger than %s, the most fwenv reads of %s", bounded.Size(tl.Limit), kind), err}
	case errors.As(err, &nr):
		return &problem{"is " + nr.Kind + ", not a file", err}
	case errors.As(err, &pe):
		return &problem{pe.Err.Error(), err}
	}
	return err
}

type problem struct {
	msg string
	err error
}

func (p *problem) Error() string { return p.msg }
func (p *problem) Unwrap() error { return p.err }

// netrcPath is the netrc to read; named says the user named it
// (Options.NetrcPath, $NETRC) rather than fwenv finding it at its default
// place.
func (c *Client) netrcPath() (path string, named bool) {
	if c.o.NetrcPath != "" {
		return c.o.NetrcPath, true
	}
	if p := c.o.Getenv("NETRC"); p != "" {
		return p, true
	}
	if h := c.o.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".netrc"), false
	}
	return "", false
}

func (c *Client) loadNetrc() error {
	p, named := c.netrcPath()
	if p == "" {
		return nil
	}
	// At most bounded.Settings bytes. A netrc the user named may be a pipe
	// (NETRC=<(secret-manager ...)): it is read to its end, up to the cap.
	// The default ~/.netrc must be a regular file: a FIFO or a link to a
	// device is refused before it is read.
	read := bounded.ReadRegular
	if named {
		read = bounded.ReadNamed
	}
	data, err := read(p, bounded.Settings)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &NetrcError{Path: p, Err: err}
	}
	c.netrc = parseNetrc(string(data))
	return nil
}

// parseNetrc reads the machine entries of a netrc file: host -> login and
// password. The "default" entry is ignored on purpose: it would send a
// password to every host, including those a redirect leads to. macdef
// bodies are skipped; "#" starts a comment at the start of a token.
func parseNetrc(s string) map[string]cred {
	out := map[string]cred{}
	var toks []string
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		fields := strings.Fields(lines[i])
		for j := 0; j < len(fields); j++ {
			f := fields[j]
			if strings.HasPrefix(f, "#") {
				break
			}
			toks = append(toks, f)
			if f == "macdef" {
				// The macro's name is on this line; its body runs to the
				// next empty line.
				if j+1 < len(fields) {
					toks = append(toks, fields[j+1])
				}
				for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
					i++
				}
				break
			}
		}
	}
	var host string
	var cur cred
	inDefault := false
	flush := func() {
		if host != "" && !inDefault {
			if _, seen := out[host]; !seen { // the first entry for a host wins
				out[host] = cur
			}
		}
		host, cur, inDefault = "", cred{}, false
	}
	for i := 0; i < len(toks); i++ {
		next := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i]
			}
			return ""
		}
		switch toks[i] {
		case "machine":
			flush()
			host = strings.ToLower(next())
		case "default":
			flush()
			inDefault = true
		case "login":
			cur.user = next()
		case "password":
			cur.pass = next()
		case "account":
			next()
		case "macdef":
			flush()
			next()
		}
	}
	flush()
	return out
}
