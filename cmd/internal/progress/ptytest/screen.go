package ptytest

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Screen is what a terminal shows after some output: the lines that
// scrolled off the top followed by the screen's, without trailing spaces
// and without the empty lines at the end.
type Screen struct {
	Lines []string
	// Row and Col are where the cursor is, Row an index into the lines
	// before empty ones were dropped (it may be len(Lines) or more).
	Row, Col int
	// CursorHidden is true when the output hid the cursor (CSI ?25l) and
	// did not show it again.
	CursorHidden bool
}

// String is the lines, each ended by a newline.
func (s Screen) String() string {
	var b strings.Builder
	for _, l := range s.Lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// screen is the state Emulate works on.
type screen struct {
	size      Size
	lines     [][]rune // every line, scrolled off ones first
	top       int      // index of the screen's first line in lines
	row, col  int      // the cursor, row an index into lines
	wrapNext  bool     // the last column was written: the next character wraps
	hidden    bool
	savedRow  int
	savedCol  int
	savedWrap bool
}

// Emulate replays output on a terminal of the given size (a zero Size is
// 80x24) with automatic wrapping at the last column, and returns what it
// shows. Each character takes one cell.
func Emulate(output []byte, size Size) Screen {
	s := &screen{size: size.orDefault(), lines: [][]rune{nil}}
	for i := 0; i < len(output); {
		c := output[i]
		switch {
		case c == 0x1b:
			i = s.escape(output, i)
			continue
		case c == '\r':
			s.col, s.wrapNext = 0, false
		case c == '\n', c == '\v', c == '\f':
			s.lineFeed()
		case c == '\b':
			if s.col > 0 {
				s.col--
			}
			s.wrapNext = false
		case c == '\t':
			s.col = min((s.col/8+1)*8, s.size.Cols-1)
		case c < 0x20 || c == 0x7f:
			// other controls (BEL) show nothing
		default:
			r, n := utf8.DecodeRune(output[i:])
			s.put(r)
			i += n
			continue
		}
		i++
	}
	out := Screen{Row: s.row, Col: s.col, CursorHidden: s.hidden}
	for _, l := range s.lines {
		out.Lines = append(out.Lines, strings.TrimRight(string(l), " "))
	}
	for len(out.Lines) > 0 && out.Lines[len(out.Lines)-1] == "" {
		out.Lines = out.Lines[:len(out.Lines)-1]
	}
	return out
}

func (s *screen) lineFeed() {
	s.row++
	if s.row == len(s.lines) {
		s.lines = append(s.lines, nil)
	}
	if s.row-s.top >= s.size.Rows {
		s.top = s.row - s.size.Rows + 1
	}
	s.wrapNext = false
}

func (s *screen) put(r rune) {
	if s.wrapNext {
		s.col = 0
		s.lineFeed()
	}
	line := s.lines[s.row]
	for len(line) <= s.col {
		line = append(line, ' ')
	}
	line[s.col] = r
	s.lines[s.row] = line
	if s.col == s.size.Cols-1 {
		s.wrapNext = true
	} else {
		s.col++
	}
}

// escape interprets the sequence starting at output[i] (ESC) and returns
// the index after it.
func (s *screen) escape(output []byte, i int) int {
	if i+1 >= len(output) {
		return len(output)
	}
	switch output[i+1] {
	case '[':
		return s.csi(output, i+2)
	case ']', 'P', '_', '^': // OSC, DCS, APC, PM: up to BEL or ESC \
		for j := i + 2; j < len(output); j++ {
			if output[j] == 0x07 {
				return j + 1
			}
			if output[j] == 0x1b && j+1 < len(output) && output[j+1] == '\\' {
				return j + 2
			}
		}
		return len(output)
	case '7':
		s.savedRow, s.savedCol, s.savedWrap = s.row, s.col, s.wrapNext
	case '8':
		s.row, s.col, s.wrapNext = s.savedRow, s.savedCol, s.savedWrap
	case '(', ')', '*', '+', '#', '%': // a designation: one more byte
		return min(i+3, len(output))
	}
	return i + 2
}

// csi interprets a control sequence whose parameters start at output[i].
func (s *screen) csi(output []byte, i int) int {
	j := i
	for j < len(output) && (output[j] < 0x40 || output[j] > 0x7e) {
		j++
	}
	if j == len(output) {
		return j
	}
	params, final := string(output[i:j]), output[j]
	private := strings.HasPrefix(params, "?")
	var n []int
	for _, p := range strings.Split(strings.TrimLeft(params, "?<=>"), ";") {
		v, _ := strconv.Atoi(p)
		n = append(n, v)
	}
	arg := func(k, def int) int {
		if k < len(n) && n[k] > 0 {
			return n[k]
		}
		return def
	}
	if private {
		if params[1:] == "25" {
			switch final {
			case 'l':
				s.hidden = true
			case 'h':
				s.hidden = false
			}
		}
		return j + 1
	}
	s.wrapNext = wrapKept(final) && s.wrapNext
	switch final {
	case 'A':
		s.row = max(s.row-arg(0, 1), s.top)
	case 'B':
		s.row = min(s.row+arg(0, 1), s.top+s.size.Rows-1)
		for len(s.lines) <= s.row {
			s.lines = append(s.lines, nil)
		}
	case 'C':
		s.col = min(s.col+arg(0, 1), s.size.Cols-1)
	case 'D':
		s.col = max(s.col-arg(0, 1), 0)
	case 'G':
		s.col = min(arg(0, 1), s.size.Cols) - 1
	case 'H', 'f':
		s.row = s.top + min(arg(0, 1), s.size.Rows) - 1
		s.col = min(arg(1, 1), s.size.Cols) - 1
		for len(s.lines) <= s.row {
			s.lines = append(s.lines, nil)
		}
	case 'J':
		switch arg(0, 0) {
		case 0: // to the end of the screen
			s.clearLine(s.col, -1)
			s.lines = s.lines[:s.row+1]
		case 1: // from the start of the screen
			for r := s.top; r < s.row; r++ {
				s.lines[r] = nil
			}
			s.clearLine(0, s.col+1)
		case 2, 3:
			for r := s.top; r < len(s.lines); r++ {
				s.lines[r] = nil
			}
		}
	case 'K':
		switch arg(0, 0) {
		case 0:
			s.clearLine(s.col, -1)
		case 1:
			s.clearLine(0, s.col+1)
		case 2:
			s.lines[s.row] = nil
		}
	}
	return j + 1
}

// wrapKept reports whether a sequence ending in final leaves a pending wrap
// as it is (SGR does; cursor movement and erasing do not).
func wrapKept(final byte) bool { return final == 'm' }

// clearLine blanks the cursor's line from column from up to column to
// (exclusive; -1 for the end).
func (s *screen) clearLine(from, to int) {
	line := s.lines[s.row]
	if to < 0 || to >= len(line) {
		if from < len(line) {
			s.lines[s.row] = line[:from]
		}
		return
	}
	for c := from; c < to; c++ {
		line[c] = ' '
	}
}
