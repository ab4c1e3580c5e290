package printable

import "testing"

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"naïve Grüße 日本語 🐍 \\ \"quoted\"", "naïve Grüße 日本語 🐍 \\ \"quoted\""},
		{"a\x1b[31mred\x07", `a\x1b[31mred\x07`},
		{"line\nnext\r\n", `line\nnext\r\n`},
		{"tab\there", `tab\there`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"c1\u0085\u009b[2J", `c1\u0085\u009b[2J`},
		{"bad\xff\x9b", `bad\xff\x9b`},
		{"\u00a0\u200b", "\u00a0\u200b"},       // not C0/C1: left as it is
		{"a\u2028b\u2029c", `a\u2028b\u2029c`}, // line breaks to Python
		{"v\vf\f\x1c\x1d\x1e", `v\x0bf\x0c\x1c\x1d\x1e`},
		{"evil\u202euser\u202c \u2066x\u2069 \u202a\u202b\u202d\u2067\u2068", `evil\u202euser\u202c \u2066x\u2069 \u202a\u202b\u202d\u2067\u2068`},
		{"\u2027\u202f\u2065\u206a", "\u2027\u202f\u2065\u206a"}, // neighbours: left
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if Needs(tc.in) != (tc.in != tc.want) {
			t.Errorf("Needs(%q) = %v", tc.in, Needs(tc.in))
		}
	}
	if got := Lines("a\x1b\nhint: b\x07"); got != "a\\x1b\nhint: b\\x07" {
		t.Errorf("Lines = %q", got)
	}
}

// IsLineBreak must agree with Python's str.splitlines, which pip uses to
// split a requirements file.
func TestIsLineBreak(t *testing.T) {
	want := map[rune]bool{'\n': true, '\r': true, '\v': true, '\f': true, 0x1c: true, 0x1d: true, 0x1e: true, 0x85: true, 0x2028: true, 0x2029: true}
	for r := rune(0); r < 0x3000; r++ {
		if IsLineBreak(r) != want[r] {
			t.Errorf("IsLineBreak(%U) = %v", r, IsLineBreak(r))
		}
		if want[r] && !Needs(string(r)) {
			t.Errorf("Needs(%U) = false", r)
		}
	}
	if !HasLineBreak("a\u2029") || HasLineBreak("a\tb") {
		t.Error("HasLineBreak")
	}
}
