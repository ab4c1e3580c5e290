package bounded

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestHead(t *testing.T) {
	calls := 0
	h := &Head{Limit: 5, OnOver: func() { calls++ }}
	for _, s := range []string{"abc", "de", "fgh", "ij"} {
		if n, err := h.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("write %q: %d %v", s, n, err)
		}
	}
	if string(h.Bytes()) != "abcde" || !h.Over() || calls != 1 {
		t.Errorf("kept %q, over %v, OnOver called %d times", h.Bytes(), h.Over(), calls)
	}
	h = &Head{Limit: 5}
	h.Write([]byte("abcde"))
	if h.Over() {
		t.Error("exactly at the cap is not over")
	}
}

func TestSharedHeads(t *testing.T) {
	calls := 0
	hs := SharedHeads(2, 6, func() { calls++ })
	var wg sync.WaitGroup
	for _, h := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				h.Write([]byte("xy"))
			}
		}()
	}
	wg.Wait()
	if n := len(hs[0].Bytes()) + len(hs[1].Bytes()); n != 6 || !hs[0].Over() || !hs[1].Over() || calls != 1 {
		t.Errorf("kept %d bytes together, OnOver called %d times", n, calls)
	}
}

func TestTail(t *testing.T) {
	tw := &Tail{Limit: 10}
	tw.Write([]byte("0123"))
	if tw.String() != "0123" || tw.Dropped() {
		t.Fatalf("%q %v", tw.String(), tw.Dropped())
	}
	tw.Write([]byte("456789ab"))
	if tw.String() != "23456789ab" || !tw.Dropped() {
		t.Fatalf("%q %v", tw.String(), tw.Dropped())
	}
	tw.Write([]byte(strings.Repeat("z", 30) + "Traceback: end"))
	if tw.String() != "ceback: end"[1:] || len(tw.Bytes()) != 10 {
		t.Fatalf("%q", tw.String())
	}
	var big bytes.Buffer
	for i := 0; i < 1000; i++ {
		big.WriteString("line\n")
	}
	tw = &Tail{Limit: StderrTail}
	for i := 0; i < 100; i++ {
		tw.Write(big.Bytes())
	}
	if int64(len(tw.Bytes())) != StderrTail {
		t.Errorf("kept %d bytes", len(tw.Bytes()))
	}
}
