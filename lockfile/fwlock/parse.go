package fwlock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/lockfile/lock"
)

// Parse reads a lock file's content; name is the file's name for messages.
// It refuses, with a *lock.Error naming the file, the line when the YAML
// gives one and the package:
//
//   - a file that is not YAML, is empty, holds several documents, or does not
//     end with a newline (cut short) — "the lock file is damaged";
//   - a missing or unknown format version, and a newer one ("made by a newer
//     fwenv; upgrade fwenv");
//   - keys the format does not have, values of the wrong type, repeated keys;
//   - anything Marshal would refuse (see the package documentation).
//
// The result is in the file's canonical order: packages by normalised name
// then version, artifacts sdists first then wheels by file name,
// dependencies normalised and sorted.
func Parse(data []byte, name string) (*lock.Lock, error) {
	l, err := parse(data, name)
	if err != nil {
		return nil, withHint(err)
	}
	return toModel(l), nil
}

func parse(data []byte, name string) (*yamlLock, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &lock.Error{File: name, Msg: "the lock file is damaged: it is empty", Fix: damagedHint}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, yamlError(name, err, nil)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		e := &lock.Error{File: name, Msg: "the lock file is damaged: it holds more than one YAML document", Fix: damagedHint}
		if err != nil {
			e = yamlError(name, err, nil)
		} else {
			e.Line = extra.Line
		}
		return nil, e
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		line := 0
		if len(doc.Content) > 0 {
			line = doc.Content[0].Line
		}
		return nil, &lock.Error{File: name, Line: line, Msg: "the lock file is damaged: it is not a YAML mapping of keys (version, kind, target, packages, ...)", Fix: damagedHint}
	}
	pos := &positions{root: doc.Content[0]}

	// The version comes first: a newer format may have keys this fwenv does
	// not know, and "upgrade fwenv" is the useful message then.
	if err := checkVersionNode(name, pos); err != nil {
		return nil, err
	}

	var l yamlLock
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&l); err != nil {
		return nil, yamlError(name, err, pos)
	}
	if data[len(data)-1] != '\n' {
		return nil, &lock.Error{File: name, Line: bytes.Count(data, []byte("\n")) + 1,
			Msg: "the lock file is damaged: it does not end with a newline, so it was probably cut short",
			Fix: damagedHint}
	}
	if err := l.validate(name, pos); err != nil {
		return nil, err
	}
	l.normalize()
	return &l, nil
}

func checkVersionNode(name string, pos *positions) error {
	k, v := mapEntry(pos.root, "version")
	if k == nil {
		return &lock.Error{File: name, Msg: "the lock file has no format version (a \"version: 1\" line)",
			Fix: "this is not a file fwenv wrote, or it was cut short; " + regenerateHint}
	}
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || err != nil {
		return &lock.Error{File: name, Line: v.Line, Msg: fmt.Sprintf("the format version must be a whole number, found %q", v.Value), Fix: regenerateHint}
	}
	return versionError(name, v.Line, n)
}

func versionError(name string, line, n int) error {
	switch {
	case n > FormatVersion:
		return &lock.Error{File: name, Line: line,
			Msg: fmt.Sprintf("the lock file has format version %d: it was made by a newer fwenv (this fwenv reads version %d); upgrade fwenv", n, FormatVersion),
			Fix: fmt.Sprintf("upgrade fwenv to a release that reads lock format version %d, or regenerate the file with this fwenv", n)}
	case n < 1:
		return &lock.Error{File: name, Line: line,
			Msg: fmt.Sprintf("unknown lock format version %d (this fwenv reads version %d)", n, FormatVersion),
			Fix: regenerateHint}
	}
	return nil
}

var (
	lineRE     = lockio.LazyRegexp(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRE  = lockio.LazyRegexp(`^field (\S+) not found in type (\S+)$`)
	typeRE     = lockio.LazyRegexp("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (.+)$")
	alreadyRE  = lockio.LazyRegexp(`^mapping key (".*") already defined at line (\d+)$`)
	typeNames  = map[string]string{"fwlock.yamlLock": "at the top level", "fwlock.yamlTarget": "in target", "fwlock.yamlPackage": "in a package", "fwlock.yamlSource": "in a package's source", "fwlock.yamlArtifact": "in an artifact"}
	yamlKindOf = map[string]string{"str": "a string", "int": "a number", "float": "a number", "bool": "true or false", "seq": "a list", "map": "a mapping", "null": "nothing", "binary": "binary data", "timestamp": "a date"}
)

// yamlError turns an error of the YAML decoder into an *lock.Error a user can
// act on: the line, the package around it, and words instead of Go types.
func yamlError(name string, err error, pos *positions) *lock.Error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	e := &lock.Error{File: name, Fix: damagedHint, Err: err}
	msg := msgs[0]
	if m := lineRE().FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if pos != nil && e.Line > 0 {
		e.Package = pos.packageAtLine(e.Line)
	}
	switch m := (struct{ u, t, a []string }{unknownRE().FindStringSubmatch(msg), typeRE().FindStringSubmatch(msg), alreadyRE().FindStringSubmatch(msg)}); {
	case m.u != nil:
		where := typeNames[m.u[2]]
		if where == "" {
			where = "here"
		}
		e.Msg = fmt.Sprintf("unknown key %q %s (lock format version %d has no such key)", m.u[1], where, FormatVersion)
		e.Fix = "a newer fwenv writes a newer format version, so this key was most likely added by hand or by another tool; " + regenerateHint
	case m.t != nil:
		found := yamlKindOf[m.t[1]]
		if found == "" {
			found = m.t[1]
		}
		if m.t[2] != "" {
			found += fmt.Sprintf(" (%s)", m.t[2])
		}
		e.Msg = fmt.Sprintf("the lock file is damaged: expected %s, found %s", goTypeWords(m.t[3]), found)
	case m.a != nil:
		e.Msg = fmt.Sprintf("the lock file is damaged: key %s appears twice (first at line %s)", m.a[1], m.a[2])
	default:
		e.Msg = "the lock file is damaged: it is not valid YAML: " + msg
	}
	if len(msgs) > 1 {
		e.Msg += fmt.Sprintf(" (and %d more problems)", len(msgs)-1)
	}
	return e
}

func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping"
	case strings.HasPrefix(t, "fwlock."):
		return "a mapping"
	}
	return t
}

// positions finds line numbers in the parsed YAML tree. A nil *positions
// (Marshal's validation) knows no lines.
type positions struct{ root *yaml.Node }

func mapEntry(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// keyLine is the line of key inside mapping m, or m's own line when the
// key is absent.
func keyLine(m *yaml.Node, key string) int {
	if m == nil {
		return 0
	}
	if k, _ := mapEntry(m, key); k != nil {
		return k.Line
	}
	return m.Line
}

func (p *positions) top(key string) int {
	if p == nil {
		return 0
	}
	return keyLine(p.root, key)
}

func (p *positions) child(key string) *yaml.Node {
	if p == nil {
		return nil
	}
	_, v := mapEntry(p.root, key)
	return v
}

// item is the line of the i-th entry of the top-level list key (the key's
// line when there is no such entry).
func (p *positions) item(key string, i int) int {
	s := p.child(key)
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return p.top(key)
	}
	return s.Content[i].Line
}

func (p *positions) pkg(i int) *yaml.Node {
	s := p.child("packages")
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return nil
	}
	return s.Content[i]
}

func (p *positions) artifact(i, j int) *yaml.Node {
	_, s := mapEntry(p.pkg(i), "artifacts")
	if s == nil || s.Kind != yaml.SequenceNode || j >= len(s.Content) {
		return nil
	}
	return s.Content[j]
}

// packageAtLine names the package whose entry holds line, or "".
func (p *positions) packageAtLine(line int) string {
	s := p.child("packages")
	if s == nil || s.Kind != yaml.SequenceNode || line < s.Line {
		return ""
	}
	name := ""
	for _, n := range s.Content {
		if n.Line > line {
			break
		}
		name = ""
		if _, v := mapEntry(n, "name"); v != nil && v.Kind == yaml.ScalarNode {
			name = v.Value
		}
	}
	// Past the last package, a line belongs to the next top-level key.
	for i := 0; i+1 < len(p.root.Content); i += 2 {
		if k := p.root.Content[i]; k.Line > s.Line && k.Line <= line {
			return ""
		}
	}
	return name
}
