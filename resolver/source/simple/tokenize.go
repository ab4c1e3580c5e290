package simple

import (
	"bytes"
	"html"
	"strings"
)

// This is a small HTML tokenizer that follows the WHATWG tokenizer states
// that matter for a page of links: tags and their attributes (quoted,
// unquoted, valueless; names lower-cased; character references decoded
// with the attribute rules), comments (including the abrupt <!--> forms),
// doctypes, bogus comments (<?...>, </ followed by a non-letter,
// <![CDATA[...]]>), and raw-text elements (script, style, textarea, title,
// ...), whose content holds no tags. It never fails: every byte sequence is
// some sequence of tokens. A test compares it with golang.org/x/net/html
// on real and fuzzed pages; that package is not used here because its
// entity table costs every fwenv command 0.1-0.2 ms of start-up.

type tokenKind int

const (
	textToken tokenKind = iota
	startTag
	endTag
	selfClosingTag
)

type attr struct{ key, val string }

type token struct {
	kind  tokenKind
	name  string // lower-case tag name
	attrs []attr
	text  string // decoded text (textToken)
}

// rawText are the elements whose content is text up to their end tag.
var rawText = map[string]bool{
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isAlnum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }

// lower lower-cases ASCII letters only (other bytes, even invalid UTF-8,
// stay as they are).
func lower(s []byte) string {
	out := []byte(string(s))
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}

// newlines makes CR LF and CR into LF.
func newlines(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}

// normalise applies the input stream rules: CR LF and CR become LF, NUL
// becomes U+FFFD.
func normalise(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return s
}

// unescapeAttr decodes character references in an attribute value: a
// named reference without ';' followed by '=' or a letter or digit stays
// as written (so "?a=1&copy=2" keeps its "&copy").
func unescapeAttr(s string) string {
	return unescape(normalise(s), true) // the input stream rules come before references
}

// unescape decodes character references, in an attribute value or text.
func unescape(s string, inAttr bool) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := 1
		if j < len(s) && s[j] == '#' {
			j++
			digit := func(c byte) bool { return '0' <= c && c <= '9' }
			if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
				j++
				digit = func(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f' }
			}
			start := j
			for j < len(s) && digit(s[j]) {
				j++
			}
			ref := s[:j]
			if j == start {
				// "&#" or "&#x" without digits is text.
				b.WriteString(ref)
				s = s[j:]
				continue
			}
			if j < len(s) && s[j] == ';' {
				j++
			}
			// Given with its ';' (std does not decode "&#5" without one);
			// beyond Unicode is U+FFFD (std's arithmetic would wrap).
			if digits := strings.TrimLeft(s[start:j], "0"); len(digits) > 7 {
				b.WriteString("\uFFFD")
			} else {
				b.WriteString(html.UnescapeString(ref + ";"))
			}
			s = s[j:]
			continue
		}
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		if j < len(s) && s[j] == ';' {
			ref := s[:j+1]
			dec := html.UnescapeString(ref)
			if inAttr && hasASCIIAlnum(dec) {
				// Not a name: std decoded a legacy prefix ("&notit;").
				dec = ref
			}
			b.WriteString(dec)
			s = s[j+1:]
			continue
		}
		ref := s[:j]
		dec := html.UnescapeString(ref)
		// A legacy name without ';' (std decodes the longest such prefix,
		// "&ampx" -> "&x"): in an attribute it stays text when letters or
		// digits follow the name, or '='.
		if inAttr && dec != ref && (hasASCIIAlnum(dec) || j < len(s) && s[j] == '=') {
			dec = ref
		}
		b.WriteString(dec)
		s = s[j:]
	}
	return b.String()
}

func hasASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			return true
		}
	}
	return false
}

// tokenize splits a page into tokens; comments and doctypes are dropped.
func tokenize(b []byte) []token {
	var out []token
	var text bytes.Buffer
	flush := func() {
		if text.Len() > 0 {
			out = append(out, token{kind: textToken, text: unescape(newlines(text.String()), false)})
			text.Reset()
		}
	}
	i := 0
	for i < len(b) {
		c := b[i]
		if c != '<' || i+1 >= len(b) {
			text.WriteByte(c)
			i++
			continue
		}
		n := b[i+1]
		switch {
		case n == '!':
			flush()
			i = skipMarkup(b, i+2)
		case n == '?':
			flush()
			i = skipTo(b, i+2, '>')
		case n == '/':
			if i+2 >= len(b) {
				text.WriteString("</")
				i += 2
				continue
			}
			if b[i+2] == '>' {
				i += 3
				continue
			}
			if !isAlpha(b[i+2]) {
				flush()
				i = skipTo(b, i+2, '>')
				continue
			}
			flush()
			t, next := readTag(b, i+2)
			t.kind = endTag
			t.attrs = nil
			if next <= len(b) {
				out = append(out, t)
			}
			i = next
		case isAlpha(n):
			flush()
			t, next := readTag(b, i+1)
			if next > len(b) {
				// EOF inside a tag: the tag is dropped.
				i = len(b)
				continue
			}
			out = append(out, t)
			i = next
			if rawText[t.name] { // even written <title/>
				end := rawEnd(b, i, t.name)
				if end > i {
					txt := normalise(string(b[i:end]))
					if t.name == "title" || t.name == "textarea" { // RCDATA: references count
						txt = unescape(txt, false)
					}
					out = append(out, token{kind: textToken, text: txt})
				}
				i = end
			}
		default:
			text.WriteByte(c)
			i++
		}
	}
	flush()
	return out
}

// skipTo returns the index after the next c at or after i (len(b) at EOF).
func skipTo(b []byte, i int, c byte) int {
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j + 1
	}
	return len(b)
}

// skipMarkup skips what follows "<!" at i: a comment, a doctype, CDATA or
// a bogus comment.
func skipMarkup(b []byte, i int) int {
	if bytes.HasPrefix(b[i:], []byte("--")) {
		j := i + 2
		// <!--> and <!---> end at once.
		if j < len(b) && b[j] == '>' {
			return j + 1
		}
		if j+1 < len(b) && b[j] == '-' && b[j+1] == '>' {
			return j + 2
		}
		for k := j; k < len(b); k++ {
			if b[k] != '-' || k+1 >= len(b) || b[k+1] != '-' {
				continue
			}
			if k+2 < len(b) && b[k+2] == '>' {
				return k + 3
			}
			if k+3 < len(b) && b[k+2] == '!' && b[k+3] == '>' {
				return k + 4
			}
		}
		return len(b)
	}
	return skipTo(b, i, '>')
}

// readTag reads a tag from its name at i to its '>'; next is the index
// after it, or len(b)+1 when the input ends inside the tag.
func readTag(b []byte, i int) (t token, next int) {
	j := i
	for j < len(b) && !isSpace(b[j]) && b[j] != '/' && b[j] != '>' {
		j++
	}
	t.name = lower(b[i:j])
	t.kind = startTag
	i = j
	for {
		// before attribute name
		for i < len(b) && (isSpace(b[i]) || b[i] == '/') {
			if b[i] == '/' && i+1 < len(b) && b[i+1] == '>' {
				t.kind = selfClosingTag
				return t, i + 2
			}
			i++
		}
		if i >= len(b) {
			return t, len(b) + 1
		}
		if b[i] == '>' {
			return t, i + 1
		}
		// attribute name (a leading '=' is part of the name)
		j = i + 1
		for j < len(b) && !isSpace(b[j]) && b[j] != '/' && b[j] != '>' && b[j] != '=' {
			j++
		}
		key := normalise(lower(b[i:j]))
		i = j
		// after attribute name
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return t, len(b) + 1
		}
		if b[i] != '=' {
			t.attrs = append(t.attrs, attr{key, ""})
			continue
		}
		i++
		// before attribute value
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return t, len(b) + 1
		}
		switch q := b[i]; q {
		case '"', '\'':
			k := bytes.IndexByte(b[i+1:], q)
			if k < 0 {
				return t, len(b) + 1
			}
			t.attrs = append(t.attrs, attr{key, unescapeAttr(string(b[i+1 : i+1+k]))})
			i = i + 1 + k + 1
			// after a quoted value a '/' not followed by '>' or any other
			// character starts the next attribute.
		case '>':
			t.attrs = append(t.attrs, attr{key, ""})
			return t, i + 1
		default:
			k := i
			for k < len(b) && !isSpace(b[k]) && b[k] != '>' {
				k++
			}
			t.attrs = append(t.attrs, attr{key, unescapeAttr(string(b[i:k]))})
			i = k
		}
	}
}

// rawEnd finds the end of a raw-text element's content starting at i: the
// index of "</name" followed by a space, '/' or '>' (any case), or len(b).
func rawEnd(b []byte, i int, name string) int {
	if name == "plaintext" {
		return len(b)
	}
	for k := i; k < len(b); k++ {
		if b[k] != '<' || k+1 >= len(b) || b[k+1] != '/' {
			continue
		}
		e := k + 2 + len(name)
		if e > len(b) || !strings.EqualFold(string(b[k+2:e]), name) {
			continue
		}
		if e < len(b) && (isSpace(b[e]) || b[e] == '/' || b[e] == '>') {
			return k
		}
	}
	return len(b)
}
