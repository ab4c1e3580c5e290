package bounded

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// HeadTail keeps exactly the first Head and the last Tail bytes, whatever
// the sizes of the writes, and names how many it left out between them.
func TestHeadTail(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, total := range []int{0, 5, 10, 17, 25, 26, 100, 1000} {
		for trial := 0; trial < 20; trial++ {
			var all, out bytes.Buffer
			h := &HeadTail{W: &out, Head: 10, Tail: 16}
			for all.Len() < total {
				k := 1 + rng.Intn(40)
				if all.Len()+k > total {
					k = total - all.Len()
				}
				p := make([]byte, k)
				for i := range p {
					p[i] = 'a' + byte(rng.Intn(26))
				}
				all.Write(p)
				if n, err := h.Write(p); n != k || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			h.Close()
			want := all.String()
			if total > 26 {
				want = want[:10] + fmt.Sprintf("\n[… %d bytes left out …]\n", total-26) + want[total-16:]
			}
			if out.String() != want {
				t.Fatalf("total %d: got %q, want %q", total, out.String(), want)
			}
		}
	}
}

func TestHeadTailLineEnd(t *testing.T) {
	var out bytes.Buffer
	h := &HeadTail{W: &out, Head: 4, Tail: 4}
	h.Write([]byte("abc\n" + strings.Repeat("z", 100) + "end\n"))
	h.Close()
	if got, want := out.String(), "abc\n[… 100 bytes left out …]\nend\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	h.Write([]byte("late"))
	if out.String() != "abc\n[… 100 bytes left out …]\nend\n" {
		t.Fatal("a write after Close reached W")
	}
}
