package epcheck

import "testing"

// The checker keeps only the end of an imported module's endless output:
// the answer is the last line.
func TestTailWriterKeepsTheEnd(t *testing.T) {
	w := &tailWriter{limit: 8}
	for _, s := range []string{"abc", "defgh", "ijk", "0123456789AB", "xy"} {
		w.Write([]byte(s))
	}
	if string(w.buf) != "6789ABxy" {
		t.Fatalf("kept %q", w.buf)
	}
}
