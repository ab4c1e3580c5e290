package record

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// sha256 of "hello\n", as Python's base64.urlsafe_b64encode(...).rstrip(b"=") gives it
const helloHash = "sha256=WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM"

func TestSum(t *testing.T) {
	if got := Sum([]byte("hello\n")).String(); got != helloHash {
		t.Fatalf("Sum = %s, want %s", got, helloHash)
	}
}

func TestParse(t *testing.T) {
	in := "pkg/__init__.py," + helloHash + ",6\n" +
		"\"pkg/a,b.py\"," + helloHash + ",6\r\n" +
		"pkg-1.0.dist-info/RECORD,,\n"
	got, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	h, _ := ParseHash(helloHash)
	want := []Entry{
		{Path: "pkg/__init__.py", Hash: h, Size: 6},
		{Path: "pkg/a,b.py", Hash: h, Size: 6},
		{Path: "pkg-1.0.dist-info/RECORD", Size: -1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	var buf bytes.Buffer
	if err := Write(&buf, got); err != nil {
		t.Fatal(err)
	}
	again, err := Parse(buf.Bytes())
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Fatalf("round trip: %v %+v\n%s", err, again, buf.String())
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, err string
		line          int
	}{
		{"two fields", "a.py," + helloHash + "\n", "2 fields", 1},
		{"four fields", "a.py," + helloHash + ",6,x\n", "4 fields", 1},
		{"empty path", "," + helloHash + ",6\n", "empty path", 1},
		{"duplicate", "a.py,,\nb.py,,\na.py,,\n", "already listed on line 1", 3},
		{"md5", "a.py,md5=abc,1\n", "too weak", 1},
		{"sha1", "a.py,sha1=abc,1\n", "too weak", 1},
		{"unknown algo", "a.py,crc32=abc,1\n", "unknown hash algorithm", 1},
		{"no equals", "a.py,sha256,1\n", "not algorithm=digest", 1},
		{"bad base64", "a.py,sha256=!!!,1\n", "not urlsafe base64", 1},
		{"short digest", "a.py,sha256=AAAA,1\n", "digest has 3 bytes", 1},
		{"negative size", "a.py," + helloHash + ",-1\n", "not a whole number", 1},
		{"text size", "a.py," + helloHash + ",six\n", "not a whole number", 1},
		{"bad quote", "ok.py,,\n\"a.py,,\n", "quote", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var re *Error
			if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error = %v, want *Error with %q", err, tt.err)
			}
			if re.Line != tt.line {
				t.Fatalf("line = %d, want %d (%v)", re.Line, tt.line, err)
			}
		})
	}
}

func TestHashForms(t *testing.T) {
	padded := helloHash + "="
	h, err := ParseHash(padded)
	if err != nil || h.String() != helloHash {
		t.Fatalf("padded digest: %v %s", err, h)
	}
	h384, err := NewHasher("sha384")
	if err != nil {
		t.Fatal(err)
	}
	h384.Write([]byte("x"))
	hh := Hash{Algorithm: "sha384", Digest: h384.Sum(nil)}
	back, err := ParseHash(hh.String())
	if err != nil || !back.Equal(hh) || back.Equal(Sum([]byte("x"))) {
		t.Fatalf("sha384 round trip: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("pkg/__init__.py," + helloHash + ",6\nx,,\n"))
	f.Add([]byte("\"a\nb\",,\n"))
	f.Add([]byte(",,,\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Parse(data)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, entries); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(buf.Bytes())
		if err != nil || len(again) != len(entries) {
			t.Fatalf("written RECORD does not parse back: %v\n%q", err, buf.String())
		}
	})
}
