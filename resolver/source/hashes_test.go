package source

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVerifyFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x-1.0.tar.gz")
	data := []byte("some bytes")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s256 := sha256.Sum256(data)
	s512 := sha512.Sum512(data)
	good256 := hex.EncodeToString(s256[:])
	good512 := hex.EncodeToString(s512[:])
	bad := strings.Repeat("0", 64)
	for _, c := range []struct {
		name    string
		allowed []string
		ok      bool
	}{
		{"sha256 match", []string{"sha256:" + good256}, true},
		{"one of several", []string{"sha256:" + bad, "sha256:" + good256}, true},
		{"sha512 match", []string{"sha512:" + good512}, true},
		{"equals form", []string{"sha256=" + good256}, true},
		{"upper case hex", []string{"sha256:" + strings.ToUpper(good256)}, true},
		{"mismatch", []string{"sha256:" + bad}, false},
		{"md5 only is not enough", []string{"md5:00"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum, err := VerifyFile(p, c.allowed, "reqs.txt:1")
			if c.ok {
				if err != nil || sum != good256 {
					t.Fatalf("got %q, %v", sum, err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
		})
	}
	_, err := VerifyFile(p, []string{"sha256:" + bad}, "reqs.txt:3")
	var hm *HashMismatchError
	if !errors.As(err, &hm) {
		t.Fatalf("%T %v", err, err)
	}
	msg := err.Error()
	for _, want := range []string{"expected sha256:" + bad, "actual   sha256:" + good256, "reqs.txt:3"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}
