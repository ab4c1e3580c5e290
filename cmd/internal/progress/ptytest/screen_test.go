package ptytest

import (
	"reflect"
	"testing"
)

func TestEmulate(t *testing.T) {
	tests := []struct {
		name   string
		out    string
		size   Size
		lines  []string
		hidden bool
	}{
		{"lines", "one\r\ntwo\r\n", Size{}, []string{"one", "two"}, false},
		{"carriage return overwrites", "abcdef\rxy\r\n", Size{}, []string{"xycdef"}, false},
		{"erase in line", "abcdef\r\x1b[Kxy\r\n", Size{}, []string{"xy"}, false},
		{"erase to the end of the screen", "a\r\nbar one\r\nbar two\r\n\x1b[2A\x1b[Jmsg\r\n", Size{}, []string{"a", "msg"}, false},
		{"cursor up stops at the top of the screen", "1\r\n2\r\n3\r\n\x1b[9A\x1b[J", Size{Cols: 10, Rows: 2}, []string{"1", "2"}, false},
		{"wrap at the last column", "abcdefgh", Size{Cols: 5, Rows: 5}, []string{"abcde", "fgh"}, false},
		{"a full line and its newline make one line", "abcde\r\nf", Size{Cols: 5, Rows: 5}, []string{"abcde", "f"}, false},
		{"colours are ignored", "\x1b[1;31mred\x1b[0m\r\n", Size{}, []string{"red"}, false},
		{"hidden cursor", "\x1b[?25lbar", Size{}, []string{"bar"}, true},
		{"shown again", "\x1b[?25lbar\x1b[?25h", Size{}, []string{"bar"}, false},
		{"backspace and tab", "ab\bc\td\r\n", Size{}, []string{"ac      d"}, false},
		{"a title is not text", "\x1b]0;title\x07x\r\n", Size{}, []string{"x"}, false},
		{"an unfinished sequence", "x\x1b[", Size{}, []string{"x"}, false},
		{"UTF-8", "é…\r\n", Size{}, []string{"é…"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Emulate([]byte(tt.out), tt.size)
			if !reflect.DeepEqual(s.Lines, tt.lines) {
				t.Errorf("lines %q, want %q", s.Lines, tt.lines)
			}
			if s.CursorHidden != tt.hidden {
				t.Errorf("cursor hidden %v, want %v", s.CursorHidden, tt.hidden)
			}
		})
	}
}
