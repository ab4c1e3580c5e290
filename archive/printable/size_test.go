package printable

import "testing"

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 4200: "4.1 KiB", 1363148: "1.3 MiB", 5 << 40: "5.0 TiB", 5000 << 40: "5000.0 TiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
