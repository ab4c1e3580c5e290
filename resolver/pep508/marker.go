package pep508

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
)

// Marker is a parsed environment marker such as
// `python_version >= "3.8" and sys_platform != "win32"`. The zero Marker is
// "no marker": it evaluates to true and prints as "".
type Marker struct {
	expr Expr
}

// Expr is a node of a marker tree: *Compare, *BoolOp or *Group.
type Expr interface {
	fmt.Stringer
	eval(env Environment) (bool, error)
}

// Operand is one side of a comparison: an environment variable or a quoted
// string.
type Operand struct {
	Variable string // canonical variable name, or "" for a literal
	Value    string // the literal (when Variable is "")
}

// Compare is `left op right`. Op is one of ===, ==, !=, <=, >=, <, >, ~=,
// "in", "not in".
type Compare struct {
	Left, Right Operand
	Op          string

	// spec is Op+Right.Value parsed once, when Right is a literal.
	spec    pep440.Specifier
	specOK  bool // spec holds Op+Right.Value
	specBad bool // Op+Right.Value is not a specifier
}

// BoolOp is a chain of the same boolean operator ("and" or "or"); "and"
// binds tighter than "or".
type BoolOp struct {
	Op    string
	Items []Expr
}

// Group is a parenthesised expression, kept so that String preserves the
// author's grouping.
type Group struct {
	Inner Expr
}

// Variables lists the marker variables of PEP 508.
var Variables = []string{
	"implementation_name", "implementation_version", "os_name", "platform_machine",
	"platform_python_implementation", "platform_release", "platform_system",
	"platform_version", "python_full_version", "python_version", "sys_platform", "extra",
}

// legacy spellings accepted by packaging (PEP 345 and setuptools).
var aliases = map[string]string{
	"os.name":                        "os_name",
	"sys.platform":                   "sys_platform",
	"platform.version":               "platform_version",
	"platform.machine":               "platform_machine",
	"platform.python_implementation": "platform_python_implementation",
	"python_implementation":          "platform_python_implementation",
}

func canonicalVariable(name string) (string, bool) {
	if a, ok := aliases[name]; ok {
		return a, true
	}
	for _, v := range Variables {
		if v == name {
			return v, true
		}
	}
	return "", false
}

// ParseMarker parses a marker expression.
func ParseMarker(s string) (Marker, error) {
	p := &mparser{full: s, end: len(s), kind: "marker"}
	e, err := p.parseMarker(0)
	if err != nil {
		return Marker{}, err
	}
	return Marker{expr: e}, nil
}

// IsZero reports whether m is the empty marker.
func (m Marker) IsZero() bool { return m.expr == nil }

// Expr returns the root of the marker tree (nil for the empty marker).
func (m Marker) Expr() Expr { return m.expr }

// String returns the canonical form: variables by their PEP 508 names,
// values in double quotes (single quotes when the value holds a double
// quote), single spaces, and the author's parentheses except redundant ones.
func (m Marker) String() string {
	if m.expr == nil {
		return ""
	}
	return formatTop(m.expr)
}

// Evaluate evaluates the marker against env. A variable missing from env is
// an error, except "extra", which defaults to "". Comparisons follow PEP
// 508: PEP 440 rules when the right side is a valid specifier operand and
// the left side a valid version (pre-releases included); otherwise Python
// string comparison for <, <=, ==, !=, >=, >, "in" and "not in". When the
// right side is a version and the left side is not, "===" compares the
// strings case-insensitively and "~=" is false; "~=" and "===" against a
// right side that is not a version are errors (*UndefinedError). Ordered
// comparisons of values that are not versions ('b' > 'a') are Python's
// string comparison, as PEP 508 says (current packaging answers false).
func (m Marker) Evaluate(env Environment) (bool, error) {
	if m.expr == nil {
		return true, nil
	}
	return m.expr.eval(env)
}

// EvaluateExtras decides whether a dependency with this marker applies when
// the depending project is installed with the given extras, as pip does:
// with no extras the marker is evaluated with extra = ""; otherwise it
// applies if it is true for one of the extras (so a marker without "extra"
// depends only on the rest of env). The "extra" key of env is ignored.
func (m Marker) EvaluateExtras(env Environment, extras []string) (bool, error) {
	if m.expr == nil {
		return true, nil
	}
	if len(extras) == 0 {
		return m.expr.eval(env.With("extra", ""))
	}
	e := env.With("extra", "")
	for _, x := range extras {
		e["extra"] = x
		ok, err := m.expr.eval(e)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func formatTop(e Expr) string {
	for {
		g, ok := e.(*Group)
		if !ok {
			break
		}
		e = g.Inner
	}
	return e.String()
}

func (o Operand) String() string {
	if o.Variable != "" {
		return o.Variable
	}
	if strings.Contains(o.Value, `"`) {
		return "'" + o.Value + "'"
	}
	return `"` + o.Value + `"`
}

func (c *Compare) String() string { return c.Left.String() + " " + c.Op + " " + c.Right.String() }

func (b *BoolOp) String() string {
	parts := make([]string, len(b.Items))
	for i, it := range b.Items {
		parts[i] = it.String()
	}
	return strings.Join(parts, " "+b.Op+" ")
}

func (g *Group) String() string {
	inner := g.Inner
	for {
		h, ok := inner.(*Group)
		if !ok {
			break
		}
		inner = h.Inner
	}
	if _, ok := inner.(*Compare); ok {
		return inner.String()
	}
	return "(" + inner.String() + ")"
}

// ---- evaluation ----

func (g *Group) eval(env Environment) (bool, error) { return g.Inner.eval(env) }

func (b *BoolOp) eval(env Environment) (bool, error) {
	// Every item is evaluated, as packaging does, so an error anywhere is
	// reported whatever the other items say.
	result := b.Op == "and"
	for _, it := range b.Items {
		v, err := it.eval(env)
		if err != nil {
			return false, err
		}
		if b.Op == "and" {
			result = result && v
		} else {
			result = result || v
		}
	}
	return result, nil
}

// UndefinedError reports a variable missing from the environment or a
// comparison PEP 508 does not define.
type UndefinedError struct {
	Msg string
}

func (e *UndefinedError) Error() string { return e.Msg }

func lookup(env Environment, name string) (string, error) {
	v, ok := env[name]
	if !ok {
		if name == "extra" {
			return "", nil
		}
		return "", &UndefinedError{Msg: fmt.Sprintf("marker variable %q is not set in the environment", name)}
	}
	return v, nil
}

func (c *Compare) eval(env Environment) (bool, error) {
	lhs, rhs := c.Left.Value, c.Right.Value
	var err error
	if c.Left.Variable != "" {
		if lhs, err = lookup(env, c.Left.Variable); err != nil {
			return false, err
		}
	}
	if c.Right.Variable != "" {
		if rhs, err = lookup(env, c.Right.Variable); err != nil {
			return false, err
		}
	}
	if c.Left.Variable == "extra" || c.Right.Variable == "extra" {
		return compareValues(wheelname.Normalize(lhs), c.Op, wheelname.Normalize(rhs), nil)
	}
	switch {
	case c.specOK:
		return compareValues(lhs, c.Op, rhs, &c.spec)
	case c.specBad:
		return compareStrings(lhs, c.Op, rhs)
	}
	return compareValues(lhs, c.Op, rhs, nil)
}

// prepare parses the specifier of a comparison with a literal right side
// once, at parse time.
func (c *Compare) prepare() {
	if c.Right.Variable != "" || c.Left.Variable == "extra" || c.Op == "in" || c.Op == "not in" {
		return
	}
	if sp, err := pep440.ParseSpecifier(c.Op + c.Right.Value); err == nil {
		c.spec, c.specOK = sp, true
	} else {
		c.specBad = true
	}
}

// compareValues applies op; spec, when not nil, is op+rhs already parsed.
func compareValues(lhs, op, rhs string, spec *pep440.Specifier) (bool, error) {
	switch op {
	case "in":
		return strings.Contains(rhs, lhs), nil
	case "not in":
		return !strings.Contains(rhs, lhs), nil
	}
	if op == "===" {
		// === accepts any operand as a specifier, but a marker value that
		// is not a version has no arbitrary equality: PEP 508 defines ===
		// through PEP 440 only (current packaging raises
		// UndefinedComparison for os_name === 'posix'; 21.3 said true).
		if _, err := pep440.Parse(rhs); err != nil {
			return false, &UndefinedError{Msg: fmt.Sprintf("undefined comparison %q === %q: %q is not a PEP 440 version", lhs, rhs, rhs)}
		}
	}
	if spec == nil {
		if sp, err := pep440.ParseSpecifier(op + rhs); err == nil {
			spec = &sp
		}
	}
	if spec != nil {
		if v, err := pep440.Parse(lhs); err == nil {
			return spec.ContainsPre(v, pep440.PreInclude), nil
		}
		switch op {
		case "===":
			return strings.EqualFold(lhs, spec.String()[3:]), nil
		case "~=":
			// Compatible release of something that is not a version: false,
			// as packaging answers.
			return false, nil
		}
	}
	return compareStrings(lhs, op, rhs)
}

// compareStrings is PEP 508's fallback to Python string comparison.
func compareStrings(lhs, op, rhs string) (bool, error) {
	switch op {
	case "in":
		return strings.Contains(rhs, lhs), nil
	case "not in":
		return !strings.Contains(rhs, lhs), nil
	case "==":
		return lhs == rhs, nil
	case "!=":
		return lhs != rhs, nil
	case "<":
		return lhs < rhs, nil
	case "<=":
		return lhs <= rhs, nil
	case ">":
		return lhs > rhs, nil
	case ">=":
		return lhs >= rhs, nil
	}
	return false, &UndefinedError{Msg: fmt.Sprintf("undefined comparison %q %s %q: %s needs PEP 440 versions", lhs, op, rhs, op)}
}

// ---- parsing ----

type mparser struct {
	full string // the whole input (a requirement or a marker)
	end  int    // the marker ends here
	kind string
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *mparser) ws(i int) int {
	for i < p.end && isWS(p.full[i]) {
		i++
	}
	return i
}

func (p *mparser) errAt(i int, format string, args ...any) error {
	return pep440.NewParseError(p.kind, p.full, i, format, args...)
}

func (p *mparser) got(i int) string {
	if i >= p.end {
		return "the end of the input"
	}
	r := p.full[i:p.end]
	if len(r) > 10 {
		r = r[:10]
	}
	return fmt.Sprintf("%q", r)
}

// parseMarker parses a whole marker from i to p.end.
func (p *mparser) parseMarker(i int) (Expr, error) {
	e, j, err := p.parseOr(i, 0)
	if err != nil {
		return nil, err
	}
	j = p.ws(j)
	if j < p.end {
		return nil, p.errAt(j, `expected "and", "or" or the end of the marker, got %s`, p.got(j))
	}
	return e, nil
}

const maxDepth = 200

func (p *mparser) parseOr(i, depth int) (Expr, int, error) {
	first, j, err := p.parseAnd(i, depth)
	if err != nil {
		return nil, j, err
	}
	items := []Expr{first}
	for {
		k := p.ws(j)
		if !p.keyword(k, "or") {
			break
		}
		var e Expr
		e, j, err = p.parseAnd(k+2, depth)
		if err != nil {
			return nil, j, err
		}
		items = append(items, e)
	}
	if len(items) == 1 {
		return first, j, nil
	}
	return &BoolOp{Op: "or", Items: items}, j, nil
}

func (p *mparser) parseAnd(i, depth int) (Expr, int, error) {
	first, j, err := p.parseAtom(i, depth)
	if err != nil {
		return nil, j, err
	}
	items := []Expr{first}
	for {
		k := p.ws(j)
		if !p.keyword(k, "and") {
			break
		}
		var e Expr
		e, j, err = p.parseAtom(k+3, depth)
		if err != nil {
			return nil, j, err
		}
		items = append(items, e)
	}
	if len(items) == 1 {
		return first, j, nil
	}
	return &BoolOp{Op: "and", Items: items}, j, nil
}

// keyword reports whether the word w stands at i, not followed by a name
// character.
func (p *mparser) keyword(i int, w string) bool {
	if !strings.HasPrefix(p.full[i:p.end], w) {
		return false
	}
	k := i + len(w)
	return k >= p.end || !isVarChar(p.full[k])
}

func isVarChar(c byte) bool { return isAlnum(c) || c == '_' || c == '.' }

func (p *mparser) parseAtom(i, depth int) (Expr, int, error) {
	i = p.ws(i)
	if i < p.end && p.full[i] == '(' {
		if depth >= maxDepth {
			return nil, i, p.errAt(i, "parentheses nested too deeply")
		}
		e, j, err := p.parseOr(i+1, depth+1)
		if err != nil {
			return nil, j, err
		}
		j = p.ws(j)
		if j >= p.end || p.full[j] != ')' {
			return nil, j, p.errAt(j, `expected ")" to close "(" (opened at column %d), got %s`, colOf(p.full, i), p.got(j))
		}
		return &Group{Inner: e}, j + 1, nil
	}
	left, j, err := p.parseOperand(i)
	if err != nil {
		return nil, j, err
	}
	j = p.ws(j)
	op, k := p.parseOp(j)
	if op == "" {
		return nil, j, p.errAt(j, "expected a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in) after %s, got %s", left, p.got(j))
	}
	right, k, err := p.parseOperand(p.ws(k))
	if err != nil {
		if pe, ok := err.(*pep440.ParseError); ok && pe.Offset >= p.end {
			return nil, k, p.errAt(pe.Offset, "expected a value after %q", op)
		}
		return nil, k, err
	}
	c := &Compare{Left: left, Op: op, Right: right}
	c.prepare()
	return c, k, nil
}

func colOf(s string, off int) int {
	return (&pep440.ParseError{Input: s, Offset: off}).Column()
}

func (p *mparser) parseOperand(i int) (Operand, int, error) {
	if i >= p.end {
		return Operand{}, i, p.errAt(i, "expected a marker variable or a quoted string, got the end of the input")
	}
	c := p.full[i]
	if c == '\'' || c == '"' {
		j := i + 1
		for j < p.end && p.full[j] != c && p.full[j] != '\n' && p.full[j] != '\r' {
			j++
		}
		if j >= p.end || p.full[j] != c {
			return Operand{}, j, p.errAt(i, "unterminated string starting with %s", string(c))
		}
		return Operand{Value: p.full[i+1 : j]}, j + 1, nil
	}
	j := i
	for j < p.end && isVarChar(p.full[j]) {
		j++
	}
	if j == i {
		return Operand{}, i, p.errAt(i, "expected a marker variable or a quoted string, got %s", p.got(i))
	}
	name, ok := canonicalVariable(p.full[i:j])
	if !ok {
		return Operand{}, i, p.errAt(i, "unknown marker variable %q (expected one of %s, or a quoted string)", p.full[i:j], strings.Join(Variables, ", "))
	}
	return Operand{Variable: name}, j, nil
}

var markerOps = []string{"===", "==", ">=", "<=", "!=", "~=", ">", "<"}

func (p *mparser) parseOp(i int) (string, int) {
	rest := p.full[i:p.end]
	for _, op := range markerOps {
		if strings.HasPrefix(rest, op) {
			return op, i + len(op)
		}
	}
	if p.keyword(i, "in") {
		return "in", i + 2
	}
	if p.keyword(i, "not") {
		k := i + 3
		if k < p.end && isWS(p.full[k]) {
			k = p.ws(k)
			if p.keyword(k, "in") {
				return "not in", k + 2
			}
		}
	}
	return "", i
}
