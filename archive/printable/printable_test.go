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
		{"\u00a0\u200b", "\u00a0\u200b"}, // not C0/C1: left as it is
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
