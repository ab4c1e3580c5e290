package pylock

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fwenv/fwenv/lockfile/lock"
	toml "github.com/pelletier/go-toml/v2"
)

// Marshal writes l as a PEP 751 pylock.toml (see the package
// documentation for how fwenv's own fields are written). It works on a
// normalised copy (l is not changed), writes lock-version "1.0", and
// validates the copy first, so it never writes a lock Parse would refuse.
// The same data always gives the same bytes: packages sorted by name then
// version (then marker), wheels by file name, hashes and tool tables by
// key. The layout follows what uv writes: top-level keys, one [[packages]]
// table per package with sdist, wheels and the other sources as inline
// tables, and [tool] last. Errors are *lock.Error values.
func Marshal(l *lock.Lock) ([]byte, error) {
	b, err := marshal(fromModel(l))
	return b, withHint(err)
}

func marshal(c *pyLock) ([]byte, error) {
	c.LockVersion = LockVersion
	c.normalizeFields()
	if err := c.validate("", nil); err != nil {
		return nil, err
	}
	c.sortPackages()
	var b strings.Builder
	kv(&b, "lock-version", quote(c.LockVersion))
	if len(c.Environments) > 0 {
		kv(&b, "environments", stringArray(c.Environments, true))
	}
	if c.RequiresPython != "" {
		kv(&b, "requires-python", quote(c.RequiresPython))
	}
	if len(c.Extras) > 0 {
		kv(&b, "extras", stringArray(c.Extras, false))
	}
	if len(c.DependencyGroups) > 0 {
		kv(&b, "dependency-groups", stringArray(c.DependencyGroups, false))
	}
	if len(c.DefaultGroups) > 0 {
		kv(&b, "default-groups", stringArray(c.DefaultGroups, false))
	}
	kv(&b, "created-by", quote(c.CreatedBy))
	for i := range c.Packages {
		b.WriteString("\n[[packages]]\n")
		if err := writePackage(&b, &c.Packages[i]); err != nil {
			return nil, &lock.Error{Package: c.Packages[i].Name, Msg: "cannot encode the tool table: " + err.Error(), Err: err}
		}
	}
	if len(c.Tool) > 0 {
		out, err := toml.Marshal(map[string]any{"tool": c.Tool})
		if err != nil {
			return nil, &lock.Error{Msg: "cannot encode the tool table: " + err.Error(), Err: err}
		}
		b.WriteString("\n")
		b.Write(out)
	}
	return []byte(b.String()), nil
}

func kv(b *strings.Builder, key, value string) {
	b.WriteString(key)
	b.WriteString(" = ")
	b.WriteString(value)
	b.WriteByte('\n')
}

// writePackage writes the keys of one [[packages]] table, in PEP 751's order.
func writePackage(b *strings.Builder, p *pyPackage) error {
	kv(b, "name", quote(p.Name))
	if p.Version != "" {
		kv(b, "version", quote(p.Version))
	}
	if p.Marker != "" {
		kv(b, "marker", quote(p.Marker))
	}
	if p.RequiresPython != "" {
		kv(b, "requires-python", quote(p.RequiresPython))
	}
	if len(p.Dependencies) > 0 {
		v, err := inlineArray(p.Dependencies)
		if err != nil {
			return err
		}
		kv(b, "dependencies", v)
	}
	if p.Index != "" {
		kv(b, "index", quote(p.Index))
	}
	if v := p.VCS; v != nil {
		var t table
		t.add("type", quote(v.Type))
		t.str("url", v.URL)
		t.str("path", v.Path)
		t.str("requested-revision", v.RequestedRevision)
		t.add("commit-id", quote(v.CommitID))
		t.str("subdirectory", v.Subdirectory)
		kv(b, "vcs", t.String())
	}
	if d := p.Directory; d != nil {
		var t table
		t.add("path", quote(d.Path))
		if d.Editable {
			t.add("editable", "true")
		}
		t.str("subdirectory", d.Subdirectory)
		kv(b, "directory", t.String())
	}
	if a := p.Archive; a != nil {
		var t table
		t.str("url", a.URL)
		t.str("path", a.Path)
		if a.Size > 0 {
			t.add("size", strconv.FormatInt(a.Size, 10))
		}
		if a.UploadTime != nil {
			t.add("upload-time", formatTime(*a.UploadTime))
		}
		t.add("hashes", hashTable(a.Hashes))
		t.str("subdirectory", a.Subdirectory)
		kv(b, "archive", t.String())
	}
	if p.Sdist != nil {
		kv(b, "sdist", fileTable(*p.Sdist))
	}
	if len(p.Wheels) > 0 {
		b.WriteString("wheels = [\n")
		for _, w := range p.Wheels {
			b.WriteString("  ")
			b.WriteString(fileTable(w))
			b.WriteString(",\n")
		}
		b.WriteString("]\n")
	}
	if len(p.AttestationIdentities) > 0 {
		v, err := inlineArray(p.AttestationIdentities)
		if err != nil {
			return err
		}
		kv(b, "attestation-identities", v)
	}
	if len(p.Tool) > 0 {
		v, err := inlineValue(p.Tool)
		if err != nil {
			return err
		}
		kv(b, "tool", v)
	}
	return nil
}

// table builds an inline table.
type table struct{ parts []string }

func (t *table) add(key, value string) { t.parts = append(t.parts, key+" = "+value) }

func (t *table) str(key, value string) {
	if value != "" {
		t.add(key, quote(value))
	}
}

func (t *table) String() string {
	if len(t.parts) == 0 {
		return "{}"
	}
	return "{ " + strings.Join(t.parts, ", ") + " }"
}

func fileTable(f pyFile) string {
	var t table
	t.str("name", f.Name)
	t.str("url", f.URL)
	t.str("path", f.Path)
	if f.UploadTime != nil {
		t.add("upload-time", formatTime(*f.UploadTime))
	}
	if f.Size > 0 {
		t.add("size", strconv.FormatInt(f.Size, 10))
	}
	t.add("hashes", hashTable(f.Hashes))
	return t.String()
}

func hashTable(h map[string]string) string {
	var t table
	for _, k := range sortedKeys(h) {
		t.add(bareOrQuoted(k), quote(h[k]))
	}
	return t.String()
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func bareOrQuoted(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return quote(k)
		}
	}
	return k
}

func stringArray(s []string, multiline bool) string {
	if !multiline || len(s) < 2 {
		q := make([]string, len(s))
		for i, x := range s {
			q[i] = quote(x)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	var b strings.Builder
	b.WriteString("[\n")
	for _, x := range s {
		b.WriteString("  ")
		b.WriteString(quote(x))
		b.WriteString(",\n")
	}
	b.WriteString("]")
	return b.String()
}

// quote writes s as a TOML basic string. Bytes that are not UTF-8 become
// U+FFFD.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, string(utf8.RuneError)) {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// inlineValue encodes a tool or dependency value as one inline TOML value,
// through the TOML library (which sorts map keys).
func inlineValue(v any) (string, error) {
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.SetTablesInline(true)
	if err := enc.Encode(map[string]any{"v": v}); err != nil {
		return "", err
	}
	s := strings.TrimSpace(buf.String())
	rest, ok := strings.CutPrefix(s, "v = ")
	if !ok || strings.Contains(rest, "\n") {
		return "", fmt.Errorf("value has no single-line TOML form")
	}
	return rest, nil
}

func inlineArray(ms []map[string]any) (string, error) {
	parts := make([]string, len(ms))
	for i, m := range ms {
		s, err := inlineValue(m)
		if err != nil {
			return "", err
		}
		parts[i] = s
	}
	return "[" + strings.Join(parts, ", ") + "]", nil
}
