package pep440

import (
	"strings"
)

// Version is a parsed PEP 440 version. The zero Version is not a valid
// version; it sorts before every parsed one.
//
// Versions are immutable values. Each carries a precomputed comparison key,
// so Compare is a single string comparison and never allocates.
type Version struct {
	str     string // normalised form
	key     string // order-preserving encoding of packaging's _cmpkey
	pubLen  int    // key[:pubLen] is the key without the local segment
	baseLen int    // key[:baseLen] is the key of epoch+release
	epoch   string // canonical decimal
	release []string
	preL    string // "", "a", "b", "rc"
	preN    string
	hasPost bool
	postN   string
	hasDev  bool
	devN    string
	local   string // normalised local label without '+', "" when absent
}

// Parse parses a version string the way packaging.version.Version does:
// surrounding whitespace is ignored, letters are case-insensitive, and the
// alternative spellings of PEP 440 ("v1.0", "1.0-1", "1.0alpha1",
// "1.0.post", "1.0_dev2") are accepted and normalised.
func Parse(s string) (Version, error) {
	p := vparser{in: s, kind: "version"}
	i := skipSpace(s, 0)
	v, end, err := p.parse(i, parseOpts{local: true})
	if err != nil {
		return Version{}, err
	}
	j := skipSpace(s, end)
	if j != len(s) {
		return Version{}, p.unexpected(end, "the end of the version")
	}
	return v, nil
}

// MustParse is Parse for constants in code and tests; it panics on error.
func MustParse(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// String returns the normalised form, e.g. "1.0a1.post2.dev3+ubuntu.1".
// The release keeps the components as written ("1.0.0" stays "1.0.0").
func (v Version) String() string { return v.str }

// IsZero reports whether v is the zero Version (not the result of a parse).
func (v Version) IsZero() bool { return v.key == "" }

// Compare returns -1, 0 or +1 as v sorts before, equal to or after w, in the
// order of PEP 440 (and packaging.version.Version). "1.0" and "1.0.0" are
// equal. It does not allocate.
func (v Version) Compare(w Version) int { return strings.Compare(v.key, w.key) }

// Equal reports whether v and w are the same version under PEP 440
// (1.0 == 1.0.0; local labels are significant).
func (v Version) Equal(w Version) bool { return v.key == w.key }

// Less reports whether v sorts before w.
func (v Version) Less(w Version) bool { return v.key < w.key }

// IsPrerelease reports whether v is a pre-release or a development release.
func (v Version) IsPrerelease() bool { return v.preL != "" || v.hasDev }

// IsPostrelease reports whether v has a post-release segment.
func (v Version) IsPostrelease() bool { return v.hasPost }

// IsDevrelease reports whether v has a development-release segment.
func (v Version) IsDevrelease() bool { return v.hasDev }

// HasLocal reports whether v has a local version label.
func (v Version) HasLocal() bool { return v.local != "" }

// Local returns the normalised local label without the '+', or "".
func (v Version) Local() string { return v.local }

// Epoch returns the epoch as a decimal string ("0" when absent).
func (v Version) Epoch() string { return v.epoch }

// Release returns the release components as canonical decimal strings,
// exactly as many as were written. The slice must not be modified.
func (v Version) Release() []string { return v.release }

// Pre returns the pre-release label ("a", "b", "rc") and number, or "", "".
func (v Version) Pre() (label, number string) { return v.preL, v.preN }

// Post returns the post-release number and whether there is one.
func (v Version) Post() (string, bool) { return v.postN, v.hasPost }

// Dev returns the development-release number and whether there is one.
func (v Version) Dev() (string, bool) { return v.devN, v.hasDev }

// Public returns v without its local label.
func (v Version) Public() Version {
	if v.local == "" {
		return v
	}
	w := v
	w.local = ""
	w.str = v.str[:strings.IndexByte(v.str, '+')]
	w.key = v.key[:v.pubLen] + "\x00"
	return w
}

// BaseVersion returns the epoch and release of v only ("1!2.0rc1+x" -> "1!2.0").
func (v Version) BaseVersion() Version {
	w := Version{epoch: v.epoch, release: v.release}
	w.build()
	return w
}

// samePublic reports whether v and w are equal ignoring local labels.
func (v Version) samePublic(w Version) bool { return v.key[:v.pubLen] == w.key[:w.pubLen] }

// sameBase reports whether v and w have equal epoch and release.
func (v Version) sameBase(w Version) bool { return v.key[:v.baseLen] == w.key[:w.baseLen] }

// comparePublic compares v and w ignoring local labels.
func (v Version) comparePublic(w Version) int {
	return strings.Compare(v.key[:v.pubLen], w.key[:w.pubLen])
}

// ---- key encoding ----

// appendNum appends an order-preserving encoding of a canonical decimal.
// Zero is a single 0x00; otherwise a length byte (1..250) then the digits;
// numbers longer than 250 digits get 0xFB and a 4-byte length.
func appendNum(b []byte, d string) []byte {
	if d == "0" {
		return append(b, 0)
	}
	if len(d) <= 250 {
		b = append(b, byte(len(d)))
	} else {
		n := len(d)
		b = append(b, 0xFB, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, d...)
}

func preCode(l string) byte {
	switch l {
	case "a":
		return 1
	case "b":
		return 2
	}
	return 3
}

// releaseEnd returns how many release components remain once trailing zeros
// are stripped.
func releaseEnd(rel []string) int {
	n := len(rel)
	for n > 0 && rel[n-1] == "0" {
		n--
	}
	return n
}

func appendRelease(b []byte, epoch string, rel []string) []byte {
	b = appendNum(b, epoch)
	for _, c := range rel[:releaseEnd(rel)] {
		b = append(b, 1)
		b = appendNum(b, c)
	}
	return b
}

// build computes str and key from the parsed fields.
func (v *Version) build() {
	var sb strings.Builder
	if v.epoch != "0" {
		sb.WriteString(v.epoch)
		sb.WriteByte('!')
	}
	for i, c := range v.release {
		if i > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(c)
	}
	if v.preL != "" {
		sb.WriteString(v.preL)
		sb.WriteString(v.preN)
	}
	if v.hasPost {
		sb.WriteString(".post")
		sb.WriteString(v.postN)
	}
	if v.hasDev {
		sb.WriteString(".dev")
		sb.WriteString(v.devN)
	}
	if v.local != "" {
		sb.WriteByte('+')
		sb.WriteString(v.local)
	}
	v.str = sb.String()

	b := make([]byte, 0, 32)
	b = appendRelease(b, v.epoch, v.release)
	b = append(b, 0)
	v.baseLen = len(b)
	switch {
	case v.preL == "" && !v.hasPost && v.hasDev:
		b = append(b, 0)
	case v.preL != "":
		b = append(b, 1, preCode(v.preL))
		b = appendNum(b, v.preN)
	default:
		b = append(b, 2)
	}
	if v.hasPost {
		b = append(b, 1)
		b = appendNum(b, v.postN)
	} else {
		b = append(b, 0)
	}
	if v.hasDev {
		b = append(b, 1)
		b = appendNum(b, v.devN)
	} else {
		b = append(b, 2)
	}
	v.pubLen = len(b)
	if v.local == "" {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		for _, part := range strings.Split(v.local, ".") {
			if isDigits(part) {
				b = append(b, 2)
				b = appendNum(b, part)
			} else {
				b = append(b, 1)
				b = append(b, part...)
				b = append(b, 0)
			}
		}
		b = append(b, 0)
	}
	v.key = string(b)
}

// ---- parsing ----

// isSpace matches the ASCII characters Python's str.isspace() accepts.
func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x1f:
		return true
	}
	return false
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s[i:] starts with the lower-case word w,
// ignoring ASCII case.
func hasPrefixFold(s string, i int, w string) bool {
	if len(s)-i < len(w) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if lower(s[i+k]) != w[k] {
			return false
		}
	}
	return true
}

// canonNum strips leading zeros from a run of ASCII digits.
func canonNum(d string) string {
	for len(d) > 1 && d[0] == '0' {
		d = d[1:]
	}
	return d
}

func scanDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

type parseOpts struct {
	local bool // a local label may follow
	star  bool // a trailing ".*" may follow the pre/post segments
}

type vparser struct {
	in   string // the text being scanned: a prefix of full
	full string // the whole input, for errors ("" means in)
	kind string
}

func (p *vparser) errAt(off int, format string, args ...any) error {
	full := p.full
	if full == "" {
		full = p.in
	}
	return NewParseError(p.kind, full, off, format, args...)
}

// unexpected reports what was found at off.
func (p *vparser) unexpected(off int, expected string) error {
	full := p.full
	if full == "" {
		full = p.in
	}
	if off >= len(full) {
		return p.errAt(off, "expected %s, got the end of the input", expected)
	}
	r := full[off:]
	if len(r) > 8 {
		r = r[:8]
	}
	return p.errAt(off, "expected %s, got %q", expected, r)
}

var preLabels = []string{"preview", "alpha", "beta", "pre", "rc", "a", "b", "c"}
var postLabels = []string{"post", "rev", "r"}

// parse parses a version starting at s[i] (no leading space) and returns it
// with the offset just after it. When opts.star is set and the version is
// followed by ".*", the returned star flag is true and end is after the '*'.
func (p *vparser) parseStar(i int, opts parseOpts) (v Version, end int, star bool, err error) {
	s := p.in
	if i < len(s) && lower(s[i]) == 'v' {
		i++
	}
	if i >= len(s) || !isDigit(s[i]) {
		return Version{}, i, false, p.unexpected(i, "a version number")
	}
	j := scanDigits(s, i)
	v.epoch = "0"
	if j < len(s) && s[j] == '!' {
		v.epoch = canonNum(s[i:j])
		i = j + 1
		if i >= len(s) || !isDigit(s[i]) {
			return Version{}, i, false, p.unexpected(i, "a release number after the epoch")
		}
		j = scanDigits(s, i)
	}
	v.release = append(v.release, canonNum(s[i:j]))
	i = j
	for i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		j = scanDigits(s, i+1)
		v.release = append(v.release, canonNum(s[i+1:j]))
		i = j
	}
	// trailingDot records that the last segment swallowed a '.' separator
	// without a number after it; the regular expression would give that dot
	// back to a following ".*".
	trailingDot := false

	// pre-release
	k := i
	if k < len(s) && isSep(s[k]) {
		k++
	}
	for _, l := range preLabels {
		if hasPrefixFold(s, k, l) {
			k += len(l)
			switch l {
			case "a", "alpha":
				v.preL = "a"
			case "b", "beta":
				v.preL = "b"
			default:
				v.preL = "rc"
			}
			k, v.preN, trailingDot = numberAfterLabel(s, k)
			i = k
			break
		}
	}
	// post-release
	k = i
	if k+1 < len(s) && s[k] == '-' && isDigit(s[k+1]) {
		j = scanDigits(s, k+1)
		v.hasPost, v.postN = true, canonNum(s[k+1:j])
		i, trailingDot = j, false
	} else {
		if k < len(s) && isSep(s[k]) {
			k++
		}
		for _, l := range postLabels {
			if hasPrefixFold(s, k, l) {
				v.hasPost = true
				k, v.postN, trailingDot = numberAfterLabel(s, k+len(l))
				i = k
				break
			}
		}
	}
	// development release
	k = i
	if k < len(s) && isSep(s[k]) {
		k++
	}
	if hasPrefixFold(s, k, "dev") {
		v.hasDev = true
		k, v.devN, trailingDot = numberAfterLabel(s, k+3)
		i = k
		if opts.star && (hasStar(s, i) || (trailingDot && i < len(s) && s[i] == '*')) {
			return Version{}, i, false, p.errAt(i, "a prefix match (.*) cannot follow a development release")
		}
	} else if opts.star {
		if hasStar(s, i) {
			v.build()
			return v, i + 2, true, nil
		}
		if trailingDot && i < len(s) && s[i] == '*' {
			v.build()
			return v, i + 1, true, nil
		}
	}
	// local label
	if i < len(s) && s[i] == '+' {
		if !opts.local {
			return Version{}, i, false, p.errAt(i, "a local version label (+...) is not allowed here")
		}
		start := i + 1
		k = start
		var lb strings.Builder
		for {
			m := k
			for m < len(s) && isAlnum(s[m]) {
				m++
			}
			if m == k {
				if k == start {
					return Version{}, k, false, p.unexpected(k, `a local version label after "+"`)
				}
				return Version{}, k, false, p.unexpected(k, "a letter or digit in the local version label")
			}
			part := s[k:m]
			if k > start {
				lb.WriteByte('.')
			}
			if isDigits(part) {
				lb.WriteString(canonNum(part))
			} else {
				for q := 0; q < len(part); q++ {
					lb.WriteByte(lower(part[q]))
				}
			}
			k = m
			if k+1 < len(s) && isSep(s[k]) && isAlnum(s[k+1]) {
				k++
				continue
			}
			break
		}
		v.local = lb.String()
		i = k
	}
	v.build()
	return v, i, false, nil
}

func (p *vparser) parse(i int, opts parseOpts) (Version, int, error) {
	v, end, _, err := p.parseStar(i, opts)
	return v, end, err
}

func hasStar(s string, i int) bool { return i+1 < len(s) && s[i] == '.' && s[i+1] == '*' }

// numberAfterLabel parses the optional separator and number after a
// pre/post/dev label. It returns the new offset, the canonical number ("0"
// when implicit) and whether a '.' was consumed with no number after it.
func numberAfterLabel(s string, k int) (int, string, bool) {
	sepDot := false
	if k < len(s) && isSep(s[k]) {
		sepDot = s[k] == '.'
		k++
	}
	j := scanDigits(s, k)
	if j > k {
		return j, canonNum(s[k:j]), false
	}
	return k, "0", sepDot
}

// SameVersion compares two version strings by PEP 440 ("1.0" and "1.0.0"
// are the same), and by text when either is not a PEP 440 version.
func SameVersion(a, b string) bool {
	va, errA := Parse(a)
	vb, errB := Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return va.Equal(vb)
}
