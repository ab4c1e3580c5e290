package record

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"
)

// Hash is a digest and the algorithm that made it.
type Hash struct {
	Algorithm string // "sha256", "sha384" or "sha512"
	Digest    []byte
}

// IsZero reports whether no hash is recorded.
func (h Hash) IsZero() bool { return h.Algorithm == "" }

// String is the RECORD form: "sha256=" + urlsafe base64 without padding.
func (h Hash) String() string {
	if h.IsZero() {
		return ""
	}
	return h.Algorithm + "=" + base64.RawURLEncoding.EncodeToString(h.Digest)
}

// Equal reports whether two hashes have the same algorithm and digest.
func (h Hash) Equal(o Hash) bool {
	return h.Algorithm == o.Algorithm && bytes.Equal(h.Digest, o.Digest)
}

var algorithms = map[string]func() hash.Hash{
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// NewHasher returns a hash.Hash for an algorithm RECORD files may use.
func NewHasher(algorithm string) (hash.Hash, error) {
	if f, ok := algorithms[algorithm]; ok {
		return f(), nil
	}
	switch algorithm {
	case "md5", "sha1", "sha224":
		return nil, fmt.Errorf("hash algorithm %s is too weak for RECORD (sha256 or stronger is required)", algorithm)
	}
	return nil, fmt.Errorf("unknown hash algorithm %q (fwenv checks sha256, sha384 and sha512)", algorithm)
}

// Sum hashes data with sha256, the algorithm fwenv writes.
func Sum(data []byte) Hash {
	d := sha256.Sum256(data)
	return Hash{Algorithm: "sha256", Digest: d[:]}
}

// ParseHash parses "algorithm=digest".
func ParseHash(s string) (Hash, error) {
	algo, digest, ok := strings.Cut(s, "=")
	if !ok || algo == "" {
		return Hash{}, fmt.Errorf("hash %q is not algorithm=digest", s)
	}
	h, err := NewHasher(algo)
	if err != nil {
		return Hash{}, err
	}
	d, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(digest, "="))
	if err != nil {
		return Hash{}, fmt.Errorf("hash %q: digest is not urlsafe base64", s)
	}
	if len(d) != h.Size() {
		return Hash{}, fmt.Errorf("hash %q: %s digest has %d bytes, want %d", s, algo, len(d), h.Size())
	}
	return Hash{Algorithm: algo, Digest: d}, nil
}

// Entry is one row of a RECORD file.
type Entry struct {
	Path string // as written, '/'-separated
	Hash Hash   // zero when the row has no hash (RECORD itself, signatures)
	Size int64  // -1 when the row has no size
}

// Error names the line of a RECORD file that was refused.
type Error struct {
	Line   int
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("RECORD line %d: %s", e.Line, e.Reason) }

// Parse reads a RECORD file.
func Parse(data []byte) ([]Entry, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var out []Entry
	seen := map[string]int{}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{Line: pe.StartLine, Reason: pe.Err.Error()}
			}
			return nil, &Error{Reason: err.Error()}
		}
		line, _ := r.FieldPos(0)
		if len(row) != 3 {
			return nil, &Error{Line: line, Reason: fmt.Sprintf("%d fields, want 3 (path,hash,size)", len(row))}
		}
		e := Entry{Path: row[0], Size: -1}
		if e.Path == "" {
			return nil, &Error{Line: line, Reason: "empty path"}
		}
		if prev, dup := seen[e.Path]; dup {
			return nil, &Error{Line: line, Reason: fmt.Sprintf("%q is already listed on line %d", e.Path, prev)}
		}
		seen[e.Path] = line
		if row[1] != "" {
			if e.Hash, err = ParseHash(row[1]); err != nil {
				return nil, &Error{Line: line, Reason: fmt.Sprintf("%s: %v", e.Path, err)}
			}
		}
		if row[2] != "" {
			n, err := strconv.ParseInt(row[2], 10, 64)
			if err != nil || n < 0 || row[2][0] == '+' {
				return nil, &Error{Line: line, Reason: fmt.Sprintf("%s: size %q is not a whole number of bytes", e.Path, row[2])}
			}
			e.Size = n
		}
		out = append(out, e)
	}
	return out, nil
}

// Write writes entries as a RECORD file (CSV, "\n" line endings).
func Write(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	for _, e := range entries {
		size := ""
		if e.Size >= 0 {
			size = strconv.FormatInt(e.Size, 10)
		}
		if err := cw.Write([]string{e.Path, e.Hash.String(), size}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
