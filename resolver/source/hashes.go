package source

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"syscall"
)

// newHash returns the hash for a supported algorithm name.
func newHash(algo string) (hash.Hash, bool) {
	switch algo {
	case "sha256":
		return sha256.New(), true
	case "sha384":
		return sha512.New384(), true
	case "sha512":
		return sha512.New(), true
	}
	return nil, false
}

// strength orders the algorithms, strongest first, for mismatch messages.
var strength = []string{"sha512", "sha384", "sha256"}

// VerifyFile checks that the file at path matches one of the allowed
// digests, each "algorithm:hex" (pip's --hash form; "algorithm=hex" is read
// too). Only sha256, sha384 and sha512 count; weaker or unknown algorithms
// are ignored, and a list with none of the known ones is an error. from
// names who announced the digests, for the message. It returns the file's
// sha256 (hex) on success.
func VerifyFile(path string, allowed []string, from string) (string, error) {
	want := map[string][]string{}
	for _, a := range allowed {
		algo, hexv, ok := strings.Cut(a, ":")
		if !ok {
			algo, hexv, ok = strings.Cut(a, "=")
		}
		if !ok {
			continue
		}
		algo = strings.ToLower(strings.TrimSpace(algo))
		if _, known := newHash(algo); known {
			want[algo] = append(want[algo], strings.ToLower(strings.TrimSpace(hexv)))
		}
	}
	if len(want) == 0 {
		return "", fmt.Errorf("%s: no sha256, sha384 or sha512 digest to check it against (from %s)", path, from)
	}
	f, err := openRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	hs := map[string]hash.Hash{"sha256": sha256.New()}
	var ws []io.Writer
	for algo := range want {
		if hs[algo] == nil {
			h, _ := newHash(algo)
			hs[algo] = h
		}
	}
	for _, h := range hs {
		ws = append(ws, h)
	}
	if _, err := io.Copy(io.MultiWriter(ws...), f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	got := map[string]string{}
	for algo, h := range hs {
		got[algo] = hex.EncodeToString(h.Sum(nil))
	}
	for algo, list := range want {
		for _, w := range list {
			if w == got[algo] {
				return got["sha256"], nil
			}
		}
	}
	// Report against the strongest algorithm announced.
	for _, algo := range strength {
		if list, ok := want[algo]; ok {
			exp := append([]string(nil), list...)
			sort.Strings(exp)
			return "", &HashMismatchError{File: path, Algorithm: algo, Expected: exp, Actual: got[algo], From: from}
		}
	}
	return "", nil // not reached: want is not empty
}

// FileSHA256 is the sha256 (hex) of the file at path.
func FileSHA256(path string) (string, error) {
	f, err := openRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// errNotRegular refuses a folder, FIFO or device where a file is expected.
var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading, without blocking on a FIFO
// (O_NONBLOCK, which regular files ignore), and refuses anything but a
// regular file.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &fs.PathError{Op: "read", Path: path, Err: errNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
