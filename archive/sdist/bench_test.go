package sdist

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	bigOnce  sync.Once
	bigData  []byte
	bigFiles map[string]string
)

// bigSdist is a source distribution of about 5 MB compressed (about 18 MB
// unpacked, 1,200 files): Python-like text made of a fixed vocabulary in a
// pseudo-random order, so it compresses about as much as real sources.
func bigSdist(b *testing.B) ([]byte, map[string]string) {
	bigOnce.Do(func() {
		words := strings.Fields("def class return import from self if else elif for in while try except with as " +
			"yield lambda None True False and or not is pass raise assert global print len range dict list str int " +
			"value result config plugin framework register entry_points metadata version name path data args kwargs")
		r := rand.New(rand.NewPCG(1, 2))
		bigFiles = map[string]string{"PKG-INFO": "Metadata-Version: 2.1\nName: big\nVersion: 1.0\n", "setup.py": "from setuptools import setup\nsetup()\n"}
		for i := range 1200 {
			var sb strings.Builder
			n := 4000 + r.IntN(24000)
			for sb.Len() < n {
				sb.WriteString(words[r.IntN(len(words))])
				if r.IntN(9) == 0 {
					fmt.Fprintf(&sb, "_%d", r.IntN(100000))
				}
				if r.IntN(12) == 0 {
					sb.WriteString("\n    ")
				} else {
					sb.WriteByte(' ')
				}
			}
			bigFiles[fmt.Sprintf("src/big/sub%02d/mod%04d.py", i%40, i)] = sb.String()
		}
		bigData = sdistOf(b, "big-1.0", bigFiles, nil)
	})
	return bigData, bigFiles
}

func benchSize(b *testing.B, data []byte, files map[string]string) {
	total := 0
	for _, f := range files {
		total += len(f)
	}
	b.SetBytes(int64(len(data)))
	b.Cleanup(func() {
		b.ReportMetric(float64(len(data))/1e6, "MB-compressed")
		b.ReportMetric(float64(total)/1e6, "MB-unpacked")
		b.ReportMetric(float64(len(files)), "files")
	})
}

// BenchmarkNew validates the ~5 MB sdist from memory (everything
// decompressed and checked once, nothing written).
func BenchmarkNew(b *testing.B) {
	data, files := bigSdist(b)
	benchSize(b, data, files)
	for b.Loop() {
		if _, err := New(bytes.NewReader(data), int64(len(data)), "big-1.0.tar.gz", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtract is what installing from an sdist costs before the
// build: Open (validation pass) and Extract (second pass, writing every
// file into a new folder) of the ~5 MB sdist read from a file.
//
// FWENV_BENCH_SEQUENTIAL=1 writes the files in one goroutine, to compare.
func BenchmarkExtract(b *testing.B) {
	if os.Getenv("FWENV_BENCH_SEQUENTIAL") != "" {
		asyncWrites = false
		defer func() { asyncWrites = true }()
	}
	data, files := bigSdist(b)
	benchSize(b, data, files)
	dir := b.TempDir()
	if d := os.Getenv("FWENV_BENCH_DIR"); d != "" {
		dir = d // to compare file systems (tmpfs, ...)
	}
	p := filepath.Join(dir, "big-1.0.tar.gz")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		s, err := Open(p, nil)
		if err != nil {
			b.Fatal(err)
		}
		i++
		dst := filepath.Join(dir, fmt.Sprint("out", i))
		if _, err := s.Extract(dst); err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.StopTimer()
		os.RemoveAll(dst)
		b.StartTimer()
	}
}
